package io.expressrefund.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.expressrefund.rules.RuleService;

/** Ready only with a rule set in service (the database's own check comes with the datasource). */
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
        return HealthCheckResponse.named("rules").up().withData("version", rules.status().version()).build();
    }
}
