package io.expressrefund.support;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Platform days (China Standard Time) relative to today. */
public final class Days {
    public static final ZoneId PLATFORM = ZoneId.of("Asia/Shanghai");

    private Days() {
    }

    public static LocalDate daysAgo(int days) {
        return LocalDate.now(PLATFORM).minusDays(days);
    }

    /** Noon of the platform day that many days ago, with its +08:00 offset. */
    public static String noonDaysAgo(int days) {
        return ZonedDateTime.of(daysAgo(days), LocalTime.NOON, PLATFORM).toOffsetDateTime().toString();
    }

    /**
     * The last minute of yesterday (platform time): the previous platform day, yet recent enough to be recorded
     * (within a day) at any time today but its very last minute.
     */
    public static String lateYesterday() {
        return ZonedDateTime.of(daysAgo(1), LocalTime.of(23, 59), PLATFORM).toOffsetDateTime().toString();
    }

    public static String hourBeforeNoonDaysAgo(int days) {
        return ZonedDateTime.of(daysAgo(days), LocalTime.of(11, 0), PLATFORM).toOffsetDateTime().toString();
    }
}
