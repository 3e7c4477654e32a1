package io.expressrefund.events;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Sends a shop's events to one SSE client until it goes away: each event with its seq as the SSE id, and a
 * heartbeat comment when nothing happened for a while.
 */
@ApplicationScoped
public class EventStreamer {
    private static final int BATCH = 100;

    private final EventService events;
    private final EventsConfig config;

    public EventStreamer(EventService events, EventsConfig config) {
        this.events = events;
        this.config = config;
    }

    public void stream(String shopId, long after, SseEventSink sink, Sse sse) throws InterruptedException {
        long cursor = after;
        try (sink) {
            // Answers at once, so that the client knows it is connected before the first event.
            send(sink, sse.newEventBuilder().comment("connected").build());
            while (!sink.isClosed()) {
                EventPage page = events.awaitAfter(shopId, cursor, BATCH, config.heartbeat());
                if (page.items().isEmpty()) {
                    send(sink, sse.newEventBuilder().comment("heartbeat").build());
                    continue;
                }
                for (RefundEvent event : page.items()) {
                    send(sink, sse.newEventBuilder().id(Long.toString(event.seq())).name("refund")
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(RefundEvent.class, event).build());
                }
                cursor = page.nextAfter();
            }
        } catch (ExecutionException | RuntimeException e) {
            // the client went away; it resumes with Last-Event-ID
        }
    }

    private static void send(SseEventSink sink, jakarta.ws.rs.sse.OutboundSseEvent event)
            throws InterruptedException, ExecutionException {
        sink.send(event).toCompletableFuture().get();
    }
}
