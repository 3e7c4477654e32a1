package io.expressrefund.decision;

import static io.expressrefund.support.Requests.qualifying;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.expressrefund.support.Api;
import io.expressrefund.support.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With the database gone, nothing is answered as decided: 503 problems, and the service is not ready. */
@QuarkusTest
@TestProfile(DatabaseDownTest.NoDatabase.class)
class DatabaseDownTest {

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.\"pg\".active", "true",
                    "quarkus.datasource.\"h2\".active", "false",
                    "quarkus.datasource.\"pg\".jdbc.url", "jdbc:postgresql://127.0.0.1:1/nowhere",
                    "quarkus.datasource.\"pg\".jdbc.acquisition-timeout", "1s",
                    "quarkus.flyway.\"pg\".migrate-at-start", "false");
        }
    }

    @Test
    void aDecisionThatCannotBeRecordedIsA503NeverA201() {
        Api.afterSales().body(qualifying(Ids.unique("RF-DOWN")).map()).post(Api.DECISIONS).then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", equalTo("1"))
                .body("status", equalTo(503));
    }

    @Test
    void theServiceIsNotReadyWithoutItsDatabase() {
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(503);
    }
}
