package io.expressrefund.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.expressrefund.decision.DecisionsRecorded;
import io.expressrefund.decision.RecordedDecision;
import io.expressrefund.platform.Database;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.rules.engine.Outcome;
import io.quarkus.scheduler.Scheduled;

/**
 * The refund-event feed: written with each automatic refund in the same transaction (an outbox), read after a
 * cursor, and pruned after the retention time. Waiting for events is {@link EventWaiters}' part.
 */
@ApplicationScoped
public class EventService {
    private static final Logger LOG = Logger.getLogger(EventService.class);

    private final Database database;
    private final EventRepository events;
    private final EventWaiters waiters;
    private final EventsConfig config;
    private final Clock clock;
    private final DeliveryLag lag;

    public EventService(Database database, EventRepository events, EventWaiters waiters, EventsConfig config,
            Clock clock, DeliveryLag lag) {
        this.database = database;
        this.events = events;
        this.waiters = waiters;
        this.config = config;
        this.clock = clock;
        this.lag = lag;
    }

    /** The outbox: automatic refunds' events are written in the transaction that records the decisions. */
    void append(@Observes DecisionsRecorded recorded) {
        List<RecordedDecision> refunds = automaticRefunds(recorded);
        if (!refunds.isEmpty()) {
            try (Connection connection = database.connection()) {
                events.append(connection, refunds);
            } catch (SQLException e) {
                throw database.failure(e);
            }
        }
    }

    /** Once committed, the shops' waiting ERPs on this instance hear of them at once. */
    void wake(@Observes(during = TransactionPhase.AFTER_SUCCESS) DecisionsRecorded recorded) {
        automaticRefunds(recorded).stream().map(RecordedDecision::shopId).distinct().forEach(waiters::wake);
    }

    private static List<RecordedDecision> automaticRefunds(DecisionsRecorded recorded) {
        return recorded.decisions().stream().filter(decision -> decision.outcome() == Outcome.AUTO_REFUND).toList();
    }

    /**
     * The events after {@code after}, at most {@code limit}.
     *
     * @throws InvalidRequestException naming {@code after} when it is past the feed's last event
     */
    public EventPage after(String shopId, long after, int limit) {
        List<RefundEvent> items = database.read(connection -> {
            List<RefundEvent> page = events.after(connection, shopId, after, limit);
            if (page.isEmpty() && after > 0) {
                requireGivenOut(connection, shopId, after, "after");
            }
            return page;
        });
        lag.delivered(items);
        return new EventPage(items, items.isEmpty() ? after : items.get(items.size() - 1).seq());
    }

    /**
     * Refuses a cursor past the feed's last event. A client that waited after it would hear nothing until the feed
     * passed it, and then miss every event up to it: a cursor from another shop's feed, or kept across a restore
     * of the database, must fail loudly instead.
     */
    public void requireGivenOut(String shopId, long after, String name) {
        if (after > 0) {
            database.read(connection -> {
                requireGivenOut(connection, shopId, after, name);
                return null;
            });
        }
    }

    private void requireGivenOut(Connection connection, String shopId, long after, String name) throws SQLException {
        long last = events.lastSeqs(connection, List.of(shopId)).getOrDefault(shopId, 0L);
        if (after > last) {
            throw new InvalidRequestException(name, "is past this feed's last event (seq " + last
                    + "): a seq this feed gave out is at most that; 0 starts from the oldest event kept");
        }
    }

    @Scheduled(every = "1h", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneOnSchedule() {
        pruneOlderThanRetention();
    }

    /** Removes events older than the retention time; the per-shop counters stay, so no seq is ever reused. */
    @Transactional
    public int pruneOlderThanRetention() {
        OffsetDateTime cutoff = OffsetDateTime.now(clock).minus(config.retention());
        int removed;
        try (Connection connection = database.connection()) {
            removed = events.deleteDecidedBefore(connection, cutoff);
        } catch (SQLException e) {
            throw database.failure(e);
        }
        if (removed > 0) {
            LOG.infof("Removed %d refund events decided before %s", removed, cutoff);
        }
        return removed;
    }
}
