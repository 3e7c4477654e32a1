package io.expressrefund.strategy;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.expressrefund.platform.Identifiers;
import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;

/** A merchant's "before shipment, automatic refund-only" strategy for one of its shops. */
@Tag(name = "Merchant strategies", description = "A merchant's own before-shipment automatic refund-only strategy and its daily usage")
@Path("/api/v1/shops/{shopId}/auto-refund-strategy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MERCHANT)
public class StrategyResource {
    private final StrategyService strategies;
    private final Caller caller;

    public StrategyResource(StrategyService strategies, Caller caller) {
        this.strategies = strategies;
        this.caller = caller;
    }

    /** Creates (201) or replaces (200) the shop's strategy. */
    @Operation(operationId = "saveAutoRefundStrategy", summary = "Create or replace the shop's automatic refund-only strategy")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StrategyView.class)))
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StrategyView.class)))
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response save(@PathParam("shopId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId,
            @NotNull(message = "a JSON request body is required") @Valid StrategyRequest request) {
        caller.requireMerchantOf(shopId);
        StrategyService.Saved saved = strategies.save(shopId, request, caller.name());
        return Response.status(saved.created() ? 201 : 200).entity(saved.strategy()).build();
    }

    /** The strategy with today's usage (platform day). */
    @Operation(operationId = "getAutoRefundStrategy", summary = "Read the strategy with today's usage")
    @APIResponse(responseCode = "200", description = "The strategy with today's usage", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StrategyView.class)))
    @APIResponse(responseCode = "404", description = "The shop has no strategy", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @GET
    public StrategyView find(@PathParam("shopId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId) {
        caller.requireMerchantOf(shopId);
        return strategies.find(shopId).orElseThrow(() -> notFound(shopId));
    }

    @Operation(operationId = "deleteAutoRefundStrategy", summary = "Remove the strategy")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "The shop has no strategy", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @DELETE
    // Nothing to answer but a problem: a client that accepts only application/problem+json (as the document
    // allows, and as generated clients ask) gets the 204 or the problem, not a 406.
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    public Response delete(@PathParam("shopId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId) {
        caller.requireMerchantOf(shopId);
        if (!strategies.delete(shopId)) {
            throw notFound(shopId);
        }
        return Response.noContent().build();
    }

    private static ProblemException notFound(String shopId) {
        return new ProblemException(Problem.of("not-found", "Not found", 404,
                "Shop " + shopId + " has no automatic refund-only strategy."));
    }
}
