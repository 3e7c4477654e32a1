package io.expressrefund.strategy;

import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.expressrefund.platform.Database;
import io.expressrefund.strategy.StrategyRepository.Snapshot;

/**
 * Shops' strategies with their day's usage, as {@code /evaluate} reads them: kept for a moment
 * ({@code refund.evaluate.snapshot-ttl}, default 1 s), so that a burst of evaluations for a shop costs one read.
 * What this instance changes (a strategy saved or removed, a decision recorded) is forgotten at once; what other
 * instances change is seen within the time-to-live. Recording never reads from here: it decides on the locked,
 * current row.
 */
@ApplicationScoped
public class ShopSnapshots {
    private static final int MAX_SHOPS = 50_000;

    private final Database database;
    private final StrategyRepository strategies;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();

    public ShopSnapshots(Database database, StrategyRepository strategies,
            @ConfigProperty(name = "refund.evaluate.snapshot-ttl", defaultValue = "1s") java.time.Duration ttl) {
        this.database = database;
        this.strategies = strategies;
        this.ttlNanos = ttl.toNanos();
    }

    private record Kept(LocalDate day, Snapshot snapshot, long readAt) {
    }

    /** The shop's strategy and usage on the day, read at most the time-to-live ago. */
    public Snapshot of(String shopId, LocalDate day) {
        long now = System.nanoTime();
        Kept found = kept.get(shopId);
        if (found != null && found.day().equals(day) && now - found.readAt() < ttlNanos) {
            return found.snapshot();
        }
        Snapshot snapshot = database.read(connection -> strategies.snapshot(connection, shopId, day));
        if (ttlNanos > 0) {
            if (kept.size() >= MAX_SHOPS) {
                kept.clear();
            }
            kept.put(shopId, new Kept(day, snapshot, now));
        }
        return snapshot;
    }

    /** This instance changed the shop's strategy or usage: the next evaluation reads them again. */
    public void forget(String shopId) {
        kept.remove(shopId);
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) StrategyChanged changed) {
        forget(changed.shopId());
    }
}
