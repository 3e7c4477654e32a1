package io.expressrefund.strategy;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.expressrefund.support.Days;
import io.expressrefund.support.Shops;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class StrategyResourceTest {

    @ParameterizedTest(name = "cap {0} is accepted")
    @ValueSource(strings = { "1.00", "99999.00", "1", "500.5" })
    void capsFromOneTo99999YuanAreAccepted(String cap) {
        Shops shop = Shops.fresh();
        shop.merchant().body(strategy(cap, 20, "5000.00")).put(shop.strategyPath()).then().statusCode(201)
                .body("maxRefundAmount", equalTo(new BigDecimal(cap).setScale(2).floatValue()))
                .body("updatedAt", notNullValue())
                .body("usageToday.count", equalTo(0));
    }

    @Test
    void amountsWrittenWithAnExponentAreTheNumbersTheyWrite() {
        // JSON may write a whole number with an exponent: 5e2 is 500, stored in a column of two decimals.
        Shops shop = Shops.fresh();
        shop.merchant().body("{\"enabled\": true, \"maxRefundAmount\": 5e2, \"dailyLimit\": 20, \"dailyAmountLimit\": 1.5E+3}")
                .put(shop.strategyPath()).then().statusCode(201)
                .body("maxRefundAmount", equalTo(500.00f))
                .body("dailyAmountLimit", equalTo(1500.00f));
        // Past the range, one violation saying so (found by curl: 1e5 was also "must have at most two decimals"), and a
        // number whose digits would be countless is refused as quickly.
        for (String cap : new String[] { "1e5", "1e999999999" }) {
            shop.merchant().body("{\"enabled\": true, \"maxRefundAmount\": " + cap + ", \"dailyLimit\": 20}")
                    .put(shop.strategyPath()).then().statusCode(400)
                    .body("violations.field", equalTo(java.util.List.of("maxRefundAmount")))
                    .body("violations.message", equalTo(java.util.List.of("must be at most 99999.00 yuan")));
        }
    }

    @ParameterizedTest(name = "cap {0} is refused")
    @ValueSource(strings = { "0.99", "100000.00", "0", "-5", "12.345" })
    void capsOutsideOneTo99999YuanAreRefusedNamingTheField(String cap) {
        Shops shop = Shops.fresh();
        shop.merchant().body(strategy(cap, 20, null)).put(shop.strategyPath()).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("violations.field", hasItem("maxRefundAmount"));
    }

    @ParameterizedTest(name = "daily limit {0} is refused")
    @ValueSource(ints = { 0, -1, 1_000_001 })
    void dailyLimitsOutsideOneToAMillionAreRefused(int limit) {
        Shops shop = Shops.fresh();
        shop.merchant().body(strategy("100.00", limit, null)).put(shop.strategyPath()).then().statusCode(400)
                .body("violations.field", hasItem("dailyLimit"));
    }

    @ParameterizedTest(name = "daily limit {0} is refused, not rounded or parsed")
    @ValueSource(strings = { "20.5", "20.0", "2e1", "\"20\"", "99999999999999999999" })
    void dailyLimitsThatAreNotJsonWholeNumbersAreRefusedNamingTheField(String limit) {
        Shops shop = Shops.fresh();
        shop.merchant().contentType("application/json")
                .body("{\"enabled\": true, \"maxRefundAmount\": 100.00, \"dailyLimit\": " + limit + "}")
                .put(shop.strategyPath()).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("violations.field", hasItem("dailyLimit"));
        shop.merchant().get(shop.strategyPath()).then().statusCode(404);
    }

    @ParameterizedTest(name = "enabled {0} is refused")
    @ValueSource(strings = { "\"true\"", "1", "\"false\"", "0" })
    void theSwitchIsAJsonBoolean(String enabled) {
        Shops shop = Shops.fresh();
        shop.merchant().contentType("application/json")
                .body("{\"enabled\": " + enabled + ", \"maxRefundAmount\": 100.00, \"dailyLimit\": 5}")
                .put(shop.strategyPath()).then().statusCode(400)
                .body("violations.field", hasItem("enabled"));
    }

    @Test
    void aStrategyNeedsACountOrAnAmountLimit() {
        Shops shop = Shops.fresh();
        shop.merchant().body(strategy("100.00", null, null)).put(shop.strategyPath()).then().statusCode(400)
                .body("violations.field", hasItem("dailyLimit"));
        shop.merchant().body(strategy("100.00", null, "0.00")).put(shop.strategyPath()).then().statusCode(400)
                .body("violations.field", hasItem("dailyAmountLimit"));
        Map<String, Object> noEnabled = strategy("100.00", 5, null);
        noEnabled.remove("enabled");
        shop.merchant().body(noEnabled).put(shop.strategyPath()).then().statusCode(400)
                .body("violations.field", hasItem("enabled"));
    }

    @Test
    void aStrategyIsReadWithTodaysUsageReplacedAndRemoved() {
        Shops shop = Shops.fresh();
        shop.merchant().get(shop.strategyPath()).then().statusCode(404);
        shop.merchant().body(strategy("300.00", 5, null)).put(shop.strategyPath()).then().statusCode(201);
        shop.merchant().body(strategy("800.00", 7, "9000.00")).put(shop.strategyPath()).then().statusCode(200)
                .body("maxRefundAmount", equalTo(800.00f));
        shop.merchant().get(shop.strategyPath()).then().statusCode(200)
                .body("shopId", equalTo(shop.shopId()))
                .body("enabled", equalTo(true))
                .body("maxRefundAmount", equalTo(800.00f))
                .body("dailyLimit", equalTo(7))
                .body("dailyAmountLimit", equalTo(9000.00f))
                .body("updatedBy", equalTo("merchant-of-" + shop.shopId()))
                .body("usageToday.date", equalTo(Days.daysAgo(0).toString()))
                .body("usageToday.count", equalTo(0))
                .body("usageToday.amount", equalTo(0.00f));
        shop.merchant().delete(shop.strategyPath()).then().statusCode(204);
        shop.merchant().get(shop.strategyPath()).then().statusCode(404);
        shop.merchant().delete(shop.strategyPath()).then().statusCode(404);
    }

    static Map<String, Object> strategy(String cap, Integer dailyLimit, String dailyAmountLimit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", true);
        body.put("maxRefundAmount", new BigDecimal(cap));
        body.put("dailyLimit", dailyLimit);
        body.put("dailyAmountLimit", dailyAmountLimit == null ? null : new BigDecimal(dailyAmountLimit));
        return body;
    }
}
