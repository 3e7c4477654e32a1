package io.expressrefund.events;

import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.expressrefund.decision.DecisionService;
import io.expressrefund.platform.Identifiers;
import io.expressrefund.problem.Problem;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;

/** What an ERP asks right before handing a parcel to the carrier. */
@Tag(name = "ERP integration", description = "Automatic refunds for merchants' order systems: the event feed and stream, and the shipment check")
@Path("/api/v1/orders/{orderId}/shipment-check")
@RolesAllowed(Roles.MERCHANT)
public class ShipmentCheckResource {
    private final DecisionService decisions;
    private final Caller caller;

    public ShipmentCheckResource(DecisionService decisions, Caller caller) {
        this.decisions = decisions;
        this.caller = caller;
    }

    /**
     * {@code ship: false} when an automatic refund was decided for the order in one of the caller's shops (or
     * in {@code shopId}, when given). Orders of other shops are not looked at, so nothing leaks.
     */
    @Operation(operationId = "checkShipment", summary = "Whether the order's parcel may go to the carrier: not if it was refunded automatically")
    @APIResponse(responseCode = "200", description = "ship: true, or false with the refund", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShipmentCheck.class)))
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ShipmentCheck check(
            @PathParam("orderId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String orderId,
            @QueryParam("shopId") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId) {
        Set<String> shops;
        if (shopId != null) {
            caller.requireMerchantOf(shopId);
            shops = Set.of(shopId);
        } else {
            shops = caller.shops();
        }
        return decisions.automaticRefundOf(orderId, shops)
                .map(refund -> ShipmentCheck.refunded(refund.refundId(), refund.decidedAt()))
                .orElseGet(ShipmentCheck::mayShip);
    }
}
