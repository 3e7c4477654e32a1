package io.expressrefund.rules;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.expressrefund.problem.Problem;
import io.expressrefund.rules.declared.FactTypes;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;

/** For operators and rule authors: what is in service, reload now, and check a change before it goes live. */
@Tag(name = "Rules", description = "The rule set in service, its lifecycle, and checking a change before it goes live")
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

    @Operation(operationId = "getRulesStatus", summary = "The rule set in service, the build in progress and the latest build")
    @APIResponse(responseCode = "200", description = "The status", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RulesStatus.class)))
    @GET
    public RulesStatus status() {
        return rules.status();
    }

    /** What a request may carry under {@code facts}: the types the rules in service declare, with their fields. */
    @Operation(operationId = "listFactTypes", summary = "The fact types the rules in service declare, as requests may post them under facts")
    @APIResponse(responseCode = "200", description = "The declared fact types", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FactTypes.class)))
    @GET
    @Path("/fact-types")
    @RolesAllowed({ Roles.REFUND_SERVICE, Roles.RULES_ADMIN })
    public FactTypes factTypes() {
        RuleSet inService = rules.current();
        return new FactTypes(inService.version(), inService.factTypes().describe());
    }

    /** Rebuilds from the rules folder now: 200 with the new status, or 422 with every problem (the rules in service stay). */
    @Operation(operationId = "reloadRules", summary = "Rebuild from the rules folder now")
    @APIResponse(responseCode = "200", description = "Activated, or unchanged: the new status", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RulesStatus.class)))
    @APIResponse(responseCode = "422", description = "The rules were refused; errors lists each problem and the rules in service stay", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/reload")
    public RulesStatus reload() {
        return rules.reloadFromDisk(caller.name());
    }

    /** Compiles the given files and runs the cases against them; activates nothing. */
    @Operation(operationId = "validateRules", summary = "Compile DRL text and run cases against it, activating nothing")
    @APIResponse(responseCode = "200", description = "The candidate compiled and passed its cases", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ValidationResult.class)))
    @APIResponse(responseCode = "422", description = "The text was refused; errors lists each problem", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public ValidationResult validate(@NotNull(message = "a JSON request body is required") @Valid ValidationRequest request) {
        RuleSource source = request.toSource(rules.casesOnDisk());
        RuleSet candidate = rules.validate(source, caller.name());
        return new ValidationResult(true, candidate.version(), candidate.ruleNames(), candidate.casesPassed(),
                candidate.rulesNoCaseFires(), candidate.warnings());
    }
}
