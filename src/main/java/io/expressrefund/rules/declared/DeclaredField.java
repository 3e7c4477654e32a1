package io.expressrefund.rules.declared;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kie.api.definition.type.FactField;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.expressrefund.platform.Instants;
import io.expressrefund.problem.FieldViolation;

/** One field of a type declared in DRL, and how a JSON value becomes its value. */
final class DeclaredField {

    /** The kinds of field a caller can post, by the JSON each takes. */
    enum Kind {
        STRING("string"), BOOLEAN("boolean"), INTEGER("integer"), LONG("integer (64-bit)"), DECIMAL("decimal"),
        INSTANT("date-time"), OFFSET_DATE_TIME("date-time"), STRING_LIST("array of string"),
        /** An enum, declared in DRL ({@code declare enum Colour RED, GREEN; end}) or Java: posted by constant name. */
        ENUM("string"), UNSUPPORTED("unsupported");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        String json() {
            return json;
        }

        static Kind of(Class<?> type) {
            if (type == String.class) {
                return STRING;
            } else if (type == Boolean.class || type == boolean.class) {
                return BOOLEAN;
            } else if (type == Integer.class || type == int.class) {
                return INTEGER;
            } else if (type == Long.class || type == long.class) {
                return LONG;
            } else if (type == BigDecimal.class) {
                return DECIMAL;
            } else if (type == Instant.class) {
                return INSTANT;
            } else if (type == OffsetDateTime.class) {
                return OFFSET_DATE_TIME;
            } else if (type == List.class) {
                return STRING_LIST;
            } else if (type.isEnum()) {
                return ENUM;
            }
            return UNSUPPORTED;
        }
    }

    static final int MAX_INTEGER_DIGITS = 64;
    static final int MAX_FRACTION_DIGITS = 32;
    private static final MethodType SETTER = MethodType.methodType(void.class, Object.class, Object.class);

    private final FactField field;
    private final Kind kind;
    /**
     * The declared class's own public setter, as {@code (Object, Object) void}; null where there is none (then
     * {@link FactField#set} writes). A posted object's fields are set on every request, and Drools' writer
     * reaches the same setter through three calls.
     */
    private final MethodHandle setter;
    /** An enum field's constants by name, in declaration order; empty for other kinds. */
    private final Map<String, Object> constants;

    DeclaredField(FactField field, Class<?> factClass) {
        this.field = field;
        this.kind = Kind.of(field.getType());
        this.setter = setterOf(factClass, field);
        this.constants = constantsOf(field.getType());
    }

    private static Map<String, Object> constantsOf(Class<?> type) {
        Map<String, Object> constants = new LinkedHashMap<>();
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                constants.put(((Enum<?>) constant).name(), constant);
            }
        }
        return constants.isEmpty() ? Map.of() : Collections.unmodifiableMap(constants);
    }

    private static MethodHandle setterOf(Class<?> factClass, FactField field) {
        String name = "set" + Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
        try {
            Method method = factClass.getMethod(name, field.getType());
            if (Modifier.isStatic(method.getModifiers()) || method.getReturnType() != void.class) {
                return null;
            }
            return MethodHandles.publicLookup().unreflect(method).asType(SETTER);
        } catch (NoSuchMethodException | IllegalAccessException | SecurityException e) {
            return null;
        }
    }

    String name() {
        return field.getName();
    }

    Kind kind() {
        return kind;
    }

    String javaType() {
        return field.getType().getName();
    }

    /** The names an enum field takes, in declaration order; empty for any other kind. */
    List<String> values() {
        return List.copyOf(constants.keySet());
    }

    void set(Object instance, Object value) {
        if (setter == null) {
            field.set(instance, value);
            return;
        }
        try {
            setter.invokeExact(instance, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot set " + name(), e);
        }
    }

    /** Whether the field is written through the class's own setter (rather than through Drools' writer). */
    boolean hasSetter() {
        return setter != null;
    }

    Object get(Object instance) {
        return field.get(instance);
    }

    /** The field's value from JSON; null for JSON null and for a value the field does not take. */
    Object read(JsonNode node) {
        // The node classes a request's JSON is read into are tested by class first: each JsonNode accessor is a call
        // that the JIT cannot inline where many node classes pass, and a posted object sets every field. JSON null
        // is no node of the kinds asked for, so it reads as null.
        return switch (kind) {
            case STRING -> node instanceof TextNode text ? text.textValue() : null;
            case BOOLEAN -> node instanceof BooleanNode bool ? bool.booleanValue() : null;
            case INTEGER -> node instanceof IntNode whole ? (Object) whole.intValue()
                    : node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
            case LONG -> node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
            case DECIMAL -> bounded(node instanceof DecimalNode decimal ? decimal.decimalValue()
                    : node.isNumber() ? node.decimalValue() : null);
            case INSTANT -> {
                OffsetDateTime time = dateTime(node);
                yield time == null ? null : time.toInstant();
            }
            case OFFSET_DATE_TIME -> dateTime(node);
            case STRING_LIST -> strings(node);
            case ENUM -> node instanceof TextNode text ? constants.get(text.textValue()) : null;
            case UNSUPPORTED -> null;
        };
    }

    /**
     * A posted decimal within bounds, else null. JSON writes {@code 1e999999999} in 11 characters, but its plain form,
     * which the request's fingerprint and its stored copy write, has a billion digits: found by hand, one such
     * request held an event loop for 12 s and 6 GB of memory, then failed as if the database had.
     */
    private static BigDecimal bounded(BigDecimal value) {
        if (value == null) {
            return null;
        }
        int scale = value.scale();
        return scale <= MAX_FRACTION_DIGITS && (long) value.precision() - scale <= MAX_INTEGER_DIGITS ? value : null;
    }

    /** Whether a value {@link #read} gave null for is fine as null: JSON null, for a field that may be null. */
    boolean acceptsNull(JsonNode node) {
        return node.isNull() && !field.getType().isPrimitive();
    }

    /** Why {@code node} cannot be this field's value, at {@code objectPath.name}. */
    FieldViolation violation(String objectPath, JsonNode node) {
        String path = objectPath + "." + name();
        if (kind == Kind.UNSUPPORTED) {
            return new FieldViolation(path, "is of a type (" + javaType() + ") that cannot be posted");
        }
        return new FieldViolation(path, "must be " + describe() + (node.isNull() ? ", not null" : ""));
    }

    private String describe() {
        return switch (kind) {
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case INTEGER, LONG -> "a whole number";
            case DECIMAL -> "a decimal number of at most " + MAX_INTEGER_DIGITS + " digits before the point and "
                    + MAX_FRACTION_DIGITS + " after it";
            case INSTANT, OFFSET_DATE_TIME -> "an ISO-8601 date-time with an offset, such as 2025-11-21T11:17:45+08:00, "
                    + Instants.RANGE_MESSAGE;
            case STRING_LIST -> "an array of strings";
            case ENUM -> "one of " + String.join(", ", constants.keySet());
            case UNSUPPORTED -> "a value of " + javaType();
        };
    }

    private static OffsetDateTime dateTime(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(node.textValue());
            return Instants.inRange(time) ? time : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode node) {
        if (!node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return null;
            }
            values.add(item.textValue());
        }
        return List.copyOf(values);
    }
}
