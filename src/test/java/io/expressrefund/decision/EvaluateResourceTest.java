package io.expressrefund.decision;

import static io.expressrefund.support.Requests.qualifying;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.expressrefund.support.Api;
import io.expressrefund.support.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class EvaluateResourceTest {

    @Test
    void expressRefundWhenEveryConditionHolds() {
        evaluate(qualifying("RF-OK"))
                .statusCode(200)
                .body("refundId", equalTo("RF-OK"))
                .body("outcome", equalTo("AUTO_REFUND"))
                .body("path", equalTo("EXPRESS_REFUND"))
                .body("reasons", empty())
                .body("firedRules", hasItem("Refund at once when every express refund condition holds"))
                .body("ruleSetVersion", startsWith("sha256:"));
    }

    @ParameterizedTest(name = "{0} = {1} gives {2}")
    @CsvSource({
            "shop.expressRefundEnabled, false, EXPRESS_REFUND_NOT_ENABLED",
            "order.virtualGoods, true, VIRTUAL_GOODS",
            "order.shippingStatus, SHIPPED, ALREADY_SHIPPED",
            "order.shippingStatus, DELIVERED, ALREADY_SHIPPED",
            "refundType, RETURN_AND_REFUND, NOT_REFUND_ONLY",
    })
    void eachUnmetConditionSendsTheRequestToReviewWithItsReason(String field, String value, String code) {
        Object typed = value.equals("true") || value.equals("false") ? Boolean.valueOf(value) : value;
        assertManualBecauseOf(qualifying("RF-C").with(field, typed), code);
    }

    @Test
    void productWithoutTheExpressRefundTagWhenOrderedGoesToReview() {
        assertManualBecauseOf(qualifying("RF-T").with("order.serviceTags", java.util.List.of("SEVEN_DAY_RETURN")),
                "NO_EXPRESS_REFUND_TAG");
    }

    @Test
    void missingTagsAndEnrolmentDefaultToNotQualifying() {
        assertManualBecauseOf(qualifying("RF-D").without("order.serviceTags").without("shop.expressRefundEnabled"),
                "NO_EXPRESS_REFUND_TAG", "EXPRESS_REFUND_NOT_ENABLED");
    }

    @Test
    void paidAmountOfExactly300Qualifies() {
        assertAuto(qualifying("RF-300").with("order.paidAmount", new java.math.BigDecimal("300.00")).with("refundAmount", new java.math.BigDecimal("300.00")));
    }

    @Test
    void paidAmountOf300Point01IsOverTheLimit() {
        assertManualBecauseOf(qualifying("RF-30001").with("order.paidAmount", 300.01).with("refundAmount", 300.01),
                "AMOUNT_OVER_LIMIT");
    }

    @Test
    void partialRefundOfAnOrderUnderTheLimitQualifies() {
        assertAuto(qualifying("RF-P1").with("order.paidAmount", 250.00).with("refundAmount", 10.00));
    }

    @Test
    void partialRefundWithinTheLimitOfAnOrderOverItDoesNotQualify() {
        assertManualBecauseOf(qualifying("RF-P2").with("order.paidAmount", 450.00).with("refundAmount", 100.00),
                "AMOUNT_OVER_LIMIT");
    }

    @Test
    void oldOrderAskedExactlySixHoursAfterPaymentQualifies() {
        assertAuto(oldOrder("RF-6H", "2023-09-12T16:00:00+08:00"));
    }

    @Test
    void oldOrderAskedMoreThanSixHoursAfterPaymentGoesToReview() {
        assertManualBecauseOf(oldOrder("RF-6H1", "2023-09-12T16:00:01+08:00"), "REQUEST_WINDOW_EXPIRED");
    }

    @Test
    void theWindowFollowsPaymentNotTheRequest() {
        // Paid before the upgrade, asked long after it: the old rule's window still applies.
        assertManualBecauseOf(oldOrder("RF-LATE", "2025-01-01T00:00:00+08:00"), "REQUEST_WINDOW_EXPIRED");
    }

    @ParameterizedTest(name = "paid at {0}: old rule = {1}")
    @CsvSource({
            "2023-09-12T23:59:59+08:00, true",
            "2023-09-13T00:00:00+08:00, false",
            "2023-09-12T15:59:59Z, true",
            "2023-09-12T16:00:00Z, false",
            "2023-09-12T08:00:00-08:00, false",
            "2023-09-12T07:59:59-08:00, true",
    })
    void theEffectiveInstantIsMidnightChinaTimeWhateverTheOffset(String paidAt, boolean oldRule) {
        Json request = qualifying("RF-EFF").with("order.paidAt", paidAt).with("requestedAt", "2023-09-14T12:00:00+08:00");
        if (oldRule) {
            assertManualBecauseOf(request, "REQUEST_WINDOW_EXPIRED");
        } else {
            assertAuto(request);
        }
    }

    @Test
    void everyUnmetConditionIsReportedNotOnlyTheFirst() {
        evaluate(qualifying("RF-MANY")
                .with("shop.expressRefundEnabled", false)
                .with("order.serviceTags", java.util.List.of())
                .with("order.paidAmount", 999.99)
                .with("order.virtualGoods", true)
                .with("order.shippingStatus", "SHIPPED")
                .with("refundType", "RETURN_AND_REFUND")
                .with("order.paidAt", "2023-01-01T10:00:00+08:00"))
                .statusCode(200)
                .body("outcome", equalTo("MANUAL_REVIEW"))
                .body("path", nullValue())
                .body("reasons.code", containsInAnyOrder("EXPRESS_REFUND_NOT_ENABLED", "NO_EXPRESS_REFUND_TAG",
                        "AMOUNT_OVER_LIMIT", "VIRTUAL_GOODS", "ALREADY_SHIPPED", "NOT_REFUND_ONLY",
                        "REQUEST_WINDOW_EXPIRED"))
                .body("reasons.message", everyItem(not(equalTo(""))))
                .body("firedRules", not(hasItem("Refund at once when every express refund condition holds")));
    }

    @Test
    void amountsAreJsonNumbersNotText() {
        Api.afterSales().body(qualifying("RF-STR").with("order.paidAmount", "99.90").with("refundAmount", "99.9").map())
                .post(Api.EVALUATE).then().statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItems("refundAmount"));
    }

    private static Json oldOrder(String refundId, String requestedAt) {
        return qualifying(refundId).with("order.paidAt", "2023-09-12T10:00:00+08:00").with("requestedAt", requestedAt);
    }

    private static void assertAuto(Json request) {
        evaluate(request).statusCode(200)
                .body("outcome", equalTo("AUTO_REFUND"))
                .body("path", equalTo("EXPRESS_REFUND"))
                .body("reasons", empty());
    }

    private static void assertManualBecauseOf(Json request, String... codes) {
        evaluate(request).statusCode(200)
                .body("outcome", equalTo("MANUAL_REVIEW"))
                .body("path", nullValue())
                .body("reasons.code", containsInAnyOrder(codes))
                .body("reasons.message", everyItem(notNullValue()));
    }

    private static ValidatableResponse evaluate(Json request) {
        return Api.afterSales().body(request.map()).post(Api.EVALUATE).then();
    }
}
