package io.expressrefund.events;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * How many long-polls and streams may wait at once: per caller, so that one merchant cannot take the instance,
 * and per instance. A waiter takes a permit before it waits and gives it back when it ends, however it ends.
 */
@ApplicationScoped
public class WaitingLimits {
    private final EventsConfig config;
    private final ConcurrentHashMap<String, AtomicInteger> byCaller = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public WaitingLimits(EventsConfig config) {
        this.config = config;
    }

    /** A place among the waiters, given back once by {@link #release()}. */
    public final class Permit {
        private final String caller;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String caller) {
            this.caller = caller;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                total.decrementAndGet();
                byCaller.computeIfPresent(caller, (name, count) -> count.decrementAndGet() == 0 ? null : count);
            }
        }
    }

    /** Takes a place for this caller, or refuses with 429 when the caller or the instance is at its cap. */
    public Permit acquire(String caller) {
        boolean[] callerFull = {false};
        byCaller.compute(caller, (name, count) -> {
            AtomicInteger taken = count == null ? new AtomicInteger() : count;
            if (taken.get() >= config.maxWaitingPerCaller()) {
                callerFull[0] = true;
            } else {
                taken.incrementAndGet();
            }
            return taken.get() == 0 ? null : taken;
        });
        if (callerFull[0]) {
            throw TooManyWaitersException.perCaller(config.maxWaitingPerCaller(), config.retryAfter());
        }
        if (total.incrementAndGet() > config.maxWaiting()) {
            total.decrementAndGet();
            byCaller.computeIfPresent(caller, (name, count) -> count.decrementAndGet() == 0 ? null : count);
            throw TooManyWaitersException.perInstance(config.maxWaiting(), config.retryAfter());
        }
        return new Permit(caller);
    }

    /** Waiters holding a permit now, for metrics. */
    public int waiting() {
        return total.get();
    }
}
