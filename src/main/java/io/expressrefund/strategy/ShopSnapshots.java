package io.expressrefund.strategy;

import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.expressrefund.platform.Database;
import io.expressrefund.strategy.StrategyRepository.Snapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Shops' strategies with their day's usage, as {@code /evaluate} reads them: kept for a moment
 * ({@code refund.evaluate.snapshot-ttl}, default 1 s), so that a burst of evaluations for a shop costs one read.
 * When a shop's snapshot runs out while many of its evaluations are in flight, one of them reads it and the
 * others wait for that read rather than each taking a connection for the same row. What this instance changes (a
 * strategy saved or removed, a decision recorded) is forgotten at once, a read in flight included; what other
 * instances change is seen within the time-to-live. Recording never reads from here: it decides on the locked,
 * current row.
 */
@ApplicationScoped
public class ShopSnapshots {
    private static final int MAX_SHOPS = 50_000;

    private final Database database;
    private final StrategyRepository strategies;
    private final long ttlNanos;
    private final Counter reads;
    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Reading> reading = new ConcurrentHashMap<>();

    public ShopSnapshots(Database database, StrategyRepository strategies,
            @ConfigProperty(name = "refund.evaluate.snapshot-ttl", defaultValue = "1s") java.time.Duration ttl,
            MeterRegistry registry) {
        this.database = database;
        this.strategies = strategies;
        this.ttlNanos = ttl.toNanos();
        this.reads = Counter.builder("refund.evaluate.snapshot.reads")
                .description("Shops' strategies and usage read from the database for /evaluate (the others were kept)")
                .register(registry);
    }

    private record Kept(LocalDate day, Snapshot snapshot, long readAt) {
    }

    /** A read in flight, which the shop's other evaluations of the same day wait for. */
    private record Reading(LocalDate day, CompletableFuture<Snapshot> answer) {
    }

    /** The shop's strategy and usage on the day, read at most the time-to-live ago. */
    public Snapshot of(String shopId, LocalDate day) {
        long now = System.nanoTime();
        Kept found = kept.get(shopId);
        if (found != null && found.day().equals(day) && now - found.readAt() < ttlNanos) {
            return found.snapshot();
        }
        if (ttlNanos <= 0) {
            return read(shopId, day);
        }
        Reading mine = new Reading(day, new CompletableFuture<>());
        Reading theirs = reading.putIfAbsent(shopId, mine);
        if (theirs != null) {
            return theirs.day().equals(day) ? await(theirs) : read(shopId, day);
        }
        try {
            Snapshot snapshot = read(shopId, day);
            keep(shopId, mine, new Kept(day, snapshot, now));
            mine.answer().complete(snapshot);
            return snapshot;
        } catch (RuntimeException | Error e) {
            reading.remove(shopId, mine);
            mine.answer().completeExceptionally(e);
            throw e;
        }
    }

    /** Keeps what was read, unless the shop was forgotten while it was read: then it may be older than the change. */
    private void keep(String shopId, Reading mine, Kept read) {
        if (kept.size() >= MAX_SHOPS) {
            kept.clear();
        }
        kept.put(shopId, read);
        if (!reading.remove(shopId, mine)) {
            kept.remove(shopId, read);
        }
    }

    private Snapshot read(String shopId, LocalDate day) {
        reads.increment();
        return database.read(connection -> strategies.snapshot(connection, shopId, day));
    }

    private static Snapshot await(Reading theirs) {
        try {
            return theirs.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** This instance changed the shop's strategy or usage: the next evaluation reads them again. */
    public void forget(String shopId) {
        reading.remove(shopId);
        kept.remove(shopId);
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) StrategyChanged changed) {
        forget(changed.shopId());
    }
}
