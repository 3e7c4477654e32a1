package io.expressrefund.decision;

import io.expressrefund.platform.Identifiers;
import io.expressrefund.request.RefundRequest;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;

@Tag(name = "Refund decisions", description = "Decide refund requests, record them once, read and list what was decided")
@Path("/api/v1/refund-decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {
    private final DecisionService decisions;
    private final Caller caller;

    public DecisionResource(DecisionService decisions, Caller caller) {
        this.decisions = decisions;
        this.caller = caller;
    }

    /** Decides one refund request and records nothing. */
    @Operation(operationId = "evaluateRefund", summary = "Decide a refund request without recording it")
    @APIResponse(responseCode = "200", description = "The decision, with its reasons and the rules that fired", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Decision.class)))
    @POST
    @Path("/evaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REFUND_SERVICE)
    public Decision evaluate(@NotNull(message = "a JSON request body is required") @Valid RefundRequest request) {
        return decisions.evaluate(request);
    }

    /** Decides and records: 201 the first time, 200 with the recorded decision for a replay of the same request. */
    @Operation(operationId = "recordRefundDecision", summary = "Decide and record a refund request, once per refundId")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordedDecision.class)))
    @APIResponse(responseCode = "200", description = "The same request again: the decision recorded before", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordedDecision.class)))
    @APIResponse(responseCode = "409", description = "The refundId was decided before with other facts", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Nothing was recorded: the database did not answer (storage-unavailable), or too many requests wait to be recorded or the instance is stopping (recording-unavailable). Send the same request again after Retry-After", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REFUND_SERVICE)
    public Uni<Response> record(@NotNull(message = "a JSON request body is required") @Valid RefundRequest request) {
        return Uni.createFrom().completionStage(decisions.record(request, caller.name())).map(recording -> {
            if (!recording.created()) {
                return Response.ok(recording.decision()).build();
            }
            return Response.created(URI.create("/api/v1/refund-decisions/" + request.refundId()))
                    .entity(recording.decision()).build();
        });
    }

    @Operation(operationId = "getRefundDecision", summary = "Read one recorded decision with its input facts")
    @APIResponse(responseCode = "200", description = "The recorded decision with the request as posted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordedDecision.class)))
    @APIResponse(responseCode = "404", description = "No decision was recorded for this refundId", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("/{refundId}")
    @RolesAllowed({ Roles.REFUND_SERVICE, Roles.MERCHANT })
    public RecordedDecision find(
            @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = Identifiers.PATTERN)) @PathParam("refundId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String refundId) {
        RecordedDecision decision = decisions.find(refundId).orElse(null);
        if (decision == null) {
            if (!caller.isRefundService()) {
                // A merchant learns nothing of refunds that are not its shops', not even whether they exist.
                throw Caller.forbidden();
            }
            throw new ProblemException(Problem.of("not-found", "Not found", 404, "No decision was recorded for " + refundId + "."));
        }
        caller.requireReaderOf(decision.shopId());
        return decision;
    }

    /**
     * Recorded decisions, newest first. {@code path=EXPRESS_REFUND} lists a shop's express refunds (the
     * merchant's workbench filter). Merchants must name one of their shops.
     */
    @Operation(operationId = "listRefundDecisions", summary = "List recorded decisions, newest first; path=EXPRESS_REFUND lists a shop's express refunds")
    @APIResponse(responseCode = "200", description = "A page of decisions (without their requests)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DecisionPage.class)))
    @GET
    @RolesAllowed({ Roles.REFUND_SERVICE, Roles.MERCHANT })
    public DecisionPage list(
            @Parameter(description = "The shop; merchants must name one of theirs", schema = @Schema(type = SchemaType.STRING, pattern = Identifiers.PATTERN)) @QueryParam("shopId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId,
            @Parameter(schema = @Schema(implementation = DecisionPath.class)) @QueryParam("path") String path,
            @Parameter(schema = @Schema(implementation = Outcome.class)) @QueryParam("outcome") String outcome,
            @Parameter(description = "Decided at or after, ISO-8601 with an offset", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("from") String from,
            @Parameter(description = "Decided before, ISO-8601 with an offset", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("to") String to,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50")) @QueryParam("limit") @DefaultValue("50") String limit,
            @Parameter(description = "The previous page's nextCursor", schema = @Schema(type = SchemaType.STRING, pattern = "[A-Za-z0-9_-]{1,200}")) @QueryParam("cursor") @Pattern(regexp = "[A-Za-z0-9_-]{1,200}", message = "is not a cursor this service gave out") String cursor) {
        if (shopId == null) {
            if (!caller.isRefundService()) {
                throw new InvalidRequestException("shopId", "is required for merchants");
            }
        } else {
            caller.requireReaderOf(shopId);
        }
        return decisions.list(new DecisionFilter(shopId, QueryValues.oneOf("path", path, DecisionPath.class),
                QueryValues.oneOf("outcome", outcome, Outcome.class), QueryValues.instant("from", from),
                QueryValues.instant("to", to), QueryValues.number("limit", limit, 1, 200),
                cursor == null ? null : PageCursor.decode(cursor)));
    }
}
