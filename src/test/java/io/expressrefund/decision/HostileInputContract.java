package io.expressrefund.decision;

import static io.expressrefund.support.Requests.qualifying;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.expressrefund.support.Api;
import io.expressrefund.support.Days;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Json;
import io.expressrefund.support.Shops;
import io.restassured.response.ValidatableResponse;

/**
 * What a hostile or careless caller sends, on each database: every instant in one range, every identifier,
 * query parameter, cursor and header checked and named, and none of it ever taken for a database outage.
 */
abstract class HostileInputContract {

    @Test
    void instantsOutOfRangeAreRefusedNamingTheFieldAndNothingIsRecorded() {
        for (String ancient : List.of("-5000-06-01T00:00:00+08:00", "1999-12-31T23:59:59Z")) {
            Json request = qualifying(Ids.unique("RF-OLD")).with("requestedAt", ancient).with("order.paidAt", ancient);
            refused(Api.afterSales().body(request.map()).post(Api.DECISIONS), "order.paidAt", "requestedAt");
            refused(Api.afterSales().body(request.map()).post(Api.EVALUATE), "order.paidAt", "requestedAt");
            Api.afterSales().get(Api.DECISIONS + "/" + request.map().get("refundId")).then().statusCode(404);
        }
        refused(Api.afterSales().body(qualifying(Ids.unique("RF-FAR")).with("order.paidAt", "+999999999-12-31T23:59:59Z").map())
                .post(Api.EVALUATE), "order.paidAt");
    }

    @Test
    void anyOffsetUpTo18HoursIsAcceptedAndNormalisedToUtc() {
        OffsetDateTime now = OffsetDateTime.now().withNano(0);
        Json request = qualifying(Ids.unique("RF-OFF"))
                .with("requestedAt", now.minusMinutes(1).atZoneSameInstant(java.time.ZoneOffset.ofHours(18)).toOffsetDateTime().toString())
                .with("order.paidAt", now.minusHours(1).atZoneSameInstant(java.time.ZoneOffset.ofHours(-18)).toOffsetDateTime().toString());
        Api.afterSales().body(request.map()).post(Api.DECISIONS).then().statusCode(201)
                // Formatted with its seconds always: toString() drops ":00", which the service writes.
                .body("requestedAt", equalTo(now.minusMinutes(1).atZoneSameInstant(java.time.ZoneOffset.UTC).toOffsetDateTime()
                        .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        Api.afterSales().queryParam("from", "2026-11-28T00:00:00+18:00").get(Api.DECISIONS).then().statusCode(200);
        Api.afterSales().queryParam("to", "2026-11-28T00:00:00-18:00").get(Api.DECISIONS).then().statusCode(200);
    }

    @Test
    void queryParametersCursorsAndHeadersAreCheckedAndNamed() {
        refused(Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "?from=%2B999999999-12-31T23:59:59Z"), "from");
        refused(Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "?to=-5000-06-01T00:00:00%2B08:00"), "to");
        refused(Api.afterSales().queryParam("from", "2026-12-08T00:00:00+08:00").queryParam("to", "2026-12-01T00:00:00+08:00")
                .get(Api.DECISIONS), "to");
        refused(Api.afterSales().queryParam("from", "2026-12-01T00:00:00+08:00").queryParam("to", "2026-11-30T16:00:00Z")
                .get(Api.DECISIONS), "to");
        refused(Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "?cursor=AA%00"), "cursor");
        for (String inside : List.of("99999999999999:0:RF-1", "-99999999999:0:RF-1", "1764288000:0:RF\u00001")) {
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(inside.getBytes(StandardCharsets.UTF_8));
            refused(Api.afterSales().get(Api.DECISIONS + "?cursor=" + tampered), "cursor");
        }
        refused(Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "?shopId=S%00"), "shopId");
        refused(Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "/X%00"), "refundId")
                .body("detail", not(containsString("\u0000")));
        refused(Api.merchantOfS1().urlEncodingEnabled(false).get("/api/v1/orders/O%00/shipment-check"), "orderId");
        refused(Api.merchantOfS1().header("Last-Event-ID", "seven").get("/api/v1/shops/S-1/refund-events/stream"),
                "Last-Event-ID");
        refused(Api.merchantOfS1().get("/api/v1/shops/S-1/refund-events?after=x"), "after");
        Shops shop = Shops.fresh();
        refused(shop.merchant().urlEncodingEnabled(false).get("/api/v1/shops/S%07/auto-refund-strategy"), "shopId");
    }

    @Test
    void aBackdatedRequestIsNotRecordedButMayBeEvaluated() {
        Shops shop = Shops.fresh().withStrategy("500.00", 1, null);
        OffsetDateTime now = OffsetDateTime.now(Days.PLATFORM).withNano(0);
        Json today = overLimit(shop, now.minusMinutes(1));
        Api.afterSales().body(today.map()).post(Api.DECISIONS).then().statusCode(201).body("path", equalTo("CUSTOM_STRATEGY"));
        for (OffsetDateTime backdated : List.of(now.minusDays(2), OffsetDateTime.parse("2025-01-01T12:00:00+08:00"),
                OffsetDateTime.parse("2000-01-01T12:00:00+08:00"))) {
            Json request = overLimit(shop, backdated);
            refused(Api.afterSales().body(request.map()).post(Api.DECISIONS), "requestedAt");
            Api.afterSales().body(request.map()).post(Api.EVALUATE).then().statusCode(200);
        }
        shop.merchant().get(shop.strategyPath()).then().body("usageToday.count", equalTo(1));
    }

    private static Json overLimit(Shops shop, OffsetDateTime requestedAt) {
        return qualifying(Ids.unique("RF-BACK")).with("shop.shopId", shop.shopId())
                .with("order.paidAmount", 450.00).with("refundAmount", 450.00)
                .with("requestedAt", requestedAt.toString()).with("order.paidAt", requestedAt.minusHours(1).toString());
    }

    @Test
    void amountsWrittenWithAnExponentAreRecordedAsTheNumbersTheyWrite() throws Exception {
        // JSON may write a whole number with an exponent: 1e2 is 100, a decimal of negative scale in Java, which each
        // database stores in its column of two decimals.
        String refundId = Ids.unique("RF-EXP");
        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(qualifying(refundId)
                .with("refundAmount", "@REFUND@").with("order.paidAmount", "@PAID@").map())
                .replace("\"@REFUND@\"", "1e2").replace("\"@PAID@\"", "1.2E+2");

        Api.afterSales().body(body).post(Api.DECISIONS).then().statusCode(201)
                .body("outcome", equalTo("AUTO_REFUND"))
                .body("refundAmount", equalTo(100.00f));
        Api.afterSales().get(Api.DECISIONS + "/" + refundId).then().statusCode(200)
                .body("refundAmount", equalTo(100.00f))
                // The request as posted, its number spelt out.
                .body("request.order.paidAmount", equalTo(120));
    }

    private static ValidatableResponse refused(io.restassured.response.Response response, String... fields) {
        return response.then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("violations.field", containsInAnyOrder((Object[]) fields))
                .body("violations.size()", equalTo(fields.length));
    }
}
