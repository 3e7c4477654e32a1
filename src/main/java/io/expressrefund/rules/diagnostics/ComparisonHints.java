package io.expressrefund.rules.diagnostics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to write where a rule compares values of different types: a field with a value of another type in a
 * constraint ({@code paidAt < "2023-09-13"}, {@code timeSincePayment > 6}), refused by MVEL when compiling or when
 * deciding, and an amount, moment or duration compared with an operator in Java ({@code eval( $c.paidAmount() > 300 )}).
 * Found by hand: each was refused in the compiler's words only.
 */
public final class ComparisonHints {
    private static final Pattern COMPARED_AT_COMPILE = Pattern.compile(
            "Comparison operation requires compatible types\\. Found class ([\\w.$]+) and class ([\\w.$]+)");
    private static final Pattern COMPARED_AT_RUN = Pattern.compile(
            "incompatible types in statement: class ([\\w.$]+) \\(compared from: class ([\\w.$]+)\\)");
    private static final Pattern OPERATOR_ON_OBJECTS = Pattern.compile(
            "The operator (\\S+) is undefined for the argument type\\(s\\) (BigDecimal|Instant|Duration|OffsetDateTime)\\b");

    private ComparisonHints() {
    }

    /** The hint for a compiler's or a failed decision's message about such a comparison, or "". */
    public static String of(String message) {
        Matcher compiled = COMPARED_AT_COMPILE.matcher(message);
        if (compiled.find()) {
            return valueToWrite(compiled.group(1), compiled.group(2));
        }
        Matcher ran = COMPARED_AT_RUN.matcher(message);
        if (ran.find()) {
            return valueToWrite(ran.group(2), ran.group(1));
        }
        Matcher operator = OPERATOR_ON_OBJECTS.matcher(message);
        if (operator.find()) {
            String type = operator.group(2);
            String example = type.equals("BigDecimal") ? "RefundCase( paidAmount > 300B )"
                    : type.equals("Duration") ? "RefundCase( timeSincePayment > oldRuleRequestWindow() )"
                    : "RefundCase( paidAt < upgradeEffectiveFrom() )";
            return ": in Java (an eval or a consequence) " + withArticle(type) + " is compared with compareTo, not "
                    + operator.group(1) + "; or write it as a constraint, where " + operator.group(1) + " compares them: "
                    + example;
        }
        return "";
    }

    private static String valueToWrite(String field, String value) {
        String example = switch (field) {
            case "java.time.Instant" -> "Moments.instant(\"2023-09-13T00:00+08:00\") (a moment with its offset; import "
                    + "io.expressrefund.rules.facts.Moments), or a function of policy.drl such as upgradeEffectiveFrom()";
            case "java.time.Duration" -> "Duration.ofHours(6) (import java.time.Duration)";
            case "java.math.BigDecimal" -> "300.00B";
            default -> "a value of that type";
        };
        return ": the field is " + withArticle(field) + " and the value " + withArticle(value) + "; write " + example;
    }

    private static String withArticle(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return ("AEIOU".indexOf(simple.charAt(0)) >= 0 ? "an " : "a ") + simple;
    }
}
