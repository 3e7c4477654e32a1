package io.expressrefund.events;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
import jakarta.ws.rs.sse.OutboundSseEvent;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import io.expressrefund.platform.Identifiers;
import io.expressrefund.decision.QueryValues;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.problem.Problem;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;

/** The refund-event feed of a shop, for its merchant's ERP: after a cursor, long-polled, or streamed. */
@Tag(name = "ERP integration", description = "Automatic refunds for merchants' order systems: the event feed and stream, and the shipment check")
@Path("/api/v1/shops/{shopId}/refund-events")
@RolesAllowed(Roles.MERCHANT)
public class EventResource {
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final EventService events;
    private final LongPolls longPolls;
    private final EventStreamer streamer;
    private final Caller caller;

    public EventResource(EventService events, LongPolls longPolls, EventStreamer streamer, Caller caller) {
        this.events = events;
        this.longPolls = longPolls;
        this.streamer = streamer;
        this.caller = caller;
    }

    /** Events after {@code after}, oldest first. With {@code wait} (up to 60s) it answers when one arrives. */
    @Operation(operationId = "listRefundEvents", summary = "The shop's refund events after a cursor, oldest first; wait=30s long-polls")
    @APIResponse(responseCode = "200", description = "Events after the cursor (empty when none came within wait)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "429", description = "The caller (refund.events.max-waiting-per-caller) or the instance already has as many long-polls and streams waiting as allowed; see Retry-After", headers = @Header(name = "Retry-After", description = "Seconds to wait before trying again", schema = @Schema(type = SchemaType.INTEGER)), content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<EventPage> feed(@PathParam("shopId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId,
            @Parameter(description = "The last seq handled, 0 for the start; past the feed's last seq it is a 400", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0", defaultValue = "0")) @QueryParam("after") @DefaultValue("0") String after,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) @QueryParam("limit") @DefaultValue("100") String limit,
            @Parameter(description = "Long-poll: seconds to wait for an event, 0 to 60, such as 30s", schema = @Schema(type = SchemaType.STRING, pattern = "[0-9]{1,2}s?")) @QueryParam("wait") String wait) {
        caller.requireMerchantOf(shopId);
        long cursor = cursor("after", after);
        int size = QueryValues.number("limit", limit, 1, 1000);
        if (wait == null) {
            return Uni.createFrom().item(() -> events.after(shopId, cursor, size))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return longPolls.awaitAfter(caller.name(), shopId, cursor, size, waitOf(wait));
    }

    /** The same events as Server-Sent Events, resuming after {@code Last-Event-ID} (or {@code after}). */
    @Operation(operationId = "streamRefundEvents", summary = "The shop's refund events as Server-Sent Events, resuming after Last-Event-ID")
    @APIResponse(responseCode = "200", description = "A stream of events named refund, each with its seq as id and a RefundEvent as JSON data, and heartbeat comments", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = RefundEvent.class)))
    @APIResponse(responseCode = "429", description = "The caller (refund.events.max-waiting-per-caller) or the instance already has as many long-polls and streams waiting as allowed; see Retry-After", headers = @Header(name = "Retry-After", description = "Seconds to wait before trying again", schema = @Schema(type = SchemaType.INTEGER)), content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // A worker thread runs this method only until the stream is set up (the cursor is read from the database);
    // the stream itself waits on no thread.
    @Blocking
    public Multi<OutboundSseEvent> stream(@PathParam("shopId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId,
            @Parameter(description = "The last seq received, sent again by SSE clients after a disconnect; past the feed's last seq it is a 400", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0")) @HeaderParam("Last-Event-ID") String lastEventId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0", defaultValue = "0")) @QueryParam("after") @DefaultValue("0") String after,
            @Context Sse sse) {
        caller.requireMerchantOf(shopId);
        String cursorName = lastEventId != null && !lastEventId.isBlank() ? "Last-Event-ID" : "after";
        long cursor = cursor(cursorName, cursorName.equals("after") ? after : lastEventId.strip());
        // Checked before the stream's headers go out, so that a cursor past the end is a 400, not a silent stream.
        return streamer.stream(caller.name(), shopId, cursor, sse, () -> events.requireGivenOut(shopId, cursor, cursorName));
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
