package io.expressrefund.rules.engine;

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
 * <p>A consequence that ignores both halt and interrupt (a busy loop) is stuck once it has run past twice the
 * limit. Its thread is then stopped ({@link Thread#stop()}), the one means the JVM has to end code that never
 * looks at an interrupt: without it, such a rule holds a thread and a core for good, and with them every request
 * that thread serves next (a recording writer serves every request of its shops). The stop lands in the rule's
 * code, the decision fails as a rule failure and its session, the one thing the rule could have left half-done,
 * is thrown away. Where the JVM no longer stops threads (Java 20 and later) or {@code
 * refund.rules.stop-stuck-decisions} is false, the thread stays stuck until the consequence returns, if ever.
 * Either way it is logged once as an error, and counted by {@link #stuckDecisions()} until the decision returns.
 */
public final class DecisionWatchdog {
    private static final Logger LOG = Logger.getLogger(DecisionWatchdog.class);

    /**
     * A decision past twice its limit that ignored halt and interrupt.
     *
     * @param where         where it is stuck: the DRL function or rule running and its place, else the rule that
     *                      fired last ({@code package/name}), if any
     * @param threadStopped whether its thread was stopped; if not, it stays busy until the consequence returns
     */
    record Stuck(String where, boolean threadStopped) {
    }

    /** What the watchdog can stop. */
    interface Watched {
        /**
         * Halts and interrupts the decision when it has run longer than the limit; past twice the limit, stops its
         * thread when {@code stopThread} says so and the JVM can.
         *
         * @return the decision, when it is stuck; null when it is not
         */
        Stuck stopIfOver(long nowNanos, long limitNanos, boolean stopThread);
    }

    private final Duration limit;
    private final boolean stopStuckThreads;
    // Weak: the sessions of a rule set that left service are not disposed one by one, they are collected with it.
    private final Set<Watched> watched = Collections.newSetFromMap(new WeakHashMap<>());
    private final Set<Watched> reportedStuck = ConcurrentHashMap.newKeySet();

    private DecisionWatchdog(Duration limit, boolean stopStuckThreads) {
        this.limit = limit;
        this.stopStuckThreads = stopStuckThreads;
    }

    /** A watchdog that stops stuck threads where the JVM can, with its own daemon thread; it lives as long as the process. */
    public static DecisionWatchdog start(Duration limit) {
        return start(limit, true);
    }

    /** A watchdog with its own daemon thread; it lives as long as the process. */
    public static DecisionWatchdog start(Duration limit, boolean stopStuckThreads) {
        DecisionWatchdog watchdog = new DecisionWatchdog(limit, stopStuckThreads);
        Thread thread = new Thread(watchdog::watch, "rules-decision-watchdog");
        thread.setDaemon(true);
        thread.start();
        return watchdog;
    }

    public Duration limit() {
        return limit;
    }

    /**
     * Stops a thread stuck in a decision; false where the JVM no longer does (Java 20 and later). Called only while
     * the thread is inside the decision, so that what the stop throws lands there (see {@link PooledSession}).
     */
    @SuppressWarnings({ "removal", "deprecation" })
    static boolean stop(Thread stuck) {
        try {
            stuck.stop();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
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
                    Stuck stuck = decider.stopIfOver(now, limitNanos, stopStuckThreads);
                    if (stuck != null && reportedStuck.add(decider)) {
                        LOG.errorf("A decision ignored both halt and interrupt for twice its %d ms limit in %s: %s "
                                + "(counted in refund_rules_stuck_decisions until it returns)", limit.toMillis(),
                                stuck.where() == null ? "the engine, with no rule firing" : stuck.where(),
                                stuck.threadStopped() ? "its thread is stopped and the decision fails as a rule failure"
                                        : "its consequence does not return, and holds its thread until it does");
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("Stopping a decision that ran over its time failed: %s", e.getMessage());
                }
            }
        }
    }
}
