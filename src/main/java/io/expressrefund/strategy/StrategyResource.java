package io.expressrefund.strategy;

import jakarta.annotation.security.RolesAllowed;
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

import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;

/** A merchant's "before shipment, automatic refund-only" strategy for one of its shops. */
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
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response save(@PathParam("shopId") String shopId,
            @NotNull(message = "a JSON request body is required") @Valid StrategyRequest request) {
        caller.requireMerchantOf(shopId);
        StrategyService.Saved saved = strategies.save(shopId, request, caller.name());
        return Response.status(saved.created() ? 201 : 200).entity(saved.strategy()).build();
    }

    /** The strategy with today's usage (platform day). */
    @GET
    public StrategyView find(@PathParam("shopId") String shopId) {
        caller.requireMerchantOf(shopId);
        return strategies.find(shopId).orElseThrow(() -> notFound(shopId));
    }

    @DELETE
    public Response delete(@PathParam("shopId") String shopId) {
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
