package io.expressrefund.replay;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.expressrefund.decision.QueryValues;
import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;

/** Before you activate: replay recorded decisions against candidate rules and see what would change. */
@Tag(name = "Rules", description = "The rule set in service, its lifecycle, and checking a change before it goes live")
@Path("/api/v1/rules/replays")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.RULES_ADMIN)
public class ReplayResource {
    private static final String ID = "[A-Za-z0-9-]{1,64}";

    private final ReplayService replays;
    private final Caller caller;

    public ReplayResource(ReplayService replays, Caller caller) {
        this.replays = replays;
        this.caller = caller;
    }

    /** A page of jobs. */
    @Schema(description = "The replays this instance keeps (a day after they end), newest first")
    public record ReplayList(List<ReplayView> items) {
    }

    @Operation(operationId = "startReplay", summary = "Replay recorded decisions against candidate rules; activates nothing and writes nothing")
    @APIResponse(responseCode = "202", description = "Started; poll the Location", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReplayView.class)))
    @APIResponse(responseCode = "422", description = "The candidate was refused, exactly as /validate refuses it", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Replays are running or waiting already", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@NotNull(message = "a JSON request body is required") @Valid ReplayRequest request) {
        ReplayView job = replays.start(request, caller.name());
        return Response.accepted(job).location(URI.create("/api/v1/rules/replays/" + job.id())).build();
    }

    @Operation(operationId = "listReplays", summary = "The replays this instance keeps, newest first")
    @GET
    public ReplayList list() {
        return new ReplayList(replays.list());
    }

    @Operation(operationId = "getReplay", summary = "A replay's state, progress and, once done, its summary")
    @APIResponse(responseCode = "200", description = "The replay", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReplayView.class)))
    @APIResponse(responseCode = "404", description = "No such replay (or it was forgotten)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("/{id}")
    public ReplayView find(@PathParam("id") @Pattern(regexp = ID, message = "is not a replay id") String id) {
        return replays.find(id).orElseThrow(() -> notFound(id));
    }

    @Operation(operationId = "listReplayChanges", summary = "Every decision the candidate decides otherwise, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of changes", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReplayChanges.class)))
    @APIResponse(responseCode = "404", description = "No such replay", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("/{id}/changes")
    public ReplayChanges changes(@PathParam("id") @Pattern(regexp = ID, message = "is not a replay id") String id,
            @QueryParam("cursor") @Pattern(regexp = "[0-9]{1,19}", message = "is not a cursor this service gave out") String cursor,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) @QueryParam("limit") @DefaultValue("100") String limit) {
        return replays.changes(id, cursor, QueryValues.number("limit", limit, 1, 1000)).orElseThrow(() -> notFound(id));
    }

    @Operation(operationId = "cancelReplay", summary = "Cancel a running replay, or forget a finished one")
    @APIResponse(responseCode = "204", description = "Cancelled or forgotten")
    @APIResponse(responseCode = "404", description = "No such replay", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @DELETE
    // Nothing to answer but a problem: a client that accepts only application/problem+json (as the document
    // allows, and as generated clients ask) gets the 204 or the problem, not a 406.
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Path("/{id}")
    public Response cancel(@PathParam("id") @Pattern(regexp = ID, message = "is not a replay id") String id) {
        if (!replays.cancel(id)) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, "No replay " + id + " is kept here."));
    }
}
