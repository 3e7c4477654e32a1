package io.expressrefund.events;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.expressrefund.decision.Identifiers;
import io.expressrefund.decision.QueryValues;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.problem.Problem;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;

/** The refund-event feed of a shop, for its merchant's ERP: after a cursor, long-polled, or streamed. */
@Tag(name = "ERP integration")
@Path("/api/v1/shops/{shopId}/refund-events")
@RolesAllowed(Roles.MERCHANT)
public class EventResource {
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final EventService events;
    private final EventStreamer streamer;
    private final Caller caller;

    public EventResource(EventService events, EventStreamer streamer, Caller caller) {
        this.events = events;
        this.streamer = streamer;
        this.caller = caller;
    }

    /** Events after {@code after}, oldest first. With {@code wait} (up to 60s) it answers when one arrives. */
    @Operation(summary = "The shop's refund events after a cursor, oldest first; wait=30s long-polls")
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public EventPage feed(@PathParam("shopId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId,
            @QueryParam("after") @DefaultValue("0") String after,
            @QueryParam("limit") @DefaultValue("100") String limit,
            @QueryParam("wait") String wait) throws InterruptedException {
        caller.requireMerchantOf(shopId);
        long cursor = cursor("after", after);
        int size = QueryValues.number("limit", limit, 1, 1000);
        if (wait == null) {
            return events.after(shopId, cursor, size);
        }
        return events.awaitAfter(shopId, cursor, size, waitOf(wait));
    }

    /** The same events as Server-Sent Events, resuming after {@code Last-Event-ID} (or {@code after}). */
    @Operation(summary = "The shop's refund events as Server-Sent Events, resuming after Last-Event-ID")
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("shopId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("after") @DefaultValue("0") String after,
            @Context SseEventSink sink, @Context Sse sse) throws InterruptedException {
        caller.requireMerchantOf(shopId);
        long cursor = lastEventId != null && !lastEventId.isBlank() ? cursor("Last-Event-ID", lastEventId.strip())
                : cursor("after", after);
        streamer.stream(shopId, cursor, sink, sse);
    }

    /** A seq this feed gave out, from the query parameter or header {@code name}. */
    private static long cursor(String name, String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException(name, "must be a seq this feed gave out (a whole number, 0 for the start)");
    }

    static Duration waitOf(String text) {
        String seconds = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
        try {
            Duration wait = Duration.ofSeconds(Long.parseLong(seconds));
            if (!wait.isNegative() && wait.compareTo(MAX_WAIT) <= 0) {
                return wait;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException(List.of(new io.expressrefund.problem.FieldViolation("wait",
                "must be a number of seconds from 0 to 60, such as 30s")));
    }
}
