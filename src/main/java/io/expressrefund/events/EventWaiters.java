package io.expressrefund.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.expressrefund.platform.Database;
import io.quarkus.runtime.StartupEvent;

/**
 * Every long-poll and stream waiting on this instance, served by one poller thread: a waiter holds a socket and
 * a place in this registry, never a thread. The poller looks at once at a shop whose event this instance has just
 * committed, and every poll interval at the committed event counters of all waited shops, so that events recorded
 * by other instances reach their waiters within the interval too.
 */
@ApplicationScoped
public class EventWaiters {
    private static final Logger LOG = Logger.getLogger(EventWaiters.class);
    private static final int BATCH = 100;
    private static final int SHOPS_PER_QUERY = 500;

    private final Database database;
    private final EventRepository events;
    private final EventsConfig config;
    private final DeliveryLag lag;
    private final ConcurrentHashMap<String, Set<Waiter>> byShop = new ConcurrentHashMap<>();
    private final Set<String> woken = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "refund-event-poller");
        thread.setDaemon(true);
        return thread;
    });

    public EventWaiters(Database database, EventRepository events, EventsConfig config, DeliveryLag lag) {
        this.database = database;
        this.events = events;
        this.config = config;
        this.lag = lag;
    }

    /** One waiting client: the last seq it has, and where its next events go. */
    public static final class Waiter {
        private final String shopId;
        private final int limit;
        private final boolean once;
        private final Consumer<List<RefundEvent>> receiver;
        private volatile long cursor;
        private volatile boolean done;

        private Waiter(String shopId, long after, int limit, boolean once, Consumer<List<RefundEvent>> receiver) {
            this.shopId = shopId;
            this.cursor = after;
            this.limit = limit;
            this.once = once;
            this.receiver = receiver;
        }

        /** Hands over the fetched events this waiter has not seen yet; false when none were for it. */
        private boolean offer(List<RefundEvent> fetched) {
            if (done) {
                return false;
            }
            List<RefundEvent> mine = new ArrayList<>();
            for (RefundEvent event : fetched) {
                if (event.seq() > cursor && mine.size() < limit) {
                    mine.add(event);
                }
            }
            if (mine.isEmpty()) {
                return false;
            }
            cursor = mine.get(mine.size() - 1).seq();
            done = once;
            receiver.accept(mine);
            return true;
        }
    }

    void start(@Observes StartupEvent startup) {
        long interval = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /** A stream's waiter: every event after {@code after}, as they come, until {@link #remove}. */
    public Waiter follow(String shopId, long after, Consumer<List<RefundEvent>> receiver) {
        return add(new Waiter(shopId, after, BATCH, false, receiver));
    }

    /** A long-poll's waiter: the first events after {@code after} (at most {@code limit}), once. */
    public Waiter awaitOnce(String shopId, long after, int limit, Consumer<List<RefundEvent>> receiver) {
        return add(new Waiter(shopId, after, limit, true, receiver));
    }

    public void remove(Waiter waiter) {
        waiter.done = true;
        byShop.computeIfPresent(waiter.shopId, (shop, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    /** This instance committed an event of the shop: its waiters hear of it now rather than at the next poll. */
    public void wake(String shopId) {
        if (byShop.containsKey(shopId)) {
            woken.add(shopId);
            if (wakeQueued.compareAndSet(false, true)) {
                poller.execute(this::pollWoken);
            }
        }
    }

    private Waiter add(Waiter waiter) {
        byShop.compute(waiter.shopId, (shop, waiters) -> {
            Set<Waiter> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            set.add(waiter);
            return set;
        });
        // Its backlog, if any, is served at once.
        wake(waiter.shopId);
        return waiter;
    }

    private void pollWoken() {
        wakeQueued.set(false);
        List<String> shops = new ArrayList<>(woken);
        woken.removeAll(shops);
        guarded(connection -> {
            for (String shop : shops) {
                serve(connection, shop);
            }
        });
    }

    private void pollAll() {
        List<String> shops = new ArrayList<>(byShop.keySet());
        if (shops.isEmpty()) {
            return;
        }
        guarded(connection -> {
            for (int from = 0; from < shops.size(); from += SHOPS_PER_QUERY) {
                List<String> slice = shops.subList(from, Math.min(shops.size(), from + SHOPS_PER_QUERY));
                for (Map.Entry<String, Long> counter : events.lastSeqs(connection, slice).entrySet()) {
                    if (behind(counter.getKey(), counter.getValue())) {
                        serve(connection, counter.getKey());
                    }
                }
            }
        });
    }

    private boolean behind(String shopId, long lastSeq) {
        Set<Waiter> waiters = byShop.get(shopId);
        return waiters != null && waiters.stream().anyMatch(waiter -> !waiter.done && waiter.cursor < lastSeq);
    }

    /** Reads the shop's events after its slowest waiter once, and hands each waiter its part. */
    private void serve(Connection connection, String shopId) throws SQLException {
        Set<Waiter> waiters = byShop.get(shopId);
        if (waiters == null) {
            return;
        }
        long from = waiters.stream().filter(waiter -> !waiter.done).mapToLong(waiter -> waiter.cursor).min()
                .orElse(Long.MAX_VALUE);
        if (from == Long.MAX_VALUE) {
            return;
        }
        List<RefundEvent> fetched = events.after(connection, shopId, from, BATCH);
        if (fetched.isEmpty()) {
            return;
        }
        int delivered = 0;
        for (Waiter waiter : waiters) {
            if (offer(waiter, fetched)) {
                delivered++;
            }
        }
        if (delivered > 0) {
            lag.delivered(fetched);
        }
        if (fetched.size() == BATCH) {
            // More than one batch behind: go on with the rest without waiting for the next poll.
            woken.add(shopId);
            if (wakeQueued.compareAndSet(false, true)) {
                poller.execute(this::pollWoken);
            }
        }
    }

    private static boolean offer(Waiter waiter, List<RefundEvent> fetched) {
        try {
            return waiter.offer(fetched);
        } catch (RuntimeException e) {
            // A client that went away while it was being served; its stream ends and it resumes later.
            LOG.debugf(e, "A waiter of shop %s could not take its events", waiter.shopId);
            return false;
        }
    }

    @FunctionalInterface
    private interface Poll {
        void run(Connection connection) throws SQLException;
    }

    /** One connection per poll; a failing database is logged and tried again at the next poll. */
    private void guarded(Poll poll) {
        try {
            database.read(connection -> {
                poll.run(connection);
                return null;
            });
            if (failing.compareAndSet(true, false)) {
                LOG.info("Waiting ERPs are served again");
            }
        } catch (RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                LOG.warnf("Waiting ERPs cannot be served while the database fails (tried every %s): %s",
                        config.pollInterval(), e.getMessage());
            }
        }
    }
}
