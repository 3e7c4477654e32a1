package io.expressrefund.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.expressrefund.platform.Database;
import io.expressrefund.support.Days;
import io.expressrefund.support.Shops;
import io.quarkus.test.junit.QuarkusTest;

/** A shop's usage of days past the retention is removed; the days a request may still count against stay. */
@QuarkusTest
class UsagePruningTest {
    @Inject
    Database database;
    @Inject
    StrategyRepository repository;
    @Inject
    UsagePruning pruning;

    @Test
    void usageOlderThanTheRetentionIsRemovedAndRecentDaysStay() {
        Shops shop = Shops.fresh().withStrategy("500.00", 5, null);
        for (int daysAgo : new int[] { 45, 31, 30, 1, 0 }) {
            addUsage(shop.shopId(), Days.daysAgo(daysAgo));
        }

        assertTrue(pruning.pruneOlderThanRetention() >= 2);

        assertEquals(0, usageCount(shop.shopId(), Days.daysAgo(45)));
        assertEquals(0, usageCount(shop.shopId(), Days.daysAgo(31)));
        for (int daysAgo : new int[] { 30, 1, 0 }) {
            assertEquals(1, usageCount(shop.shopId(), Days.daysAgo(daysAgo)), daysAgo + " days ago");
        }
        // A second pruning keeps the days the first one kept.
        pruning.pruneOlderThanRetention();
        assertEquals(1, usageCount(shop.shopId(), Days.daysAgo(30)));
    }

    @Test
    void aDayThatARequestMayStillBeRecordedForIsKeptWhateverTheRetention() {
        LocalDate today = LocalDate.of(2026, 12, 6);
        assertEquals(today.minusDays(30), UsagePruning.oldestDayKept(today, Duration.ofDays(30), Duration.ofDays(1)));
        assertEquals(today.minusDays(2), UsagePruning.oldestDayKept(today, Duration.ofHours(1), Duration.ofDays(1)));
        assertEquals(today.minusDays(3), UsagePruning.oldestDayKept(today, Duration.ofDays(1), Duration.ofHours(36)));
        assertEquals(today.minusDays(8), UsagePruning.oldestDayKept(today, Duration.ofHours(169), Duration.ofDays(1)));
    }

    private void addUsage(String shopId, LocalDate day) {
        database.read(connection -> {
            repository.lockUsage(connection, shopId, day);
            repository.addUsage(connection, shopId, day, new BigDecimal("12.50"));
            return null;
        });
    }

    private int usageCount(String shopId, LocalDate day) {
        return database.read(connection -> repository.usage(connection, shopId, day).count());
    }
}
