package io.expressrefund.events;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;

/**
 * A shop's events as Server-Sent Events for one client, until it goes away: each event with its seq as the SSE
 * id, and a heartbeat comment when nothing happened for a while. The stream holds no thread while it waits.
 */
@ApplicationScoped
public class EventStreamer {
    private final EventWaiters waiters;
    private final WaitingLimits limits;
    private final EventsConfig config;

    public EventStreamer(EventWaiters waiters, WaitingLimits limits, EventsConfig config) {
        this.waiters = waiters;
        this.limits = limits;
        this.config = config;
    }

    /** The stream of events after {@code after}; refused with 429 when the caller or instance has too many. */
    public Multi<OutboundSseEvent> stream(String caller, String shopId, long after, Sse sse) {
        return stream(caller, shopId, after, sse, () -> {
        });
    }

    /**
     * The same, once {@code checkCursor} has passed: it runs after the caps (a caller over them costs no database
     * read) and before anything is sent (so that what it throws is still answered as a problem).
     */
    public Multi<OutboundSseEvent> stream(String caller, String shopId, long after, Sse sse, Runnable checkCursor) {
        WaitingLimits.Permit permit = limits.acquire(caller);
        try {
            checkCursor.run();
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        // Answers at once, so that the client knows it is connected before the first event.
        Multi<OutboundSseEvent> connected = Multi.createFrom().item(sse.newEventBuilder().comment("connected").build());
        Multi<OutboundSseEvent> refunds = Multi.createFrom().<List<RefundEvent>>emitter(emitter -> {
            EventWaiters.Waiter waiter = waiters.follow(shopId, after, emitter::emit);
            emitter.onTermination(() -> waiters.remove(waiter));
        }, BackPressureStrategy.BUFFER)
                .onItem().<RefundEvent>disjoint()
                .map(event -> sse.newEventBuilder().id(Long.toString(event.seq())).name("refund")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(RefundEvent.class, event).build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(config.heartbeat())
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(connected, refunds, heartbeats)
                .onTermination().invoke(permit::release);
    }
}
