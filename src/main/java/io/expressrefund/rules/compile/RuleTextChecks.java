package io.expressrefund.rules.compile;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.expressrefund.rules.diagnostics.RuleProblem;

/**
 * Refuses DRL that Drools compiles but that cannot decide a request as written:
 * <ul>
 * <li>a decimal literal without a suffix in a rule's conditions. DRL reads {@code 123.45} as a double, and Drools
 * compares a {@code BigDecimal} field with the double's exact binary value, 123.4500000000000028…: so
 * {@code RefundCase( refundAmount >= 123.45 )} is false for a refund of 123.45 yuan, and {@code == 123.45} is never
 * true. The cases pass unless one sits on the boundary, where money rules matter most. {@code 123.45B} is the exact
 * decimal; {@code 123.45d} says that a double is meant.</li>
 * <li>a rule {@code timer}, {@code duration} or {@code calendars}: a decision ends when its rules stop firing, and
 * the request's facts are gone before a timer could fire, so such a rule never fires.</li>
 * <li>a rule {@code date-effective} or {@code date-expires}: they switch the rule by the server's clock, not by the
 * request, so the cases and replays run now cannot show what the rule will do on that day. Found by hand: an
 * approval rule with {@code date-expires "01-Jan-2030"} passed every case, and would have stopped refunding then.</li>
 * <li>a {@code global}: the service sets none, so it is null in every decision.</li>
 * <li>{@code System.exit} or {@code Runtime.getRuntime()} anywhere: a consequence that a case reaches would end the
 * service's process while it checks the rules, and, with the file still in the rules folder, at every start after.</li>
 * <li>{@code addEventListener} or {@code removeEventListener} on the rules' own session: the service keeps a session
 * for request after request, so one request's rule would change how every later request in that session is decided
 * (or, taking the service's own listener off, leave them all unexplained).</li>
 * <li>{@code drools.halt()}: the other rules never fire, so the request's other unmet conditions go unreported and
 * the merchant's strategy is never weighed. Found by hand: a condition that halted after its reason sent to review
 * requests the strategy would have refunded.</li>
 * <li>{@code getKieBase} anywhere: the KIE base is the rule set in service, shared by every session, and a rule that
 * changes it ({@code removeRule}, {@code addPackages}…) changes how every later request is decided. Found by hand: a
 * consequence calling {@code drools.getKieRuntime().getKieBase().removeRule(…)} left every later request with no
 * rule firing, until the rules changed.</li>
 * <li>a pattern {@code from entry-point "x"} when no consequence inserts into an entry point
 * ({@code getEntryPoint}): the service inserts every fact into the default one, so the pattern never matches.</li>
 * <li>a fact's enum or collection field compared with text ({@link TextComparison}): never equal.</li>
 * <li>the clock, a random draw or the machine's time zone anywhere ({@link RunDependentCalls}): a decision would
 * depend on when or where it runs instead of on its facts.</li>
 * <li>a rule in an {@code agenda-group} (or {@code ruleflow-group}, the same in Drools) that nothing gives the focus:
 * a decision fires the MAIN group, and a group's rules fire only while it has the focus, which a rule of the group
 * with {@code auto-focus true} or a consequence's {@code setFocus} gives it. Such a rule would never fire.</li>
 * </ul>
 *
 * <p>A small scanner rather than Drools' parser: strings and comments are skipped; literals are looked for only
 * between a rule's {@code when} and {@code then} (consequences and functions are Java, typed by their author), rule
 * attributes only before its {@code when}, and globals only at the top level, each as the first word of its line.
 */
final class RuleTextChecks {
    private static final Logger LOG = Logger.getLogger(RuleTextChecks.class);

    private RuleTextChecks() {
    }

    /** A problem for each place in the files' text that cannot decide a request as written. */
    static List<RuleProblem> check(Map<String, String> drlFiles) {
        List<RuleProblem> problems = new ArrayList<>();
        UnreachedRules unreached = new UnreachedRules();
        drlFiles.forEach((file, text) -> {
            List<RuleProblem> ofFile = new ArrayList<>();
            UnreachedRules ofFileUnreached = new UnreachedRules();
            try {
                new RuleTextScan(file, text, ofFile, ofFileUnreached).run();
                problems.addAll(ofFile);
                unreached.add(ofFileUnreached);
            } catch (RuntimeException e) {
                // These checks add to the compiler's; a fault of theirs must not refuse text the compiler accepted.
                LOG.warnf(e, "The checks of DRL text failed on %s; it is left to the compiler and the cases", file);
            }
        });
        problems.addAll(unreached.neverFiring());
        return problems;
    }

    /** The problems of one file, as a rule set of its own; throws only on a fault of the checks themselves. */
    static List<RuleProblem> checkFile(String file, String text) {
        List<RuleProblem> problems = new ArrayList<>();
        UnreachedRules unreached = new UnreachedRules();
        new RuleTextScan(file, text, problems, unreached).run();
        problems.addAll(unreached.neverFiring());
        return problems;
    }

    /** What a decimal literal in a condition is compared as, and what to write instead. */
    static String decimalMessage(String literal) {
        String digits = literal.replace("_", "");
        double asDouble = Double.parseDouble(digits);
        String fix = "write " + literal + "B for the exact decimal, or " + literal + "d if a double is meant";
        String outOfRange = literal + " in a condition is a double, and out of a double's range; " + fix;
        BigDecimal exact;
        try {
            exact = new BigDecimal(digits);
        } catch (NumberFormatException e) {
            return outOfRange;
        }
        if (Double.isInfinite(asDouble) || asDouble == 0 && exact.signum() != 0) {
            return outOfRange;
        }
        BigDecimal binary = new BigDecimal(asDouble);
        if (binary.compareTo(exact) == 0) {
            return literal + " in a condition is a double: this one is exact in binary, but most decimals are not "
                    + "(0.1 is 0.1000000000000000055… as a double), and a BigDecimal amount is compared with the "
                    + "double's binary value; " + fix;
        }
        String amount = exact.toPlainString();
        String wrong = binary.compareTo(exact) > 0
                ? "== " + literal + " and >= " + literal + " are false for an amount of exactly " + amount
                : "== " + literal + " and <= " + literal + " are false, and > " + literal + " true, for an amount of exactly "
                        + amount;
        return literal + " in a condition is a double, " + binary.round(new MathContext(20)).toPlainString()
                + "… in binary, and a BigDecimal amount is compared with that: " + wrong + "; " + fix;
    }
}
