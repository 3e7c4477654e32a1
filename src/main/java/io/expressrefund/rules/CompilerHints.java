package io.expressrefund.rules;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to add to a compiler's message where an author's slip has a likely fix: a field misspelt ({@code shopID} for
 * {@code shopId}, "unable to resolve method using strict-mode: …RefundCase.shopID()"), or {@code =} written for
 * {@code ==} in a condition ("mismatched input '='"). Found by hand: neither message said what to write instead.
 */
final class CompilerHints {
    private static final Pattern UNRESOLVED = Pattern.compile(
            "unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern ASSIGNED = Pattern.compile("mismatched input '=' ");
    /** How far a field's name may be from the one written to be offered: a letter or two, or only their case. */
    private static final int MAX_EDITS = 2;

    private CompilerHints() {
    }

    static String of(String message) {
        if (ASSIGNED.matcher(message).find()) {
            return ": a condition compares with == (a single = assigns, in a consequence)";
        }
        Matcher unresolved = UNRESOLVED.matcher(message);
        if (!unresolved.find()) {
            return "";
        }
        Class<?> type;
        try {
            type = Class.forName(unresolved.group(1), false, CompilerHints.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return ""; // a type the DRL declares: the compiler that refused the text never made its class
        }
        String written = unresolved.group(2);
        String closest = null;
        int fewest = MAX_EDITS + 1;
        for (String field : fieldsOf(type)) {
            int edits = field.equalsIgnoreCase(written) ? 0 : edits(field, written);
            if (edits < fewest) {
                fewest = edits;
                closest = field;
            }
        }
        return closest == null || written.length() <= MAX_EDITS ? ""
                : ": " + type.getSimpleName() + " has no field " + written + "; did you mean " + closest + "?";
    }

    /** What a condition can name on a fact: a record's components and the bean properties of its getters. */
    private static Set<String> fieldsOf(Class<?> type) {
        Set<String> fields = new LinkedHashSet<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                fields.add(component.getName());
            }
        }
        for (Method method : type.getMethods()) {
            String name = method.getName();
            int prefix = name.startsWith("get") ? 3 : name.startsWith("is") ? 2 : 0;
            if (prefix > 0 && name.length() > prefix && method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                    && !name.equals("getClass")) {
                fields.add(Character.toLowerCase(name.charAt(prefix)) + name.substring(prefix + 1));
            }
        }
        return fields;
    }

    /** Levenshtein's distance between two names. */
    private static int edits(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
