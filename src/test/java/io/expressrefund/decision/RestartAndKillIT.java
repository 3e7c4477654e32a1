package io.expressrefund.decision;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.expressrefund.support.Shops;
import io.expressrefund.support.ServiceProcess;
import io.restassured.specification.RequestSpecification;

/** What was answered 201 is on disk: decisions and usage survive kill -9 and a restart of the packaged service. */
class RestartAndKillIT {

    @Test
    void decisionsAndUsageSurviveAKillAndARestart() throws Exception {
        Path data = Files.createTempDirectory("express-refund-data");
        Map<String, String> h2File = Map.of("quarkus.datasource.\"h2\".jdbc.url", "jdbc:h2:file:" + data.resolve("db")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
        Shops shop = Shops.fresh();
        var request = RecordedDecisionsContract.overExpressLimit(shop, 0);
        String refundId = (String) request.map().get("refundId");

        try (ServiceProcess first = ServiceProcess.start(h2File)) {
            shop.merchant().baseUri(first.baseUri()).body(Map.of("enabled", true, "maxRefundAmount", 500, "dailyLimit", 2))
                    .put(shop.strategyPath()).then().statusCode(201);
            afterSales(first).body(request.map()).post("/api/v1/refund-decisions").then().statusCode(201)
                    .body("path", equalTo("CUSTOM_STRATEGY"));
            first.kill();
        }

        try (ServiceProcess second = ServiceProcess.start(h2File)) {
            afterSales(second).get("/api/v1/refund-decisions/" + refundId).then().statusCode(200)
                    .body("path", equalTo("CUSTOM_STRATEGY"));
            shop.merchant().baseUri(second.baseUri()).get(shop.strategyPath()).then().statusCode(200)
                    .body("usageToday.count", equalTo(1));
            afterSales(second).body(request.map()).post("/api/v1/refund-decisions").then().statusCode(200);
            afterSales(second).body(RecordedDecisionsContract.overExpressLimit(shop, 0).map())
                    .post("/api/v1/refund-decisions").then().statusCode(201).body("path", equalTo("CUSTOM_STRATEGY"));
            afterSales(second).body(RecordedDecisionsContract.overExpressLimit(shop, 0).map())
                    .post("/api/v1/refund-decisions").then().statusCode(201).body("outcome", equalTo("MANUAL_REVIEW"));
            // The feed goes on across the kill: the event before it and the one after, without a gap.
            shop.merchant().baseUri(second.baseUri()).get(shop.eventsPath()).then().statusCode(200)
                    .body("items.seq", contains(1, 2))
                    .body("items[0].refundId", equalTo(refundId));
        }
    }

    static RequestSpecification afterSales(ServiceProcess service) {
        return given().baseUri(service.baseUri()).auth().preemptive().basic("after-sales", "after-sales-secret")
                .contentType("application/json");
    }
}
