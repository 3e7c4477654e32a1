package io.expressrefund.support;

import static io.expressrefund.support.Api.withToken;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.specification.RequestSpecification;

/** A shop of its own for one test, with a merchant token for it. */
public record Shops(String shopId) {

    public static Shops fresh() {
        return new Shops(Ids.unique("SHOP"));
    }

    public String strategyPath() {
        return "/api/v1/shops/" + shopId + "/auto-refund-strategy";
    }

    public RequestSpecification merchant() {
        return withToken(token());
    }

    public String token() {
        return Tokens.valid("merchant-of-" + shopId, "merchant", "shop:" + shopId);
    }

    public String eventsPath() {
        return "/api/v1/shops/" + shopId + "/refund-events";
    }

    /** Gives the shop a strategy: enabled, with the given cap and daily count limit. */
    public Shops withStrategy(String maxRefundAmount, Integer dailyLimit, String dailyAmountLimit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", true);
        body.put("maxRefundAmount", new BigDecimal(maxRefundAmount));
        body.put("dailyLimit", dailyLimit);
        body.put("dailyAmountLimit", dailyAmountLimit == null ? null : new BigDecimal(dailyAmountLimit));
        merchant().body(body).put(strategyPath()).then().statusCode(201);
        return this;
    }
}
