package io.expressrefund.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

/**
 * Stops decisions that take too long. One daemon thread looks at every session that is deciding, a few times
 * per limit; one over its limit is halted (the engine stops between two firings) and its thread interrupted
 * (a consequence that sleeps or waits wakes with an exception). Sessions only note when they start and end, so a
 * decision pays no timer of its own.
 *
 * <p>A consequence that ignores both halt and interrupt (a busy loop) cannot be stopped from outside: its
 * thread stays busy until the consequence returns, if ever. That is logged once as an error, and counted by
 * {@link #stuckDecisions()} until the decision returns.
 */
public final class DecisionWatchdog {
    private static final Logger LOG = Logger.getLogger(DecisionWatchdog.class);

    /** What the watchdog can stop. */
    interface Watched {
        /**
         * Stops the decision when it has run longer than the limit.
         *
         * @return true when the decision was stopped before and still has not returned: its thread is stuck
         */
        boolean stopIfOver(long nowNanos, long limitNanos);

        /** The rule firing now, as {@code package/name}, if a decision is running. */
        String ruleFiringNow();
    }

    private final Duration limit;
    // Weak: the sessions of a rule set that left service are not disposed one by one, they are collected with it.
    private final Set<Watched> watched = Collections.newSetFromMap(new WeakHashMap<>());
    private final Set<Watched> reportedStuck = ConcurrentHashMap.newKeySet();

    private DecisionWatchdog(Duration limit) {
        this.limit = limit;
    }

    /** A watchdog with its own daemon thread; it lives as long as the process. */
    public static DecisionWatchdog start(Duration limit) {
        DecisionWatchdog watchdog = new DecisionWatchdog(limit);
        Thread thread = new Thread(watchdog::watch, "rules-decision-watchdog");
        thread.setDaemon(true);
        thread.start();
        return watchdog;
    }

    public Duration limit() {
        return limit;
    }

    /** Decisions that ran past twice the limit ignoring halt and interrupt, and have not returned since. */
    public int stuckDecisions() {
        return reportedStuck.size();
    }

    void watch(Watched decider) {
        synchronized (watched) {
            watched.add(decider);
        }
    }

    void forget(Watched decider) {
        synchronized (watched) {
            watched.remove(decider);
        }
        reportedStuck.remove(decider);
    }

    private void watch() {
        long limitNanos = limit.toNanos();
        long tick = Math.max(Duration.ofMillis(5).toNanos(), Math.min(limitNanos / 4, Duration.ofMillis(100).toNanos()));
        while (true) {
            LockSupport.parkNanos(tick);
            Watched[] deciders;
            synchronized (watched) {
                deciders = watched.toArray(new Watched[0]);
            }
            long now = System.nanoTime();
            for (Watched decider : deciders) {
                try {
                    if (decider.stopIfOver(now, limitNanos) && reportedStuck.add(decider)) {
                        LOG.errorf("A decision ignored both halt and interrupt for twice its %d ms limit: the consequence of "
                                + "rule %s does not return, and holds its thread until it does (counted in refund_rules_stuck_decisions)",
                                limit.toMillis(), decider.ruleFiringNow());
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("Stopping a decision that ran over its time failed: %s", e.getMessage());
                }
            }
        }
    }
}
