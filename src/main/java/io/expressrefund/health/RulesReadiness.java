package io.expressrefund.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.expressrefund.rules.RuleService;
import io.expressrefund.rules.RulesStatus;


/**
 * Ready only with a rule set in service (the database's own check comes with the datasource); its data say which,
 * who built it, and whether the rules folder was refused since.
 */
@Readiness
@ApplicationScoped
public class RulesReadiness implements HealthCheck {
    private final RuleService rules;

    public RulesReadiness(RuleService rules) {
        this.rules = rules;
    }

    @Override
    public HealthCheckResponse call() {
        if (!rules.hasRules()) {
            return HealthCheckResponse.named("rules").down().build();
        }
        // Ready on the last good rules too (an instance that started on a refused folder), with the refusal shown.
        RulesStatus status = rules.status();
        HealthCheckResponseBuilder ready = HealthCheckResponse.named("rules").up()
                .withData("version", status.version()).withData("builtBy", status.builtBy());
        return (status.lastError() == null ? ready : ready.withData("folderRefused", true)).build();
    }
}
