package io.expressrefund.rules.diagnostics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.expressrefund.problem.ShownText;

/**
 * One reason a candidate rule set was refused: a compile error in a file (with line and, where Drools
 * knows it, column) or a failing case of {@code rules/tests/}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One problem of a refused rule set: a compile error with file and line, or a failing case")
public record RuleProblem(
        // A string, not an enumeration: a kind added later must not break clients generated from this document.
        @Schema(description = "What went wrong, one of COMPILE_ERROR, RULE_FAILED, RULE_LOOPED, CASE_TIMED_OUT, "
                + "RULES_APPROVED_TWICE, RULES_CONCLUDED_NOTHING, CASE_FAILED, NO_CASES, RULE_UNTESTED, UNREADABLE, or as a warning FILE_NOT_READ or FIELD_NOT_POSTABLE "
                + "(rules/README.md, \"What the service does with a bad file\"); more may be added, so treat an unknown one as a refusal",
                example = "COMPILE_ERROR") String kind,
        String file,
        Integer line,
        Integer column,
        String message,
        String caseName,
        Object expected,
        Object actual) {

    /** Names and messages may quote the rules' text (a name with a NUL in it): they keep it as {@link ShownText} shows it. */
    public RuleProblem {
        file = ShownText.of(file, Integer.MAX_VALUE); // a name is one line, whatever the folder holds
        message = ShownText.lines(message);
        caseName = ShownText.lines(caseName);
    }

    public static RuleProblem compileError(String file, Integer line, Integer column, String message) {
        return new RuleProblem("COMPILE_ERROR", file, line, column, message, null, null, null);
    }

    public static RuleProblem failingCase(String caseName, String message, Object expected, Object actual) {
        return new RuleProblem("CASE_FAILED", "tests/" + caseName, null, null, message, caseName, expected, actual);
    }

    /** A case whose JSON cannot be read, at the place in its file where reading stopped, where known. */
    public static RuleProblem unreadableCase(String caseName, Integer line, Integer column, String message) {
        return new RuleProblem("CASE_FAILED", "tests/" + caseName, line, column, message, caseName, null, null);
    }

    /** A case that did not finish before the build's deadline, naming the rule that was firing where known. */
    public static RuleProblem caseTimedOut(String caseName, String rule, RuleLocator.Location where, java.time.Duration limit) {
        String message = "case " + caseName + " did not finish within the build's " + limit.toMillis() + " ms"
                + (rule == null ? "" : " (rule \"" + rule + "\" was firing)");
        if (where == null || where.file() == null) {
            return new RuleProblem("CASE_TIMED_OUT", "tests/" + caseName, null, null, message, caseName, null, null);
        }
        return new RuleProblem("CASE_TIMED_OUT", where.file(), where.line(), where.column(), message, caseName, null, null);
    }

    public static RuleProblem noCases() {
        return new RuleProblem("NO_CASES", "tests/", null, null,
                "no case under tests/: add at least one (refund.rules.require-cases=false turns this check off, unsafely)",
                null, null, null);
    }

    /** A rule that no case fires, where a case must fire every rule ({@code refund.rules.require-case-per-rule}). */
    public static RuleProblem noCaseFires(RuleLocator.Location rule) {
        return untested(rule, "add a case under tests/ that reaches it (a case must fire every rule: "
                + "refund.rules.require-case-per-rule, check-rules --require-case-per-rule)");
    }

    /** The same as a warning beside a rule set that was activated or found valid all the same. */
    public static RuleProblem noCaseFiresWarning(RuleLocator.Location rule) {
        return untested(rule, "nothing but compiling checked it; add a case under tests/ that reaches it");
    }

    private static RuleProblem untested(RuleLocator.Location rule, String advice) {
        return new RuleProblem("RULE_UNTESTED", rule.file(), rule.line(), rule.column(),
                "no case fires the rule \"" + rule.rule() + "\": " + advice, null, null, null);
    }

    public static RuleProblem unreadable(String file, String message) {
        return unreadable(file, null, null, message);
    }

    public static RuleProblem unreadable(String file, Integer line, Integer column, String message) {
        return new RuleProblem("UNREADABLE", file, line, column, message, null, null, null);
    }

    /** A declared field of a type no request can post (see the fact catalogue's {@code unpostableFields}): a warning. */
    public static RuleProblem unpostableField(String file, Integer line, Integer column, String type, String field, String javaType) {
        String simple = javaType.substring(javaType.lastIndexOf('.') + 1);
        String instead = switch (simple) {
            case "double", "Double", "float", "Float" -> "BigDecimal (exact, as amounts are)";
            case "LocalDate", "LocalDateTime", "Date" -> "Instant or OffsetDateTime (a moment with its offset)";
            default -> "String, Boolean, Integer, Long, BigDecimal, Instant, OffsetDateTime or List<String>";
        };
        return new RuleProblem("FIELD_NOT_POSTABLE", file, line, column, "the field " + field + " of " + type + " is a "
                + simple + ", which no request can post (one that does is refused): declare it " + instead
                + ", unless only rules set it", null, null, null);
    }

    /** A file that looks meant as a rule file or a case but is not read: a warning, the rules are built without it. */
    public static RuleProblem notRead(String file, String message) {
        return new RuleProblem("FILE_NOT_READ", file, null, null, message, null, null, null);
    }

    /** One line for logs and start-up failures: {@code file:line:column: message}. */
    public String describe() {
        StringBuilder where = new StringBuilder(file == null ? "(rules)" : file);
        if (line != null && line > 0) {
            where.append(':').append(line);
            if (column != null && column > 0) {
                where.append(':').append(column);
            }
        }
        return where + ": " + message;
    }
}
