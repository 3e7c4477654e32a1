package io.expressrefund.platform;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The one range every instant the service accepts must lie in, checked before anything is stored: H2 and
 * PostgreSQL then store and return the same value (PostgreSQL turns instants before 4713 BC into
 * {@code -infinity}, which nothing can read back), and no far-off date can slip past a check on days.
 */
public final class Instants {
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Exclusive. */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    public static final String RANGE_MESSAGE = "must be from 2000-01-01T00:00:00Z up to 2100-01-01T00:00:00Z";

    private Instants() {
    }

    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(LATEST);
    }

    public static boolean inRange(OffsetDateTime time) {
        return inRange(time.toInstant());
    }
}
