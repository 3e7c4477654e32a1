package io.expressrefund.rules.compile;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
 * <li>a {@code global}: the service sets none, so it is null in every decision.</li>
 * <li>{@code System.exit} or {@code Runtime.getRuntime()} anywhere: a consequence that a case reaches would end the
 * service's process while it checks the rules, and, with the file still in the rules folder, at every start after.</li>
 * <li>{@code addEventListener} or {@code removeEventListener} on the rules' own session: the service keeps a session
 * for request after request, so one request's rule would change how every later request in that session is decided
 * (or, taking the service's own listener off, leave them all unexplained).</li>
 * <li>{@code getKieBase} anywhere: the KIE base is the rule set in service, shared by every session, and a rule that
 * changes it ({@code removeRule}, {@code addPackages}…) changes how every later request is decided. Found by hand: a
 * consequence calling {@code drools.getKieRuntime().getKieBase().removeRule(…)} left every later request with no
 * rule firing, until the rules changed.</li>
 * <li>a pattern {@code from entry-point "x"} when no consequence inserts into an entry point
 * ({@code getEntryPoint}): the service inserts every fact into the default one, so the pattern never matches.</li>
 * <li>a fact's enum or collection field compared with text ({@link TextComparison}): never equal.</li>
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
    /** {@code global java.util.List seen;}: a type and a name (a declared field named global has a colon). */
    private static final Pattern GLOBAL = Pattern.compile("global\\s+[\\w.$]+(?:<[^>]*>)?(?:\\[])*\\s+[\\w$]+\\s*(?:;|$|//)",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Logger LOG = Logger.getLogger(RuleTextChecks.class);
    private static final Set<String> DEFERRING_ATTRIBUTES = Set.of("timer", "duration", "calendars");

    private RuleTextChecks() {
    }

    /** A problem for each place in the files' text that cannot decide a request as written. */
    static List<RuleProblem> check(Map<String, String> drlFiles) {
        List<RuleProblem> problems = new ArrayList<>();
        Unreached unreached = new Unreached();
        drlFiles.forEach((file, text) -> {
            List<RuleProblem> ofFile = new ArrayList<>();
            Unreached ofFileUnreached = new Unreached();
            try {
                new Scan(file, text, ofFile, ofFileUnreached).run();
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
        Unreached unreached = new Unreached();
        new Scan(file, text, problems, unreached).run();
        problems.addAll(unreached.neverFiring());
        return problems;
    }

    /**
     * What could leave a rule unreached, over a whole rule set: the rules in an agenda group and what gives groups the
     * focus, the patterns on an entry point and whether a consequence inserts into one.
     */
    private static final class Unreached {
        private record GroupedRule(String file, int line, int column, String attribute, String group, boolean autoFocus) {
        }

        private final List<GroupedRule> rules = new ArrayList<>();
        private final List<RuleProblem> entryPoints = new ArrayList<>();
        private boolean focusSet;
        private boolean entryPointFed;

        void add(Unreached other) {
            rules.addAll(other.rules);
            entryPoints.addAll(other.entryPoints);
            focusSet |= other.focusSet;
            entryPointFed |= other.entryPointFed;
        }

        /** The rules that would never fire: in a group nothing focuses, or matching an entry point nothing feeds. */
        List<RuleProblem> neverFiring() {
            List<RuleProblem> problems = new ArrayList<>(unfocused());
            if (!entryPointFed) {
                problems.addAll(entryPoints);
            }
            return problems;
        }

        private List<RuleProblem> unfocused() {
            if (focusSet) {
                return List.of(); // which group a consequence focuses is up to its code: the cases tell
            }
            Set<String> autoFocused = new java.util.HashSet<>();
            rules.stream().filter(GroupedRule::autoFocus).forEach(rule -> autoFocused.add(rule.group()));
            List<RuleProblem> problems = new ArrayList<>();
            for (GroupedRule rule : rules) {
                if (!rule.group().equals("MAIN") && !autoFocused.contains(rule.group())) {
                    problems.add(RuleProblem.compileError(rule.file(), rule.line(), rule.column(), rule.attribute()
                            + " \"" + rule.group() + "\" holds this rule back until its group has the focus, and "
                            + "nothing gives it: a decision fires the MAIN group, so this rule would never fire; add "
                            + "auto-focus true to a rule of the group, give the group the focus from a consequence "
                            + "(drools.setFocus), or leave the rule in no group"));
                }
            }
            return problems;
        }
    }

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

    private enum Part { OUTSIDE, HEADER, CONDITIONS, CONSEQUENCE }

    private static final class Scan {
        private final String file;
        private final String text;
        private final List<RuleProblem> problems;
        private final Unreached unreached;
        private Part part = Part.OUTSIDE;
        /** The group attribute of the rule whose header is being read, if any, and where it is written. */
        private String groupAttribute;
        private String group;
        private int groupLine;
        private int groupColumn;
        private boolean autoFocus;
        private int at;
        private int line = 1;
        private int linesCountedTo;

        Scan(String file, String text, List<RuleProblem> problems, Unreached unreached) {
            this.file = file;
            this.text = text;
            this.problems = problems;
            this.unreached = unreached;
        }

        void run() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '/' && next(1) == '/') {
                    skipPast("\n");
                } else if (c == '/' && next(1) == '*') {
                    at += 2;
                    skipPast("*/");
                } else if (c == '"' || c == '\'') {
                    skipString(c);
                } else if (Character.isJavaIdentifierStart(c)) {
                    word();
                } else if (Character.isDigit(c) || c == '.' && Character.isDigit(next(1))) {
                    number();
                } else {
                    at++;
                }
            }
        }

        private void word() {
            int start = at;
            while (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
                at++;
            }
            String word = text.substring(start, at);
            if (word.equals("setFocus")) {
                unreached.focusSet = true;
            } else if (word.equals("getEntryPoint")) {
                unreached.entryPointFed = true;
            } else if (word.equals("entry") && part == Part.CONDITIONS && text.startsWith("-point", at)) {
                entryPoint(start);
            }
            if (part == Part.CONDITIONS) {
                String comparison = TextComparison.problem(text, word, start, at);
                if (comparison != null) {
                    problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), comparison));
                }
            }
            if (start > 0 && text.charAt(start - 1) == '.') {
                member(word, start);
                return; // a member, as in x.timer or drools.halt: none of the words below
            }
            if (part == Part.HEADER && DEFERRING_ATTRIBUTES.contains(word) && firstOnItsLine(start)) {
                problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), "a rule's " + word
                        + " defers it past the decision: a request is decided when its rules stop firing, and "
                        + "its facts are gone before the " + word + " could fire, so this rule would never fire; "
                        + "decide on the request's own times instead (requestedAt, paidAt)"));
            } else if (part == Part.OUTSIDE && word.equals("global") && firstOnItsLine(start)
                    && GLOBAL.matcher(restOfLine(start)).lookingAt()) {
                problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), "a global is null "
                        + "in every decision: the service sets none; give the value by a function or a fact"));
            }
            if (part == Part.HEADER) {
                groupAttribute(word, start);
            }
            if (part == Part.HEADER && (word.equals("when") || word.equals("then")) && group != null) {
                unreached.rules.add(new Unreached.GroupedRule(file, groupLine, groupColumn, groupAttribute, group,
                        autoFocus));
            }
            if (word.equals("rule") && part == Part.OUTSIDE) {
                group = null;
                autoFocus = false;
            }
            part = switch (word) {
                case "rule" -> part == Part.OUTSIDE && namedNext() ? Part.HEADER : part;
                case "when" -> part == Part.HEADER ? Part.CONDITIONS : part;
                case "then" -> part == Part.CONDITIONS || part == Part.HEADER ? Part.CONSEQUENCE : part;
                case "end" -> part == Part.CONSEQUENCE ? Part.OUTSIDE : part;
                default -> part;
            };
        }

        /** Refuses a call that reaches past the decision: to the process, the session's listeners or the KIE base. */
        private void member(String word, int start) {
            if (word.equals("exit") && memberOf(start, "System") || word.equals("getRuntime") && memberOf(start, "Runtime")) {
                int typeAt = start - 1 - (word.equals("exit") ? "System" : "Runtime").length();
                problems.add(RuleProblem.compileError(file, lineOf(typeAt), columnOf(typeAt), text.substring(typeAt, start)
                        + word + " would end the service's process: a case that reaches it ends the service while "
                        + "it checks the rules, and, with this file in the rules folder, every start after; a rule "
                        + "decides one request and never touches the process"));
            } else if (word.equals("addEventListener") || word.equals("removeEventListener")) {
                problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), word + " changes the "
                        + "session for every request decided in it after this one (the service keeps sessions "
                        + "from request to request): a rule may not add or remove a session's listeners"));
            } else if (word.equals("getKieBase")) {
                problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), "getKieBase reaches the "
                        + "rule set in service, which every session shares: a rule that changes it (removeRule, "
                        + "addPackages…) changes how every later request is decided; a rule decides one request"));
            }
        }

        /** Whether the word at {@code start} follows {@code type.} ({@code System.exit}, {@code java.lang.System.exit}). */
        private boolean memberOf(int start, String type) {
            int typeAt = start - 1 - type.length();
            return typeAt >= 0 && text.startsWith(type, typeAt)
                    && (typeAt == 0 || !Character.isJavaIdentifierPart(text.charAt(typeAt - 1)));
        }

        /** Notes {@code entry-point "x"} (or {@code entry-point x}) in a rule's conditions. */
        private void entryPoint(int start) {
            String entryPoint = nameAfter(at + "-point".length(), true);
            if (entryPoint != null && !entryPoint.equals("DEFAULT")) {
                unreached.entryPoints.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), "entry-point \""
                        + entryPoint + "\" holds no fact: the service inserts every fact into the default entry point, "
                        + "and no consequence inserts into another (drools.getEntryPoint), so this pattern never "
                        + "matches and its rule never fires; leave out the from entry-point"));
            }
        }

        /** Reads {@code agenda-group "g"}, {@code ruleflow-group "g"} and {@code auto-focus [true|false]}. */
        private void groupAttribute(String word, int start) {
            if ((word.equals("agenda") || word.equals("ruleflow")) && text.startsWith("-group", at)) {
                String name = nameAfter(at + "-group".length(), false);
                if (name != null) {
                    groupAttribute = word + "-group";
                    group = name;
                    groupLine = lineOf(start);
                    groupColumn = columnOf(start);
                }
            } else if (word.equals("auto") && text.startsWith("-focus", at)) {
                autoFocus = !restOfLine(at + "-focus".length()).strip().startsWith("false");
            }
        }

        /** The name written after {@code index}, past blanks: quoted, or an identifier where {@code bare}; else null. */
        private String nameAfter(int index, boolean bare) {
            int name = index;
            while (name < text.length() && (text.charAt(name) == ' ' || text.charAt(name) == '\t')) {
                name++;
            }
            char mark = name < text.length() ? text.charAt(name) : ' ';
            if (mark == '"' || mark == '\'') {
                int close = text.indexOf(mark, name + 1);
                return close < 0 ? null : text.substring(name + 1, close);
            }
            int end = name;
            while (bare && end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                end++;
            }
            return end == name ? null : text.substring(name, end);
        }

        private void number() {
            int start = at;
            boolean point = false;
            boolean exponent = false;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (Character.isDigit(c) || c == '_' && at > start) {
                    at++;
                } else if (c == '.' && !point && !exponent && Character.isDigit(next(1))) {
                    point = true;
                    at++;
                } else if ((c == 'e' || c == 'E') && !exponent && at > start && (Character.isDigit(next(1))
                        || (next(1) == '+' || next(1) == '-') && Character.isDigit(next(2)))) {
                    exponent = true;
                    at += 2;
                } else {
                    break;
                }
            }
            char suffix = at < text.length() ? text.charAt(at) : ' ';
            boolean typed = "BbDdFf".indexOf(suffix) >= 0;
            if (typed || Character.isJavaIdentifierPart(suffix)) {
                at++;
                return;
            }
            boolean decimal = point || exponent;
            if (decimal && part == Part.CONDITIONS) {
                problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start),
                        decimalMessage(text.substring(start, at))));
            }
        }

        private void skipString(char quote) {
            at++;
            while (at < text.length() && text.charAt(at) != quote && text.charAt(at) != '\n') {
                at += text.charAt(at) == '\\' ? 2 : 1;
            }
            at++;
        }

        private void skipPast(String end) {
            int found = text.indexOf(end, at);
            at = found < 0 ? text.length() : found + end.length();
        }

        /** Whether a name follows ({@code rule "x"}, {@code rule x}), not a Java variable named rule. */
        private boolean namedNext() {
            int i = at;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i > at && i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\''
                    || Character.isJavaIdentifierStart(text.charAt(i)));
        }

        private String restOfLine(int index) {
            int end = text.indexOf('\n', index);
            return text.substring(index, end < 0 ? text.length() : end).stripTrailing();
        }

        private boolean firstOnItsLine(int index) {
            for (int i = index - 1; i >= 0 && text.charAt(i) != '\n'; i--) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private char next(int ahead) {
            return at + ahead < text.length() ? text.charAt(at + ahead) : ' ';
        }

        /** The line of {@code index}; problems are found in the order of the text, so lines are counted once. */
        private int lineOf(int index) {
            for (; linesCountedTo < index; linesCountedTo++) {
                if (text.charAt(linesCountedTo) == '\n') {
                    line++;
                }
            }
            return line;
        }

        private int columnOf(int index) {
            return index - text.lastIndexOf('\n', index - 1);
        }
    }
}
