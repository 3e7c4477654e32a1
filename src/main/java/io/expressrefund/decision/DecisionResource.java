package io.expressrefund.decision;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.expressrefund.security.Roles;

@Path("/api/v1/refund-decisions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {
    private final DecisionService decisions;

    public DecisionResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** Decides one refund request and records nothing. */
    @POST
    @Path("/evaluate")
    @RolesAllowed(Roles.REFUND_SERVICE)
    public Decision evaluate(@NotNull(message = "a JSON request body is required") @Valid RefundRequest request) {
        return decisions.evaluate(request);
    }
}
