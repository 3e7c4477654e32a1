package io.expressrefund.decision;

import static io.expressrefund.support.Requests.qualifying;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.expressrefund.support.Api;
import io.expressrefund.support.Json;
import io.expressrefund.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class InvalidRequestTest {

    @Test
    void malformedJsonIsAProblemNamingTheBody() {
        assertProblem(Api.afterSales().body("{\"refundId\": ").post(Api.EVALUATE).then(), "body");
        // A comma after a nested object's last field: the body, where the parser stopped, not "order has a value
        // that cannot be read".
        Api.afterSales().body("{\"refundId\": \"RF-1\",\n \"order\": {\"orderId\": \"O-1\",\n }}").post(Api.EVALUATE).then()
                .statusCode(400).body("violations[0].field", equalTo("body"))
                .body("violations[0].message", equalTo("is not valid JSON (line 3, column 2): a comma before this } (JSON "
                        + "takes none after the last field)"));
    }

    @Test
    void aFieldGivenTwiceIsAProblemNamingItsPath() {
        // Which of the two values decided would be the parser's choice, not the caller's: refused, by its path.
        assertDuplicate("{\"refundAmount\": 120.50, \"refundAmount\": 99.00}", "refundAmount");
        assertDuplicate("{\"order\": {\"orderId\": \"O-1\", \"paidAmount\": 1, \"paidAmount\": 2}}", "order.paidAmount");
        assertDuplicate("{\"facts\": {\"OrderItem\": [{\"sku\": \"A\"}, {\"sku\": \"A\", \"sku\": \"B\"}]}}",
                "facts.OrderItem[1].sku");
        assertDuplicate("{\"facts\": {\"ProductFacts\": {\"weight\": 1, \"weight\": 500}}}", "facts.ProductFacts.weight");
    }

    @Test
    void jsonPastTheServicesBoundsIsAProblemNamingTheFieldAndTheBound() {
        String qualifying = "{\"refundId\": \"RF-B\", \"requestedAt\": \"2025-11-21T11:17:45+08:00\", "
                + "\"refundType\": \"REFUND_ONLY\", \"refundAmount\": %s, \"order\": {\"orderId\": \"%s\", "
                + "\"paidAmount\": 120.50, \"paidAt\": \"2025-11-21T09:00:00+08:00\", \"shippingStatus\": \"UNSHIPPED\", "
                + "\"virtualGoods\": false, \"serviceTags\": [\"EXPRESS_REFUND\"]}, "
                + "\"shop\": {\"shopId\": \"S-1\", \"expressRefundEnabled\": true}%s}";
        // Found by hand: a number of 80 digits was "body: cannot be read as JSON", a string too long "has a value
        // that cannot be read". Up to 1,000 characters a number reaches its field's own check, which names it.
        assertBound(qualifying.formatted("1".repeat(80), "O-1", ""), "refundAmount",
                "must be an amount of yuan from 0.01 to 10000000.00 with at most two decimals");
        assertBound(qualifying.formatted("1".repeat(1001), "O-1", ""), "body", "has a number of more than 1000 characters");
        assertBound(qualifying.formatted("120.50", "O".repeat(65537), ""), "order.orderId",
                "has a string of more than 65536 characters");
        assertBound(qualifying.formatted("120.50", "O-1", ", \"facts\": {\"OrderItem\": " + "[".repeat(40)
                + "]".repeat(40) + "}"), "facts", "is nested more than 32 levels deep");
    }

    private static void assertBound(String body, String field, String message) {
        Api.afterSales().body(body).post(Api.EVALUATE).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("violations.field", equalTo(List.of(field)))
                .body("violations.message", equalTo(List.of(message)));
    }

    private static void assertDuplicate(String body, String field) {
        Api.afterSales().body(body).post(Api.EVALUATE).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("violations.field", equalTo(java.util.List.of(field)))
                .body("violations.message", equalTo(java.util.List.of("is given twice: give each field once")));
    }

    @Test
    void aQueryParameterTheOperationDoesNotHaveOrOneGivenTwiceIsAProblemNamingIt() {
        // Found by curl: a misspelt filter (decidedFrom= for from=) was ignored, and the listing had every decision.
        assertProblem(Api.afterSales().get(Api.DECISIONS + "?shopId=S-1&decidedFrom=2026-01-01T00:00:00Z").then()
                .body("violations", hasSize(1))
                .body("violations[0].message", equalTo("is not a query parameter of this operation; nothing is ignored "
                        + "silently (it has: cursor, from, limit, outcome, path, shopId, to)")), "decidedFrom");
        assertProblem(Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "?shopId=S-1&limit=20&limit=30").then()
                .body("violations[0].message", equalTo("is given twice: give each query parameter once")), "limit");
        assertProblem(Api.afterSales().queryParam("dryRun", "true").body(qualifying("RF-Q").map()).post(Api.EVALUATE).then()
                .body("violations[0].message", containsString("(it has none)")), "dryRun");
        // What the operation has is read as before, a name percent-encoded too.
        Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "?shop%49d=S-1&limit=1").then().statusCode(200);
        Api.afterSales().queryParam("shopId", "S-1").queryParam("limit", "1").get(Api.DECISIONS).then().statusCode(200);
    }

    @Test
    void whatTheCallerSentIsShownWithoutItsControlCharactersAndNamesCutShort() {
        // Found by curl: a made-up field or query name, and a bad date or enum value quoted in the message, came back
        // with their NUL and ESC characters, and a name of 3,000 characters came back whole, twice.
        String escape = "\\u001B";
        assertProblem(Api.afterSales().body("{\"refundId\": \"RF-C\", \"x\\u0000\\u001b[31my\": 1}").post(Api.EVALUATE).then()
                .body("detail", not(containsString("\u001b"))), "x\\u0000" + escape + "[31my");
        Api.afterSales().body("{\"refundId\": \"RF-C\", \"requestedAt\": \"2025\\u0000\\u202e\"}").post(Api.EVALUATE).then()
                .statusCode(400)
                .body("violations.message", hasItem("must be an ISO-8601 date-time with an offset, such as "
                        + "2025-11-21T11:17:45+08:00, not '2025\\u0000\\u202E'"));
        assertProblem(Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "?shopId=S-1&%00%1b=1").then(),
                "\\u0000" + escape);
        String longName = "a".repeat(3000);
        Api.afterSales().urlEncodingEnabled(false).get(Api.DECISIONS + "?shopId=S-1&" + longName + "=1").then()
                .statusCode(400)
                .body("violations[0].field", equalTo("a".repeat(200) + "…"))
                .body("detail", startsWith("a".repeat(200) + "…: is not a query parameter"));
    }

    @Test
    void anEmptyBodyIsAProblem() {
        assertProblem(Api.afterSales().post(Api.EVALUATE).then(), "body");
    }

    @Test
    void aBodyThatIsNotAnObjectIsAProblem() {
        assertProblem(Api.afterSales().body("[1,2,3]").post(Api.EVALUATE).then(), "body");
    }

    @ParameterizedTest(name = "missing {0}")
    @ValueSource(strings = { "refundId", "requestedAt", "refundType", "refundAmount", "order", "shop",
            "order.orderId", "order.paidAmount", "order.paidAt", "order.shippingStatus", "shop.shopId" })
    void eachRequiredFieldIsNamedWhenMissing(String field) {
        assertProblem(evaluate(qualifying("RF-M").without(field)), field);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "refundType|REFUND",
            "order.shippingStatus|IN_TRANSIT",
            "refundAmount|0",
            "refundAmount|-1.00",
            "refundAmount|1.005",
            "refundAmount|10000000.01",
            "refundAmount|abc",
            "order.paidAmount|0.00",
            "order.paidAmount|1e9",
            "requestedAt|2025-11-21T11:17:45",
            "requestedAt|2025-11-21",
            "requestedAt|yesterday",
            "order.paidAt|2025-11-21 09:00",
            "refundId|has space",
            "refundId|RF/1",
            "order.orderId|''",
            "shop.shopId|S-1;DROP TABLE",
    })
    void badValuesAreProblemsNamingTheField(String field, String value) {
        assertProblem(evaluate(qualifying("RF-B").with(field, value.equals("''") ? "" : value)), field);
    }

    @Test
    void anIdentifierOver64CharactersIsRefused() {
        assertProblem(evaluate(qualifying("R".repeat(65))), "refundId");
    }

    @Test
    void wrongJsonTypesAreProblemsNamingTheField() {
        assertProblem(evaluate(qualifying("RF-W").with("order", "not an object")), "order");
        assertProblem(evaluate(qualifying("RF-W").with("order.virtualGoods", List.of(1))), "order.virtualGoods");
        assertProblem(evaluate(qualifying("RF-W").with("refundAmount", true)), "refundAmount");
        assertProblem(evaluate(qualifying("RF-W").with("order.serviceTags", "EXPRESS_REFUND")), "order.serviceTags");
        assertProblem(evaluate(qualifying("RF-W").with("refundId", 12345)), "refundId");
        assertProblem(evaluate(qualifying("RF-W").with("order.shippingStatus", 1)), "order.shippingStatus");
    }

    @Test
    void scalarsOfAnotherJsonTypeAreNotConverted() {
        assertProblem(evaluate(qualifying("RF-C").with("order.virtualGoods", "false")), "order.virtualGoods");
        assertProblem(evaluate(qualifying("RF-C").with("order.virtualGoods", 0)), "order.virtualGoods");
        assertProblem(evaluate(qualifying("RF-C").with("shop.expressRefundEnabled", "true")), "shop.expressRefundEnabled");
        assertProblem(evaluate(qualifying("RF-C").with("shop.expressRefundEnabled", 1)), "shop.expressRefundEnabled");
    }

    @Test
    void aMissingTagIsNamedByItsIndex() {
        assertProblem(evaluate(qualifying("RF-T").with("order.serviceTags", Arrays.asList("EXPRESS_REFUND", null))),
                "order.serviceTags[1]");
    }

    @Test
    void paymentAfterTheRequestIsRefused() {
        assertProblem(evaluate(qualifying("RF-PA").with("order.paidAt", Requests.RECENT.plusSeconds(1).toString())), "order.paidAt");
    }

    @Test
    void aRefundOverThePaidAmountIsRefused() {
        assertProblem(evaluate(qualifying("RF-RA").with("refundAmount", 120.51)), "refundAmount");
    }

    @Test
    void severalBadFieldsAreAllNamed() {
        evaluate(qualifying("RF-S").with("refundAmount", -5).with("order.shippingStatus", null).without("shop.shopId"))
                .statusCode(400)
                .body("violations.field", hasItems("refundAmount", "order.shippingStatus", "shop.shopId"));
    }

    @Test
    void aBodyOver256KiBIsRefusedAsTooLarge() {
        String padding = "x".repeat(300 * 1024);
        Api.afterSales().body(qualifying("RF-BIG").with("padding", padding).map()).post(Api.EVALUATE)
                .then().statusCode(413);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithAProblem() {
        Api.afterSales().contentType("text/plain").body("refund please").post(Api.EVALUATE)
                .then().statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(415));
    }

    @Test
    void problemsNeverShowJavaInternals() {
        evaluate(qualifying("RF-J").with("order.paidAt", "soon").with("refundType", 7))
                .statusCode(400)
                .body(not(containsString("java.")))
                .body(not(containsString("Exception")))
                .body(not(containsString("io.expressrefund")));
    }

    private static ValidatableResponse evaluate(Json request) {
        return Api.afterSales().body(request.map()).post(Api.EVALUATE).then();
    }

    static void assertProblem(ValidatableResponse response, String field) {
        response.statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid request"))
                .body("type", startsWith("https://"))
                .body("violations.field", hasItem(field))
                .body(not(containsString("Exception")));
    }
}
