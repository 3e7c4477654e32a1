package io.expressrefund.decision;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.expressrefund.platform.Instants;
import io.expressrefund.problem.InvalidRequestException;

/**
 * Reads query parameters so that a bad one is a 400 naming it (JAX-RS would answer 404 for a query parameter
 * it cannot convert).
 */
public final class QueryValues {
    private QueryValues() {
    }

    public static <E extends Enum<E>> E oneOf(String name, String text, Class<E> type) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(name, "must be one of " + List.of(type.getEnumConstants()));
        }
    }

    public static OffsetDateTime instant(String name, String text) {
        if (text == null) {
            return null;
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name, "must be an ISO-8601 date-time with an offset");
        }
        if (!Instants.inRange(time)) {
            throw new InvalidRequestException(name, Instants.RANGE_MESSAGE);
        }
        // Normalised to UTC before it reaches the database: both databases compare the same instant.
        return time.withOffsetSameInstant(java.time.ZoneOffset.UTC);
    }

    public static int number(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException(name, "must be a whole number from " + min + " to " + max);
    }
}
