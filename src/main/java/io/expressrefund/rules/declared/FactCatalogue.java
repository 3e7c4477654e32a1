package io.expressrefund.rules.declared;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.type.FactType;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

import io.expressrefund.problem.FieldViolation;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.rules.diagnostics.RuleLocator;
import io.expressrefund.rules.diagnostics.RuleProblem;

/**
 * The fact types a rule set's DRL declares ({@code declare ProductFacts category : String end}), and how the
 * {@code facts} a caller posts become instances of them. The types, their classes and fields come from the KIE
 * base's {@link FactType} API; the declared class's own public constructor and setters, bound once per rule set,
 * make and fill each instance ({@code FactType.set} reaches the same setter through three calls; it stays for a
 * field with no setter). It is strict: an unknown type or field, a value of the wrong type, an ambiguous simple
 * name or an array for a type that takes one object is refused, each named by its JSON path.
 */
public final class FactCatalogue {
    /** Metadata on a declared type that lets a request carry several of it ({@code declare OrderItem @repeatable}). */
    static final String REPEATABLE = "repeatable";
    private static final String PREFIX = "facts.";
    /**
     * The declared facts one request may post. Found by hand: 15,000 objects of a repeatable type, each matching a
     * rule, fired it past the 10,000 firings a decision may take and the decision failed as "a rule loops".
     */
    public static final int MAX_FACTS = 1000;
    private static final FactCatalogue EMPTY = new FactCatalogue(List.of(), List.of());

    private record Declared(FactType type, String simpleName, MethodHandle constructor, String file, boolean repeatable,
            Map<String, DeclaredField> fields, List<DeclaredField> fieldsByName) {

        Object newInstance() {
            try {
                return (Object) constructor.invokeExact();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("the declared type " + type.getName() + " cannot be made", e);
            }
        }
    }

    /** Declared facts of one request: the instances to insert, and (on demand) a canonical text of them. */
    public static final class Facts {
        static final Facts NONE = new Facts(List.of(), null);

        private final List<Object> instances;
        private final FactCatalogue catalogue;

        private Facts(List<Object> instances, FactCatalogue catalogue) {
            this.instances = instances;
            this.catalogue = catalogue;
        }

        public List<Object> instances() {
            return instances;
        }

        public boolean isEmpty() {
            return instances.isEmpty();
        }

        /**
         * The same facts however written, for fingerprints: keys in any order, 120.5 or 120.50, any offset of the
         * same instant. Empty without facts. Made only when asked for: deciding does not need it.
         */
        public String canonical() {
            Map<String, StringBuilder> byType = new TreeMap<>();
            for (int i = 0; i < instances.size(); i++) {
                // Found by class when asked for: a request read for /evaluate never is, and pays nothing for it.
                Declared type = catalogue.byClass.get(instances.get(i).getClass());
                StringBuilder text = byType.computeIfAbsent(type.type().getName(), name -> new StringBuilder());
                text.append('{');
                for (DeclaredField field : type.fieldsByName()) {
                    Object value = field.get(instances.get(i));
                    if (value != null) {
                        text.append(quote(field.name())).append(':').append(canonicalValue(value)).append(',');
                    }
                }
                text.append('}');
            }
            StringBuilder text = new StringBuilder();
            byType.forEach((type, objects) -> text.append(quote(type)).append(':').append(objects).append(';'));
            return text.toString();
        }
    }

    private final List<Declared> declared;
    private final List<RuleProblem> unpostableFields;
    /**
     * Each type by its qualified name and, where no other package declares it too, by its simple name. Keys are
     * interned, as Jackson interns the names it reads, so that a lookup compares references, not characters.
     */
    private final Map<String, Declared> byPostedName = new HashMap<>();
    private final Map<String, List<Declared>> bySimpleName = new HashMap<>();
    private final Map<Class<?>, Declared> byClass = new HashMap<>();

    private FactCatalogue(List<Declared> declared, List<RuleProblem> unpostableFields) {
        this.declared = declared;
        this.unpostableFields = unpostableFields;
        for (Declared type : declared) {
            byPostedName.put(type.type().getName().intern(), type);
            bySimpleName.computeIfAbsent(type.simpleName(), name -> new ArrayList<>()).add(type);
            byClass.put(type.type().getFactClass(), type);
        }
        bySimpleName.forEach((simpleName, alike) -> {
            if (alike.size() == 1) {
                byPostedName.putIfAbsent(simpleName.intern(), alike.get(0));
            }
        });
    }

    public static FactCatalogue of(KieBase kieBase, RuleLocator locator) {
        List<Declared> declared = new ArrayList<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (FactType type : kiePackage.getFactTypes()) {
                if (isJavaClass(type) || type.getFactClass().isEnum()) {
                    // Drools lists the imported Java facts (RefundCase, …) too: they are not posted under facts. A
                    // declared enum is no fact either, but the values of its type's fields (DeclaredField.Kind.ENUM).
                    continue;
                }
                Map<String, DeclaredField> fields = new LinkedHashMap<>();
                type.getFields().forEach(field -> fields.put(field.getName().intern(), new DeclaredField(field, type.getFactClass())));
                List<DeclaredField> byName = fields.values().stream().sorted(Comparator.comparing(DeclaredField::name)).toList();
                // Drools makes the simple name anew each time it is asked for: read once here.
                String simpleName = type.getSimpleName();
                declared.add(new Declared(type, simpleName, constructorOf(type),
                        locator.declaringFile(type.getPackageName(), simpleName),
                        type.getMetaData() != null && type.getMetaData().containsKey(REPEATABLE), fields, byName));
            }
        }
        if (declared.isEmpty()) {
            return EMPTY;
        }
        declared.sort(Comparator.comparing(type -> type.type().getName()));
        return new FactCatalogue(List.copyOf(declared), unpostableFields(declared, locator));
    }

    private static MethodHandle constructorOf(FactType type) {
        try {
            return MethodHandles.publicLookup().findConstructor(type.getFactClass(), MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("the declared type " + type.getName() + " has no public no-argument constructor", e);
        }
    }

    private static boolean isJavaClass(FactType type) {
        return type.getFactClass() == null || type.getFactClass().getClassLoader() == FactCatalogue.class.getClassLoader();
    }

    /**
     * The instances of the posted facts, keyed by type name (simple, or {@code package.Name}), each value one
     * object or, for a repeatable type, an array of objects.
     *
     * @throws InvalidRequestException naming each offending JSON path under {@code facts}
     */
    public Facts read(Map<String, JsonNode> posted) {
        if (posted == null || posted.isEmpty()) {
            return Facts.NONE;
        }
        // Paths and messages are only built for a violation: reading a well-formed request pays nothing for them.
        List<FieldViolation> violations = null;
        List<Object> instances = new ArrayList<>(posted.size());
        for (Map.Entry<String, JsonNode> entry : posted.entrySet()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            Declared type = resolve(name);
            if (type == null) {
                violations = add(violations, unresolved(name));
            } else if (postedTwice(type, name, posted)) {
                violations = add(violations, new FieldViolation(PREFIX + name, "names the same type as facts."
                        + type.simpleName() + ": post it once"));
            } else if (!value.isArray()) {
                violations = readObject(type, value, name, -1, instances, violations);
            } else if (!type.repeatable()) {
                violations = add(violations, new FieldViolation(PREFIX + name, "takes one object: "
                        + type.simpleName() + " is not declared @" + REPEATABLE));
            } else if (instances.size() + value.size() > MAX_FACTS) {
                violations = add(violations, new FieldViolation(PREFIX + name, "has " + value.size() + " objects: a request"
                        + " posts at most " + MAX_FACTS + " declared facts in all"));
            } else {
                for (int i = 0; i < value.size(); i++) {
                    violations = readObject(type, value.get(i), name, i, instances, violations);
                }
            }
        }
        if (violations != null) {
            throw new InvalidRequestException(violations);
        }
        return new Facts(instances, this);
    }

    /**
     * Whether the type is posted under two names: that can only be its qualified name beside its simple one, which
     * resolves to it where no other package declares that name. Said of the qualified name.
     */
    private boolean postedTwice(Declared type, String name, Map<String, JsonNode> posted) {
        return posted.size() > 1 && !name.equals(type.simpleName()) && posted.containsKey(type.simpleName())
                && byPostedName.get(type.simpleName()) == type;
    }

    private static List<FieldViolation> add(List<FieldViolation> violations, FieldViolation violation) {
        List<FieldViolation> list = violations == null ? new ArrayList<>() : violations;
        list.add(violation);
        return list;
    }

    /** Reads one object of {@code type} posted under {@code name} (at {@code index} of an array, unless -1). */
    private static List<FieldViolation> readObject(Declared type, JsonNode value, String name, int index,
            List<Object> instances, List<FieldViolation> violations) {
        if (!value.isObject()) {
            return add(violations, new FieldViolation(path(name, index), "must be an object of "
                    + type.simpleName() + "'s fields"));
        }
        Object instance = type.newInstance();
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> entry = fields.next();
            DeclaredField field = type.fields().get(entry.getKey());
            if (field == null) {
                violations = add(violations, new FieldViolation(path(name, index) + "." + entry.getKey(), "is not a field of "
                        + type.simpleName() + " (its fields: " + String.join(", ", type.fields().keySet()) + ")"));
                continue;
            }
            Object converted = field.read(entry.getValue());
            if (converted != null) {
                field.set(instance, converted);
            } else if (!field.acceptsNull(entry.getValue())) {
                violations = add(violations, field.violation(path(name, index), entry.getValue()));
            }
        }
        instances.add(instance);
        return violations;
    }

    private static String path(String name, int index) {
        return index < 0 ? PREFIX + name : PREFIX + name + "[" + index + "]";
    }

    /**
     * Warnings for the declared fields no request can post (a {@code double}, a {@code Map}), each where it is
     * declared: posting one is refused, so such a field only ever has the value rules give it. Found by hand: a
     * type declaring {@code weight : double} was activated without a word, and every request posting a weight refused.
     */
    public List<RuleProblem> unpostableFields() {
        return unpostableFields;
    }

    private static List<RuleProblem> unpostableFields(List<Declared> declared, RuleLocator locator) {
        List<RuleProblem> warnings = new ArrayList<>();
        for (Declared type : declared) {
            for (DeclaredField field : type.fieldsByName()) {
                if (field.kind() == DeclaredField.Kind.UNSUPPORTED) {
                    RuleLocator.Location where = locator.declaredField(type.type().getName(), field.name());
                    warnings.add(RuleProblem.unpostableField(where == null ? type.file() : where.file(),
                            where == null ? null : where.line(), where == null ? null : where.column(),
                            type.simpleName(), field.name(), field.javaType()));
                }
            }
        }
        return List.copyOf(warnings);
    }

    /** What a client may post: every declared type with its fields, by qualified name. */
    public List<FactTypeView> describe() {
        return declared.stream().map(type -> new FactTypeView(type.simpleName(), type.type().getPackageName(),
                type.type().getName(), type.file(), type.repeatable(),
                type.fields().values().stream()
                        .map(field -> new FactTypeView.Field(field.name(), field.kind().json(), field.javaType(),
                                field.kind() == DeclaredField.Kind.ENUM ? field.values() : null))
                        .toList()))
                .toList();
    }

    private Declared resolve(String name) {
        return byPostedName.get(name);
    }

    private FieldViolation unresolved(String name) {
        List<Declared> alike = bySimpleName.getOrDefault(name, List.of());
        if (alike.isEmpty()) {
            return new FieldViolation(PREFIX + name, "is not a fact type the rules in service declare "
                    + "(GET /api/v1/rules/fact-types lists them)");
        }
        return new FieldViolation(PREFIX + name, "is declared in several packages: name one of "
                + alike.stream().map(found -> found.type().getName()).toList());
    }

    private static String canonicalValue(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof Enum<?> constant) {
            return quote(constant.name());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> quote((String) item)).toList().toString();
        }
        return String.valueOf(value);
    }

    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
