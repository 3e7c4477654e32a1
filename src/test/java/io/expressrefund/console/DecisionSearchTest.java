package io.expressrefund.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.expressrefund.decision.DecisionFilter;
import io.expressrefund.problem.FieldViolation;
import io.expressrefund.problem.InvalidRequestException;

class DecisionSearchTest {
    private static final ZoneId PLATFORM = ZoneId.of("Asia/Shanghai");

    @Test
    void bothDaysOfTheFormAreWholePlatformDays() {
        DecisionFilter oneDay = search("2026-12-01", "2026-12-01").filter(PLATFORM, 50, null);
        assertEquals(OffsetDateTime.parse("2026-12-01T00:00+08:00").toInstant(), oneDay.from().toInstant());
        assertEquals(OffsetDateTime.parse("2026-12-02T00:00+08:00").toInstant(), oneDay.to().toInstant());
    }

    @Test
    void swappedDaysAreRefusedInTheFormsWordsRatherThanListingNothing() {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> search("2026-12-09", "2026-12-01").filter(PLATFORM, 50, null));
        assertEquals(List.of(new FieldViolation("To", "must not be before From")), refused.violations());
    }

    private static DecisionSearch search(String from, String to) {
        return new DecisionSearch(null, null, null, null, from, to);
    }
}
