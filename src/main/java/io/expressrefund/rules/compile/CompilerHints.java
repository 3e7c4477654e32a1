package io.expressrefund.rules.compile;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.expressrefund.rules.diagnostics.ComparisonHints;
import io.expressrefund.rules.diagnostics.RuleLocator;
import io.expressrefund.rules.facts.Approval;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.Moments;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.RefundType;
import io.expressrefund.rules.facts.ShippingStatus;
import io.expressrefund.rules.facts.ShopStrategy;
import io.expressrefund.rules.facts.Unmet;

/**
 * What to add to a compiler's message where an author's slip has a likely fix: a field misspelt ({@code shopID} for
 * {@code shopId}, "unable to resolve method using strict-mode: …RefundCase.shopID()"), {@code =} written for
 * {@code ==} in a condition ("mismatched input '='"), a fact named without its import in a new package ("Unable to
 * resolve ObjectType 'RefundCase'", "Unmet cannot be resolved"), a type, an enum constant, a fact's method or a DRL
 * function misspelt, a fact made with a constructor it does not have, a setter called on the request, or a rule
 * without its {@code end} ("mismatched input '<eof>'"); values of different types compared, with
 * {@link ComparisonHints}. Found by hand: no such message said what to write instead.
 */
final class CompilerHints {
    private static final Pattern UNRESOLVED = Pattern.compile(
            "unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern ASSIGNED = Pattern.compile("mismatched input '=' ");
    private static final Pattern UNDEFINED_CONSTRUCTOR = Pattern.compile("The constructor (\\w+)\\([^)]*\\) is undefined");
    /** A type a condition names that the compiler does not know, or a name a consequence's Java does not. */
    private static final Pattern UNKNOWN_TYPE = Pattern.compile(
            "Unable to resolve ObjectType '([\\w.$]+)'|\\b(\\w+) cannot be resolved(?: to a type)?\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern UNDEFINED_METHOD = Pattern.compile("The method (\\w+)\\([^)]*\\) is undefined for the type (\\w+)",
            Pattern.UNICODE_CHARACTER_CLASS);
    /** The fact model's classes, which a package's DRL imports to name them: every class of {@code rules.facts} (a test keeps it so). */
    static final List<Class<?>> FACTS = List.of(RefundCase.class, ShopStrategy.class, Unmet.class, Approval.class,
            DecisionPath.class, RefundType.class, ShippingStatus.class, Moments.class);
    /** How far a field's name may be from the one written to be offered: a letter or two, or only their case. */
    private static final int MAX_EDITS = 2;

    private CompilerHints() {
    }

    /** The hint for a compiler's message about the DRL {@code locator} indexes, or "". */
    static String of(String message, RuleLocator locator) {
        if (ASSIGNED.matcher(message).find()) {
            return ": a condition compares with == (a single = assigns, in a consequence)";
        }
        String comparison = ComparisonHints.of(message);
        if (!comparison.isEmpty()) {
            return comparison;
        }
        Matcher constructor = UNDEFINED_CONSTRUCTOR.matcher(message);
        if (constructor.find()) {
            return factoryHint(constructor.group(1));
        }
        if (message.contains("mismatched input '<eof>'")) {
            return ": the file ends inside a rule (does a rule lack its end?)";
        }
        Matcher method = UNDEFINED_METHOD.matcher(message);
        if (method.find()) {
            String hint = methodHint(method.group(1), method.group(2));
            return hint.isEmpty() ? functionHint(method.group(1), locator) : hint;
        }
        Matcher unknownType = UNKNOWN_TYPE.matcher(message);
        if (unknownType.find()) {
            return typeHint(unknownType.group(1) != null ? unknownType.group(1) : unknownType.group(2), locator.declaredTypeNames());
        }
        Matcher unresolved = UNRESOLVED.matcher(message);
        if (!unresolved.find()) {
            return "";
        }
        String className = unresolved.group(1);
        String written = unresolved.group(2);
        String closest = closest(written, fieldsOf(className, locator));
        if (closest == null) {
            return functionHint(written, locator); // a function a condition calls is looked for on the fact first
        }
        return ": " + className.substring(className.lastIndexOf('.') + 1) + " has no " + (isEnum(className) ? "constant " : "field ")
                + written + "; did you mean " + closest + "?";
    }

    /** The DRL function meant by a name a letter or two off, and where it is written (another package imports it). */
    private static String functionHint(String written, RuleLocator locator) {
        String closest = closest(written, locator.functions().keySet());
        if (closest == null) {
            return "";
        }
        RuleLocator.Location function = locator.functions().get(closest);
        int slash = function.rule().lastIndexOf('/');
        String packageName = slash < 0 ? null : function.rule().substring(0, slash);
        if (closest.equals(written) && packageName != null) {
            // Drools' import function takes a Java class's static method, not a DRL function of another package.
            return ": " + closest + "() is a function of package " + packageName + ", in " + function.file()
                    + ", which only the rules of that package call: write this rule in package " + packageName
                    + " (a file of any folder may say package " + packageName + ";)";
        }
        return ": did you mean " + closest + "()? It is a function " + (packageName == null ? "" : "of package "
                + packageName + ", ") + "in " + function.file();
    }

    /** How a fact whose constructor a consequence called as it is not is made: its factories ({@code Unmet.expressRefund}). */
    private static String factoryHint(String typeName) {
        for (Class<?> fact : FACTS) {
            if (fact.getSimpleName().equals(typeName)) {
                List<String> factories = new java.util.ArrayList<>();
                for (Method method : fact.getMethods()) {
                    // ruleFailure is the service's own reason, which a rule may not give.
                    if (Modifier.isStatic(method.getModifiers()) && method.getReturnType() == fact
                            && !method.getName().equals("ruleFailure")) {
                        factories.add(typeName + "." + method.getName() + "(" + String.join(", ",
                                java.util.Arrays.stream(method.getParameters()).map(p -> p.isNamePresent() ? p.getName() : p.getType().getSimpleName()).toList()) + ")");
                    }
                }
                java.util.Collections.sort(factories);
                return factories.isEmpty() ? "" : ": make one with " + String.join(" or ", factories);
            }
        }
        return "";
    }

    /** The method of a fact class meant by a name a letter or two off ({@code Unmet.expresRefund}). */
    private static String methodHint(String written, String typeName) {
        for (Class<?> fact : FACTS) {
            if (fact.getSimpleName().equals(typeName)) {
                Set<String> methods = new LinkedHashSet<>();
                for (Method method : fact.getMethods()) {
                    if (method.getDeclaringClass() == fact) {
                        methods.add(method.getName());
                    }
                }
                String closest = closest(written, methods);
                if (closest == null && fact.isRecord() && written.startsWith("set")) {
                    // Found by hand: modify( $c ) { setShopId( … ) } on the request.
                    return ": a " + typeName + " is what the caller posted and is never changed; a rule concludes by "
                            + "inserting a fact (Unmet, Approval, or a type declared for it)";
                }
                return closest == null ? "" : ": did you mean " + typeName + "." + closest + "?";
            }
        }
        return "";
    }

    /**
     * A fact class named without its import (each DRL package imports the facts it names, and a new package has
     * none), or the type meant by a name a letter or two off.
     */
    private static String typeHint(String written, Set<String> declaredTypes) {
        for (Class<?> fact : FACTS) {
            if (fact.getSimpleName().equals(written)) {
                return ": add import " + fact.getName() + "; to the file (a package names the facts it imports)";
            }
        }
        Set<String> known = new LinkedHashSet<>(declaredTypes);
        FACTS.forEach(fact -> known.add(fact.getSimpleName()));
        String closest = closest(written, known);
        return closest == null ? "" : ": did you mean " + closest + "?";
    }

    private static String closest(String written, Set<String> names) {
        if (written.length() <= MAX_EDITS) {
            return null;
        }
        String closest = null;
        int fewest = MAX_EDITS + 1;
        for (String name : names) {
            int edits = name.equalsIgnoreCase(written) ? 0 : edits(name, written);
            if (edits < fewest) {
                fewest = edits;
                closest = name;
            }
        }
        return closest;
    }

    private static boolean isEnum(String className) {
        try {
            return Class.forName(className, false, CompilerHints.class.getClassLoader()).isEnum();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * What a condition can name on a fact: the fields a type of the DRL declares (its class is never made when the
     * compiler refuses the text), else a class's record components and the bean properties of its getters, or an
     * enum's constants.
     */
    private static Set<String> fieldsOf(String className, RuleLocator locator) {
        Set<String> declared = locator.declaredFields(className);
        if (!declared.isEmpty()) {
            return declared;
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, CompilerHints.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Set.of();
        }
        Set<String> fields = new LinkedHashSet<>();
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                fields.add(constant.toString());
            }
            return fields;
        }
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
