package io.expressrefund.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

/**
 * The fact types a rule set's DRL declares ({@code declare ProductFacts category : String end}), and how the
 * {@code facts} a caller posts become instances of them, through the KIE base's {@link FactType} API. It is
 * strict: an unknown type or field, a value of the wrong type, an ambiguous simple name or an array for a type
 * that takes one object is refused, each named by its JSON path.
 */
public final class FactCatalogue {
    /** Metadata on a declared type that lets a request carry several of it ({@code declare OrderItem @repeatable}). */
    static final String REPEATABLE = "repeatable";
    private static final FactCatalogue EMPTY = new FactCatalogue(List.of());

    private record Declared(FactType type, String file, boolean repeatable, Map<String, DeclaredField> fields) {
    }

    /** Declared facts of one request: the instances to insert, and a canonical text of them for fingerprints. */
    public record Facts(List<Object> instances, String canonical) {
        static final Facts NONE = new Facts(List.of(), "");

        public boolean isEmpty() {
            return instances.isEmpty();
        }
    }

    private final List<Declared> declared;
    private final Map<String, Declared> byName = new HashMap<>();
    private final Map<String, List<Declared>> bySimpleName = new HashMap<>();

    private FactCatalogue(List<Declared> declared) {
        this.declared = declared;
        for (Declared type : declared) {
            byName.put(type.type().getName(), type);
            bySimpleName.computeIfAbsent(type.type().getSimpleName(), name -> new ArrayList<>()).add(type);
        }
    }

    static FactCatalogue of(KieBase kieBase, RuleLocator locator) {
        List<Declared> declared = new ArrayList<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (FactType type : kiePackage.getFactTypes()) {
                if (isJavaClass(type)) {
                    // Drools lists the imported Java facts (RefundCase, …) too: they are not posted under facts.
                    continue;
                }
                Map<String, DeclaredField> fields = new LinkedHashMap<>();
                type.getFields().forEach(field -> fields.put(field.getName(), new DeclaredField(field)));
                declared.add(new Declared(type, locator.declaringFile(type.getPackageName(), type.getSimpleName()),
                        type.getMetaData() != null && type.getMetaData().containsKey(REPEATABLE), fields));
            }
        }
        if (declared.isEmpty()) {
            return EMPTY;
        }
        declared.sort(Comparator.comparing(type -> type.type().getName()));
        return new FactCatalogue(List.copyOf(declared));
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
        List<FieldViolation> violations = new ArrayList<>();
        Map<String, List<Map<String, String>>> canonical = new TreeMap<>();
        Map<String, String> postedAs = new HashMap<>();
        List<Object> instances = new ArrayList<>();
        posted.forEach((name, value) -> {
            String path = "facts." + name;
            Declared type = resolve(name, path, violations);
            if (type == null) {
                return;
            }
            String earlier = postedAs.putIfAbsent(type.type().getName(), name);
            if (earlier != null) {
                violations.add(new FieldViolation(path, "names the same type as facts." + earlier));
                return;
            }
            List<Map<String, String>> objects = new ArrayList<>();
            if (value.isArray()) {
                if (!type.repeatable()) {
                    violations.add(new FieldViolation(path, "takes one object: " + type.type().getSimpleName()
                            + " is not declared @" + REPEATABLE));
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    instances.add(instance(type, value.get(i), path + "[" + i + "]", violations, objects));
                }
            } else {
                instances.add(instance(type, value, path, violations, objects));
            }
            canonical.put(type.type().getName(), objects);
        });
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new Facts(List.copyOf(instances), canonicalText(canonical));
    }

    /** What a client may post: every declared type with its fields, by qualified name. */
    public List<FactTypeView> describe() {
        return declared.stream().map(type -> new FactTypeView(type.type().getSimpleName(), type.type().getPackageName(),
                type.type().getName(), type.file(), type.repeatable(),
                type.fields().values().stream()
                        .map(field -> new FactTypeView.Field(field.name(), field.kind().json(), field.javaType()))
                        .toList()))
                .toList();
    }

    private Declared resolve(String name, String path, List<FieldViolation> violations) {
        Declared type = byName.get(name);
        if (type != null) {
            return type;
        }
        List<Declared> alike = bySimpleName.getOrDefault(name, List.of());
        if (alike.size() == 1) {
            return alike.get(0);
        }
        if (alike.isEmpty()) {
            violations.add(new FieldViolation(path, "is not a fact type the rules in service declare "
                    + "(GET /api/v1/rules/fact-types lists them)"));
        } else {
            violations.add(new FieldViolation(path, "is declared in several packages: name one of "
                    + alike.stream().map(found -> found.type().getName()).toList()));
        }
        return null;
    }

    private static Object instance(Declared type, JsonNode value, String path, List<FieldViolation> violations,
            List<Map<String, String>> canonical) {
        if (!value.isObject()) {
            violations.add(new FieldViolation(path, "must be an object of " + type.type().getSimpleName() + "'s fields"));
            return null;
        }
        Object instance;
        try {
            instance = type.type().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the declared type " + type.type().getName() + " cannot be made", e);
        }
        Map<String, String> fields = new TreeMap<>();
        value.fields().forEachRemaining(entry -> {
            String fieldPath = path + "." + entry.getKey();
            DeclaredField field = type.fields().get(entry.getKey());
            if (field == null) {
                violations.add(new FieldViolation(fieldPath, "is not a field of " + type.type().getSimpleName()
                        + " (its fields: " + String.join(", ", type.fields().keySet()) + ")"));
                return;
            }
            int before = violations.size();
            Object converted = field.read(entry.getValue(), fieldPath, violations);
            if (violations.size() == before && converted != null) {
                field.set(instance, converted);
                fields.put(field.name(), canonicalValue(converted));
            }
        });
        canonical.add(fields);
        return instance;
    }

    /** The same facts however written: keys in any order, 120.5 or 120.50, any offset of the same instant. */
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
        if (value instanceof List<?> list) {
            return list.stream().map(item -> quote((String) item)).toList().toString();
        }
        return String.valueOf(value);
    }

    private static String canonicalText(Map<String, List<Map<String, String>>> facts) {
        StringBuilder text = new StringBuilder();
        facts.forEach((type, objects) -> {
            text.append(quote(type)).append(':');
            for (Map<String, String> object : objects) {
                text.append('{');
                object.forEach((field, value) -> text.append(quote(field)).append(':').append(value).append(','));
                text.append('}');
            }
            text.append(';');
        });
        return text.toString();
    }

    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
