package io.expressrefund.rules;

import static io.expressrefund.support.Requests.qualifying;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.expressrefund.support.Api;
import io.expressrefund.support.TempRules;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With watching off, edits wait for a reload, and every rules change names the operator who made it. */
@QuarkusTest
@TestProfile(UnwatchedRulesTest.Unwatched.class)
class UnwatchedRulesTest {
    static final TempRules RULES = TempRules.copyOfRealRules("unwatched-rules");

    public static class Unwatched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("refund.rules.dir", RULES.folder().toString(), "refund.rules.watch", "false");
        }
    }

    @AfterEach
    void putTheRealRulesBack() {
        RULES.restore();
        Api.operator().post(Api.RULES + "/reload").then().statusCode(200);
    }

    @Test
    void anEditWaitsForAReloadWhichIsAttributedToTheOperator() throws InterruptedException {
        String before = Api.operator().get(Api.RULES).path("version");
        RULES.write("express/policy.drl", RULES.read("express/policy.drl") + "\n// postponed\n");
        Thread.sleep(1500);
        assertEquals(before, Api.afterSales().body(qualifying("RF-UW").map()).post(Api.EVALUATE).path("ruleSetVersion"));

        Api.operator().post(Api.RULES + "/reload").then().statusCode(200).body("builtBy", equalTo("operator"));
        RULES.write("express/policy.drl", "package express;\nrule \"broken\" when then");
        Api.operator().post(Api.RULES + "/reload").then().statusCode(422);
        Api.operator().get(Api.RULES).then()
                .body("builtBy", equalTo("operator"))
                .body("lastError.requestedBy", equalTo("operator"))
                .body("lastError.errors[0].file", equalTo("express/policy.drl"));
    }
}
