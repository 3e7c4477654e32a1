package io.expressrefund.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.expressrefund.rules.RuleService;


class RulesReadinessTest {

    @Test
    void notReadyBeforeARuleSetIsInService() {
        RuleService noRulesYet = new RuleService(null, null, Clock.systemUTC(), null);
        assertEquals(HealthCheckResponse.Status.DOWN, new RulesReadiness(noRulesYet).call().getStatus());
    }
}
