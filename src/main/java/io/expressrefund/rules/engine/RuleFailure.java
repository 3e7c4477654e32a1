package io.expressrefund.rules.engine;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.ConsequenceException;

import io.expressrefund.rules.diagnostics.ComparisonHints;
import io.expressrefund.rules.diagnostics.RuleLocator;
import io.expressrefund.rules.diagnostics.ThrowableText;

/**
 * Why the rules could not decide one request: the rule that failed (with its DRL file, line and, for a
 * constraint, column, where known) and what went wrong. The request is then reviewed by the merchant.
 *
 * @param rule the rule as {@code package/name} (or the DRL function that failed, {@code package/name()}), or null
 *             when the engine did not say which
 * @param cause what went wrong, for operators and rule authors (logs, refused cases), never for merchants
 */
public record RuleFailure(Kind kind, String rule, String file, Integer line, Integer column, String cause) {
    public static final String REASON_CODE = "RULE_FAILURE";

    /** How the rules failed. */
    public enum Kind {
        /** A consequence or a constraint threw. */
        THREW,
        /** The rules fired more often than a decision may. */
        LOOPED,
        /** The decision took longer than its limit and was halted. */
        TIMED_OUT,
        /** The rules approved on more than one path, and do not say which one wins. */
        APPROVED_TWICE,
        /** The rules ended with no approval and no reason: a manual review nobody could explain. */
        CONCLUDED_NOTHING
    }

    private static final Pattern RULE_IN_MESSAGE = Pattern.compile("Rule \"(.+?)\" in ([^\\]\\s]+)");
    private static final Pattern CONSTRAINT_IN_MESSAGE = Pattern.compile("Error evaluating constraint '(.+?)' in");
    private static final String LEFT_TO_REVIEW = "; the request is left to the merchant to review.";
    /** The method Drools compiles a rule's consequence into (drools-mvel's Java dialect). */
    private static final String CONSEQUENCE_METHOD = "defaultConsequence";

    /**
     * @param firing the rule that was firing when it was thrown ({@code package/name}), if any: the rule an error is
     *               blamed on when neither Drools' wrapping nor the messages name one (Drools wraps what a consequence
     *               throws, but not an {@link Error} such as a stack overflow, whose trace has lost the rule's frame)
     */
    static RuleFailure threw(Throwable error, String firing, RuleLocator locator) {
        String cause = ThrowableText.of(rootOf(error));
        cause += ComparisonHints.of(cause);
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConsequenceException consequence && consequence.getMatch() != null) {
                Rule rule = consequence.getMatch().getRule();
                return at(Kind.THREW, locator.rule(rule.getPackageName(), rule.getName()), cause);
            }
        }
        String ruleName = null;
        String file = null;
        String expression = null;
        int offset = 0;
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            Matcher rule = RULE_IN_MESSAGE.matcher(message);
            if (ruleName == null && rule.find()) {
                ruleName = rule.group(1);
                file = rule.group(2);
            }
            Matcher constraint = CONSTRAINT_IN_MESSAGE.matcher(message);
            if (expression == null && constraint.find()) {
                expression = constraint.group(1);
            }
            if (t instanceof org.mvel2.CompileException mvel && mvel.getExpr() != null) {
                expression = new String(mvel.getExpr());
                offset = Math.max(0, mvel.getCursor());
            }
        }
        RuleLocator.Location where = locator.expression(expression, ruleName, file, offset);
        if (where == null && ruleName != null) {
            where = locator.rule("", ruleName);
        }
        if (where == null) {
            where = placeInFrames(error, locator);
        }
        if (where == null && firing != null && error instanceof Error && inConsequence(error)) {
            where = locator.rule(firing);
        }
        return where == null ? unplaced(Kind.THREW, cause) : at(Kind.THREW, where, cause);
    }

    /**
     * Where the frame nearest the top that runs DRL code is written: a DRL function (a function that recurses without
     * end is all a stack overflow's trace still holds), or a rule's class (its consequence or an {@code eval}); null
     * when no frame runs DRL code. A condition is never blamed on the rule that fired before it.
     */
    private static RuleLocator.Location placeInFrames(Throwable error, RuleLocator locator) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            RuleLocator.Location place = placeIn(t.getStackTrace(), locator);
            if (place != null) {
                return place;
            }
        }
        return null;
    }

    /** The DRL function or rule's class of the frame nearest the top that runs DRL code; null when none does. */
    static RuleLocator.Location placeIn(StackTraceElement[] frames, RuleLocator locator) {
        for (StackTraceElement frame : frames) {
            RuleLocator.Location place = locator.function(frame);
            if (place == null) {
                place = locator.ruleOfGeneratedClass(frame);
            }
            if (place != null) {
                return place;
            }
        }
        return null;
    }

    /** Whether the error's trace passes through a rule's consequence (Drools does not wrap errors, only exceptions). */
    private static boolean inConsequence(Throwable error) {
        for (StackTraceElement frame : error.getStackTrace()) {
            if (CONSEQUENCE_METHOD.equals(frame.getMethodName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a stuck thread's frames show it in the consequence of the rule firing: under its top frames (the JDK's,
     * a regular expression, say) only DRL functions, called by the consequence. Engine frames between them mean a
     * condition evaluated while the consequence inserted a fact: the rule firing is not to blame.
     */
    static boolean stuckInConsequence(StackTraceElement[] frames, RuleLocator locator) {
        boolean inFunction = false;
        for (StackTraceElement frame : frames) {
            if (CONSEQUENCE_METHOD.equals(frame.getMethodName())) {
                return true;
            }
            boolean function = locator.function(frame) != null;
            if (inFunction && !function) {
                return false;
            }
            inFunction = function;
        }
        return false;
    }

    /** A rule that got stuck in an earlier decision of this rule set, not fired again in it, for the reason {@code why}. */
    static RuleFailure heldBack(Rule rule, String why, RuleLocator locator) {
        return at(Kind.TIMED_OUT, locator.rule(rule.getPackageName(), rule.getName()), why
                + " and is not fired again until the rules change");
    }

    /** A rule, or a function a condition calls, disposed of the session the decision ran in. */
    static RuleFailure sessionEnded(Rule rule, RuleLocator locator) {
        String cause = "the session was disposed of while deciding (drools.getKieRuntime() disposed or destroyed): "
                + "nothing decided in it can be trusted";
        return afterRule(rule, locator, cause);
    }

    /** A rule, or a function a condition calls, interrupted the thread deciding. */
    static RuleFailure interruptedThread(Rule rule, RuleLocator locator) {
        String cause = "the deciding thread was interrupted (Thread.interrupt()): it goes on to record the decision, "
                + "and an interrupted thread breaks what it writes to; a rule never interrupts a thread";
        return afterRule(rule, locator, cause);
    }

    /** A rule inserted a conclusion it may not give: a reason with no path, code or readable message. */
    static RuleFailure badConclusion(Rule rule, String problem, RuleLocator locator) {
        return afterRule(rule, locator, problem);
    }

    /** A failure found after {@code rule} fired, placed at it; unplaced when no rule had fired (a condition did it). */
    private static RuleFailure afterRule(Rule rule, RuleLocator locator, String cause) {
        return rule == null ? unplaced(Kind.THREW, cause)
                : at(Kind.THREW, locator.rule(rule.getPackageName(), rule.getName()), cause);
    }

    /**
     * The rules stopped with neither an approval nor an {@code Unmet}: a rule deleted the request before they
     * concluded, or no rule covers the request. A manual review must say why.
     */
    static RuleFailure concludedNothing(List<String> fired) {
        return unplaced(Kind.CONCLUDED_NOTHING, "the rules concluded nothing: no approval "
                + "and no reason (rules fired: " + (fired.isEmpty() ? "none" : String.join(", ", fired)) + "); a rule "
                + "that deletes the request before they conclude, or a request no rule covers, ends so");
    }

    static RuleFailure looped(String rule, int firings, RuleLocator locator) {
        String cause = "the rules fired " + firings + " times for one request: a rule loops";
        if (rule == null) {
            return unplaced(Kind.LOOPED, cause);
        }
        return at(Kind.LOOPED, locator.rule(rule), cause + " (this rule kept firing)");
    }

    static RuleFailure approvedTwice(java.util.Set<io.expressrefund.rules.facts.DecisionPath> paths) {
        return unplaced(Kind.APPROVED_TWICE, "the rules approved on " + paths.size()
                + " paths " + paths + ": which one wins must be written in the rules (for example, the rule of the"
                + " path that yields requires not Approval( path == … ))");
    }

    static RuleFailure timedOut(String rule, java.time.Duration limit, RuleLocator locator) {
        String cause = "the decision did not finish within " + limit.toMillis() + " ms and was halted";
        if (rule == null) {
            return unplaced(Kind.TIMED_OUT, cause);
        }
        return at(Kind.TIMED_OUT, locator.rule(rule), cause + " while this rule was firing");
    }

    /**
     * A decision that ignored halt and interrupt for twice its limit, whose thread the watchdog stopped.
     *
     * @param where where the thread was stuck (see {@link #placeIn}), or null when no DRL code was on its stack
     */
    /** A decision halted at its limit in DRL a condition runs (a function it calls, an {@code eval}), not a consequence. */
    static RuleFailure timedOutIn(RuleLocator.Location where, java.time.Duration limit) {
        return at(Kind.TIMED_OUT, where, "the decision did not finish within " + limit.toMillis()
                + " ms and was halted here, while a condition was evaluated");
    }

    static RuleFailure stuck(RuleLocator.Location where, java.time.Duration limit) {
        String cause = "the decision ignored halt and interrupt for twice its " + limit.toMillis() + " ms limit (a "
                + "consequence or condition that never returns, such as a busy loop) and its thread was stopped";
        return where == null ? unplaced(Kind.TIMED_OUT, cause) : at(Kind.TIMED_OUT, where, cause + " here");
    }

    /** A failure the engine did not say where it happened. */
    private static RuleFailure unplaced(Kind kind, String cause) {
        return new RuleFailure(kind, null, null, null, null, cause);
    }

    private static RuleFailure at(Kind kind, RuleLocator.Location where, String cause) {
        return new RuleFailure(kind, where.rule(), where.file(), where.line(), where.column(), cause);
    }

    /** Where the failure is, as {@code file:line:column}, or null when unknown. */
    public String location() {
        return file == null ? null : new RuleLocator.Location(rule, file, line, column).describe();
    }

    /** What failed, as a sentence names it: {@code rule "package/name"}, {@code function "package/name()"} or a rule. */
    public String subject() {
        if (rule == null) {
            return kind == Kind.APPROVED_TWICE || kind == Kind.CONCLUDED_NOTHING ? "the rules" : "a rule";
        }
        return (rule.endsWith("()") ? "function \"" : "rule \"") + rule + "\"";
    }

    /** What a merchant and the caller read: which rule failed and where, not the technical cause. */
    public String message() {
        String which = rule == null ? "A rule" : "The " + subject() + (file == null ? "" : " (" + location() + ")");
        return switch (kind) {
            case THREW -> which + " failed while deciding" + LEFT_TO_REVIEW;
            case LOOPED -> which + " kept firing without end" + LEFT_TO_REVIEW;
            case TIMED_OUT -> which + " did not finish in time" + LEFT_TO_REVIEW;
            case APPROVED_TWICE -> "The rules approved the refund on more than one path and do not say which one wins"
                    + LEFT_TO_REVIEW;
            case CONCLUDED_NOTHING -> "The rules neither approved the refund nor gave a reason" + LEFT_TO_REVIEW;
        };
    }

    private static Throwable rootOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
