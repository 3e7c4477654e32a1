package io.expressrefund.rules.compile;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A condition that compares a fact's enum or collection field with text, {@code RefundCase( shippingStatus !=
 * "UNSHIPPED" )}, {@code RefundCase( serviceTags == "EXPRESS_REFUND" )}. Drools compiles it, and the field is never
 * equal to the text: found by hand, the first held for every request, so every request was "already shipped". The
 * cases caught it; a new rule's might not.
 */
final class TextComparison {
    /** The enum and collection fields of each fact class, by the class's simple name, then the field's name. */
    private static final Map<String, Map<String, Class<?>>> NEVER_TEXT = fieldsNeverText();

    private TextComparison() {
    }

    /**
     * Why the field {@code word}, read from {@code start} to {@code end} of the text, compared there with a string
     * literal, is never equal to it; null when it is no such comparison.
     */
    static String problem(String text, String word, int start, int end) {
        int operator = DrlText.skipBlanks(text, end);
        if (!(text.startsWith("==", operator) || text.startsWith("!=", operator))) {
            return null;
        }
        int literal = DrlText.skipBlanks(text, operator + 2);
        int close = literal < text.length() && text.charAt(literal) == '"' ? text.indexOf('"', literal + 1) : -1;
        Class<?> type = close < 0 ? null : NEVER_TEXT.getOrDefault(enclosingPattern(text, start), Map.of()).get(word);
        if (type == null) {
            return null;
        }
        String value = text.substring(literal + 1, close);
        if (!type.isEnum()) {
            return word + " is a collection, never equal to the text \"" + value + "\" (so == is always false and != "
                    + "always true): write " + word + " contains \"" + value + "\"";
        }
        String constant = Arrays.stream(type.getEnumConstants()).map(Object::toString)
                .filter(name -> name.equalsIgnoreCase(value)).findFirst().orElse(null);
        String write = constant != null ? type.getSimpleName() + "." + constant
                : "one of " + Arrays.stream(type.getEnumConstants()).map(name -> type.getSimpleName() + "." + name)
                        .collect(Collectors.joining(", "));
        return word + " is a " + type.getSimpleName() + ", never equal to the text \"" + value + "\" (so == is always "
                + "false and != always true): write " + write + " (import " + type.getName() + ")";
    }

    /** The type of the pattern whose parentheses hold {@code index}: {@code RefundCase} in {@code $c : RefundCase( … )}. */
    private static String enclosingPattern(String text, int index) {
        int depth = 0;
        for (int i = index - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && depth-- == 0) {
                int nameEnd = i;
                while (nameEnd > 0 && Character.isWhitespace(text.charAt(nameEnd - 1))) {
                    nameEnd--;
                }
                int nameStart = nameEnd;
                while (nameStart > 0 && Character.isJavaIdentifierPart(text.charAt(nameStart - 1))) {
                    nameStart--;
                }
                return text.substring(nameStart, nameEnd);
            }
        }
        return "";
    }

    private static boolean neverText(Class<?> type) {
        return type.isEnum() || Collection.class.isAssignableFrom(type);
    }

    private static Map<String, Map<String, Class<?>>> fieldsNeverText() {
        Map<String, Map<String, Class<?>>> byFact = new HashMap<>();
        for (Class<?> fact : CompilerHints.FACTS) {
            Map<String, Class<?>> fields = new HashMap<>();
            if (fact.isRecord()) {
                for (RecordComponent component : fact.getRecordComponents()) {
                    if (neverText(component.getType())) {
                        fields.put(component.getName(), component.getType());
                    }
                }
            }
            for (Method method : fact.getMethods()) {
                String name = method.getName();
                if (name.startsWith("get") && name.length() > 3 && method.getParameterCount() == 0
                        && neverText(method.getReturnType())) {
                    fields.put(Character.toLowerCase(name.charAt(3)) + name.substring(4), method.getReturnType());
                }
            }
            if (!fields.isEmpty()) {
                byFact.put(fact.getSimpleName(), fields);
            }
        }
        return byFact;
    }
}
