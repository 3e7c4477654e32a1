package io.expressrefund.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.expressrefund.decision.Outcome;
import io.expressrefund.decision.RecordListener;
import io.expressrefund.decision.RecordedDecision;
import io.expressrefund.platform.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;

/**
 * The refund-event feed: written with each automatic refund in the same transaction (an outbox), read after a
 * cursor, waited for, and pruned after the retention time.
 */
@ApplicationScoped
public class EventService implements RecordListener {
    private static final Logger LOG = Logger.getLogger(EventService.class);

    private final Database database;
    private final EventRepository events;
    private final EventSignal signal;
    private final EventsConfig config;
    private final Clock clock;
    private final Timer deliveryLag;

    public EventService(Database database, EventRepository events, EventSignal signal, EventsConfig config, Clock clock,
            MeterRegistry registry) {
        this.database = database;
        this.events = events;
        this.signal = signal;
        this.config = config;
        this.clock = clock;
        this.deliveryLag = Timer.builder("refund.events.delivery.lag")
                .description("Time from an automatic refund's decision to its event reaching an ERP")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void recorded(Connection connection, RecordedDecision decision) throws SQLException {
        if (decision.outcome() == Outcome.AUTO_REFUND) {
            events.append(connection, decision);
        }
    }

    @Override
    public void committed(RecordedDecision decision) {
        if (decision.outcome() == Outcome.AUTO_REFUND) {
            signal.signal();
        }
    }

    public EventPage after(String shopId, long after, int limit) {
        List<RefundEvent> items = database.read(connection -> events.after(connection, shopId, after, limit));
        OffsetDateTime now = OffsetDateTime.now(clock);
        items.forEach(event -> deliveryLag.record(Duration.between(event.decidedAt(), now)));
        return new EventPage(items, items.isEmpty() ? after : items.get(items.size() - 1).seq());
    }

    /** Answers as soon as there are events after the cursor, or empty when the wait is over. */
    public EventPage awaitAfter(String shopId, long after, int limit, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long generation = signal.generation();
            EventPage page = after(shopId, after, limit);
            long left = deadline - System.nanoTime();
            if (!page.items().isEmpty() || left <= 0) {
                return page;
            }
            signal.awaitAfter(generation, Duration.ofNanos(Math.min(left, config.pollInterval().toNanos())));
        }
    }

    @Scheduled(every = "1h", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneOnSchedule() {
        pruneOlderThanRetention();
    }

    /** Removes events older than the retention time; the per-shop counters stay, so no seq is ever reused. */
    public int pruneOlderThanRetention() {
        OffsetDateTime cutoff = OffsetDateTime.now(clock).minus(config.retention());
        int removed = database.inTransaction(connection -> events.deleteDecidedBefore(connection, cutoff));
        if (removed > 0) {
            LOG.infof("Removed %d refund events decided before %s", removed, cutoff);
        }
        return removed;
    }
}
