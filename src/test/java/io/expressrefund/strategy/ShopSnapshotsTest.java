package io.expressrefund.strategy;

import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.expressrefund.platform.Database;
import io.expressrefund.support.Api;
import io.expressrefund.support.Days;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Json;
import io.expressrefund.support.Requests;
import io.expressrefund.support.Shops;
import io.quarkus.test.junit.QuarkusTest;

/**
 * /evaluate reads a shop's strategy and usage from a short-lived snapshot: what this instance changes is seen at
 * once, what another instance changes within the time-to-live (1 s).
 */
@QuarkusTest
class ShopSnapshotsTest {
    @Inject
    Database database;

    @Test
    void changesMadeHereAreSeenAtOnce() {
        Shops shop = Shops.fresh().withStrategy("500.00", 1, null);
        evaluate(shop).then().statusCode(200).body("path", equalTo("CUSTOM_STRATEGY"));
        // The day's one strategy refund is used up by a recording on this instance.
        Api.afterSales().body(overExpressLimit(shop).map()).post(Api.DECISIONS).then().statusCode(201)
                .body("path", equalTo("CUSTOM_STRATEGY"));
        evaluate(shop).then().body("outcome", equalTo("MANUAL_REVIEW"));
        // A new strategy saved here applies to the next evaluation.
        shop.merchant().body(java.util.Map.of("enabled", true, "maxRefundAmount", new java.math.BigDecimal("500.00"),
                "dailyLimit", 5)).put(shop.strategyPath()).then().statusCode(200);
        evaluate(shop).then().body("path", equalTo("CUSTOM_STRATEGY"));
        shop.merchant().delete(shop.strategyPath()).then().statusCode(204);
        evaluate(shop).then().body("outcome", equalTo("MANUAL_REVIEW"));
    }

    @Test
    void changesMadeElsewhereAreSeenWithinTheTimeToLive() {
        Shops shop = Shops.fresh().withStrategy("500.00", 5, null);
        evaluate(shop).then().body("path", equalTo("CUSTOM_STRATEGY"));
        // Another instance (here: SQL behind the service's back) lowers the cap below the order's amount.
        database.read(connection -> {
            try (var lower = connection.prepareStatement(
                    "UPDATE auto_refund_strategy SET max_refund_amount = 100.00 WHERE shop_id = ?")) {
                lower.setString(1, shop.shopId());
                return lower.executeUpdate();
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> "MANUAL_REVIEW".equals(evaluate(shop).path("outcome")));
    }

    private static io.restassured.response.Response evaluate(Shops shop) {
        return Api.afterSales().body(overExpressLimit(shop).map()).post(Api.EVALUATE);
    }

    private static Json overExpressLimit(Shops shop) {
        return Requests.qualifying(Ids.unique("RF-SNAP")).with("shop.shopId", shop.shopId())
                .with("requestedAt", OffsetDateTime.now(Days.PLATFORM).minusMinutes(1).toString())
                .with("order.paidAt", OffsetDateTime.now(Days.PLATFORM).minusHours(2).toString())
                .with("order.paidAmount", 450.00).with("refundAmount", 450.00);
    }
}
