package io.expressrefund.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.expressrefund.support.Api;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Requests;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperabilityTest {

    @Test
    void readinessNamesTheRulesInServiceAndTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("rules"))
                .body("checks.find { it.name == 'rules' }.data.version", notNullValue())
                .body("checks.find { it.name == 'rules' }.data.builtBy", notNullValue());
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsMoveWhenDecisionsAreMade() {
        double before = sample("refund_decisions_total", "outcome=\"MANUAL_REVIEW\"", "recorded=\"true\"");
        double reasonsBefore = sample("refund_decision_reasons_total", "code=\"VIRTUAL_GOODS\"");
        Api.afterSales().body(Requests.qualifying(Ids.unique("RF-MET")).with("order.virtualGoods", true).map())
                .post(Api.DECISIONS).then().statusCode(201);
        assertTrue(sample("refund_decisions_total", "outcome=\"MANUAL_REVIEW\"", "recorded=\"true\"") >= before + 1);
        assertTrue(sample("refund_decision_reasons_total", "code=\"VIRTUAL_GOODS\"") >= reasonsBefore + 1);
        given().get("/q/metrics").then()
                .body(containsString("refund_decision_duration_seconds_bucket"))
                .body(containsString("refund_rules_active{"))
                .body(containsString("refund_rules_reloads_total{result=\"activated\"}"));
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointAndTheProblemShape() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/refund-decisions/evaluate"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/refund-decisions"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/rules/validate"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/shops/{shopId}/auto-refund-strategy"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/shops/{shopId}/refund-events"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/orders/{orderId}/shipment-check"))
                .body("components.schemas", org.hamcrest.Matchers.hasKey("Problem"))
                .body("components.schemas.RefundRequest.properties.refundAmount.description", notNullValue())
                .body("components.schemas.Outcome.enum", hasItem("AUTO_REFUND"))
                .body("paths.'/api/v1/refund-decisions'.post.responses", org.hamcrest.Matchers.hasKey("409"));
    }

    /** The sum of a Prometheus metric's samples whose labels contain all the given ones. */
    static double sample(String name, String... labels) {
        String text = given().get("/q/metrics").asString();
        double sum = 0;
        Matcher line = Pattern.compile("^" + name + "\\{([^}]*)\\} ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(text);
        while (line.find()) {
            boolean matches = true;
            for (String label : labels) {
                matches &= line.group(1).contains(label);
            }
            if (matches) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }
}
