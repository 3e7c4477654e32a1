package io.expressrefund.rules;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a candidate rule set was refused: a compile error in a file (with line and, where Drools
 * knows it, column) or a failing case of {@code rules/tests/}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One problem of a refused rule set: a compile error with file and line, or a failing case")
public record RuleProblem(
        String kind,
        String file,
        Integer line,
        Integer column,
        String message,
        String caseName,
        Object expected,
        Object actual) {

    public static RuleProblem compileError(String file, Integer line, Integer column, String message) {
        return new RuleProblem("COMPILE_ERROR", file, line, column, message, null, null, null);
    }

    public static RuleProblem failingCase(String caseName, String message, Object expected, Object actual) {
        return new RuleProblem("CASE_FAILED", "tests/" + caseName, null, null, message, caseName, expected, actual);
    }

    public static RuleProblem unreadable(String file, String message) {
        return new RuleProblem("UNREADABLE", file, null, null, message, null, null, null);
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
