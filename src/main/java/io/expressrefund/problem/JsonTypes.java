package io.expressrefund.problem;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/** Names Java types as a caller of a JSON API knows them. */
final class JsonTypes {
    private JsonTypes() {
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (type == BigDecimal.class) {
            return "a decimal number of yuan";
        }
        if (type == OffsetDateTime.class) {
            return "an ISO-8601 date-time with an offset, such as 2025-11-21T11:17:45+08:00";
        }
        if (type == LocalDate.class) {
            return "a platform day such as 2026-11-28";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** A value the caller sent, quoted as a problem shows it: its first 40 characters. */
    static String quote(Object value) {
        return "'" + ShownText.of(String.valueOf(value), 40) + "'";
    }
}
