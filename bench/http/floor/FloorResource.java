package io.expressrefund.benchfloor;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.expressrefund.decision.Decision;
import io.expressrefund.request.RefundRequest;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.security.Roles;

/**
 * BENCHMARK ONLY - never part of the service. bench/run.sh copies the service's sources to bench/target/floor-build,
 * adds this file and packages that copy, so that the load test can measure, in the same jar and the same run, the
 * floor of the HTTP stack: the same request JSON, authenticated, read by the same ObjectMapper, bound and
 * validated exactly as /evaluate binds it, on the same worker threads, answered with a decision of the same shape
 * (a constant) - with no storage, no rule and no decision logic.
 */
@Path("/api/v1/bench/floor")
public class FloorResource {
    private static final List<String> FIRED = List.of("Refund at once when every express refund condition holds");

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REFUND_SERVICE)
    public Decision floor(@NotNull(message = "a JSON request body is required") @Valid RefundRequest request) {
        return new Decision(request.refundId(), Outcome.AUTO_REFUND, DecisionPath.EXPRESS_REFUND, List.of(), FIRED,
                "sha256:0000000000000000");
    }
}
