package io.expressrefund.rules;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;

/** For operators and rule authors: what is in service, reload now, and check a change before it goes live. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.RULES_ADMIN)
public class RulesResource {
    private final RuleService rules;
    private final Caller caller;

    public RulesResource(RuleService rules, Caller caller) {
        this.rules = rules;
        this.caller = caller;
    }

    @GET
    public RulesStatus status() {
        return rules.status();
    }

    /** Rebuilds from the rules folder now: 200 with the new status, or 422 with every problem (the rules in service stay). */
    @POST
    @Path("/reload")
    public RulesStatus reload() {
        return rules.reloadFromDisk(caller.name());
    }

    /** Compiles the given files and runs the cases against them; activates nothing. */
    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public ValidationResult validate(@NotNull(message = "a JSON request body is required") @Valid ValidationRequest request) {
        RuleSource source = request.toSource(rules.casesOnDisk());
        RuleSet candidate = rules.validate(source, caller.name());
        return new ValidationResult(true, candidate.version(), candidate.ruleNames(), candidate.casesPassed());
    }
}
