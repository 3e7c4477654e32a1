package io.expressrefund.events;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * A long-poll: the events after a cursor at once if there are some, else the first ones to come within the wait,
 * else an empty page at its end. While it waits it holds a place among the waiters, not a thread.
 */
@ApplicationScoped
public class LongPolls {
    private final EventService events;
    private final EventWaiters waiters;
    private final WaitingLimits limits;

    public LongPolls(EventService events, EventWaiters waiters, WaitingLimits limits) {
        this.events = events;
        this.waiters = waiters;
        this.limits = limits;
    }

    /** Refused with 429 when the caller or the instance has too many waiting. */
    public Uni<EventPage> awaitAfter(String caller, String shopId, long after, int limit, Duration wait) {
        WaitingLimits.Permit permit = limits.acquire(caller);
        return Uni.createFrom().item(() -> events.after(shopId, after, limit))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(page -> page.items().isEmpty() && !wait.isZero() ? firstToCome(shopId, after, limit, wait)
                        : Uni.createFrom().item(page))
                .onTermination().invoke(permit::release);
    }

    private Uni<EventPage> firstToCome(String shopId, long after, int limit, Duration wait) {
        return Uni.createFrom().<List<RefundEvent>>emitter(emitter -> {
            EventWaiters.Waiter waiter = waiters.awaitOnce(shopId, after, limit, emitter::complete);
            emitter.onTermination(() -> waiters.remove(waiter));
        })
                .map(items -> new EventPage(items, items.get(items.size() - 1).seq()))
                .ifNoItem().after(wait).recoverWithItem(() -> new EventPage(List.of(), after));
    }
}
