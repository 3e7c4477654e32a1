package io.expressrefund.rules.facts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets rule authors write instants as ISO-8601 text with an offset, such as {@code "2023-09-13T00:00+08:00"},
 * without paying for parsing on every decision.
 */
public final class Moments {
    private static final Map<String, Instant> PARSED = new ConcurrentHashMap<>();

    private Moments() {
    }

    public static Instant instant(String isoWithOffset) {
        return PARSED.computeIfAbsent(isoWithOffset, text -> OffsetDateTime.parse(text).toInstant());
    }
}
