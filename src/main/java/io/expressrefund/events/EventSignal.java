package io.expressrefund.events;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes this instance's long-polls and streams as soon as it commits an event. Events committed by other
 * instances are found by the waiters' periodic look at the database instead.
 */
@ApplicationScoped
public class EventSignal {
    private long generation;

    public synchronized long generation() {
        return generation;
    }

    synchronized void signal() {
        generation++;
        notifyAll();
    }

    /** Waits until the generation moves past the one given, or the time is up. */
    public synchronized void awaitAfter(long seen, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
