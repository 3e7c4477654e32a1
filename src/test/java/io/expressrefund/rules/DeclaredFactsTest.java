package io.expressrefund.rules;

import static io.expressrefund.support.FragileRulesProfile.RULES;
import static io.expressrefund.support.Requests.qualifying;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.support.Api;
import io.expressrefund.support.FragileRulesProfile;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * Rule authors declare fact types in DRL and services post them under {@code facts}, with no Java change:
 * a new file is all it takes, and whatever does not fit the declared types is a 400 naming its JSON path.
 */
@QuarkusTest
@TestProfile(FragileRulesProfile.class)
class DeclaredFactsTest {
    private static final String FRESH_FOOD = "express/fresh-food.drl";
    private static final String FRESH_FOOD_DRL = """
            package express;

            import io.expressrefund.rules.facts.RefundCase;
            import io.expressrefund.rules.facts.Unmet;

            declare ProductFacts
                category : String
                weight : java.math.BigDecimal
                packedAt : java.time.Instant
                labels : java.util.List
            end

            rule "Express refund excludes fresh food"
            when
                RefundCase()
                ProductFacts( category == "FRESH" )
            then
                insert( Unmet.expressRefund( "FRESH_FOOD", "Fresh food is reviewed by the merchant." ) );
            end
            """;
    private static final String FRESH_FOOD_CASE = "fresh-food-goes-to-review.json";

    @AfterEach
    void putTheRealRulesBack() {
        RULES.restore();
        Api.operator().post(Api.RULES + "/reload").then().statusCode(200);
    }

    @Test
    void aDeclaredTypeAddedWhileTheServiceRunsIsUsedAndThenRemoved() throws JsonProcessingException {
        RULES.write(FRESH_FOOD, FRESH_FOOD_DRL);
        RULES.write("tests/" + FRESH_FOOD_CASE, caseWith(Map.of("ProductFacts", Map.of("category", "FRESH")),
                "MANUAL_REVIEW", List.of("FRESH_FOOD")));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() ->
                Api.afterSales().get(Api.RULES + "/fact-types").path("types.name").toString().contains("ProductFacts"));

        Api.afterSales().get(Api.RULES + "/fact-types").then().statusCode(200)
                .body("types", hasSize(1))
                .body("types[0].name", equalTo("ProductFacts"))
                .body("types[0].packageName", equalTo("express"))
                .body("types[0].qualifiedName", equalTo("express.ProductFacts"))
                .body("types[0].file", equalTo(FRESH_FOOD))
                .body("types[0].repeatable", equalTo(false))
                .body("types[0].fields.find { it.name == 'category' }.type", equalTo("string"))
                .body("types[0].fields.find { it.name == 'weight' }.type", equalTo("decimal"))
                .body("types[0].fields.find { it.name == 'packedAt' }.type", equalTo("date-time"))
                .body("types[0].fields.find { it.name == 'labels' }.type", equalTo("array of string"));
        Api.operator().get(Api.RULES).then().body("cases", hasItem(FRESH_FOOD_CASE));
        evaluate(withProduct("FRESH")).statusCode(200)
                .body("outcome", equalTo("MANUAL_REVIEW"))
                .body("reasons.code", equalTo(List.of("FRESH_FOOD")));
        evaluate(withProduct("TOYS")).statusCode(200).body("outcome", equalTo("AUTO_REFUND"));
        evaluate(qualifying(Ids.unique("RF-NOFACTS"))).statusCode(200).body("outcome", equalTo("AUTO_REFUND"));

        RULES.remove(FRESH_FOOD);
        RULES.remove("tests/" + FRESH_FOOD_CASE);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() ->
                Api.afterSales().get(Api.RULES + "/fact-types").path("types").toString().equals("[]"));
        evaluate(withProduct("FRESH")).statusCode(400)
                .body("violations.field", equalTo(List.of("facts.ProductFacts")));
    }

    @Test
    void whatDoesNotFitTheDeclaredTypesIsRefusedNamingItsPath() {
        activate(FRESH_FOOD, FRESH_FOOD_DRL);

        assertRefused(qualifying(Ids.unique("RF-F")).with("facts", Map.of("Nope", Map.of())), "facts.Nope");
        assertRefused(withProduct("FRESH").with("facts.ProductFacts.colour", "red"), "facts.ProductFacts.colour");
        assertRefused(qualifying(Ids.unique("RF-F")).with("facts", Map.of("ProductFacts", Map.of("category", 7))),
                "facts.ProductFacts.category");
        assertRefused(withProduct("FRESH").with("facts.ProductFacts.weight", "heavy"), "facts.ProductFacts.weight");
        // Found by hand: 1e999999999 is a billion digits written plain, as the fingerprint and the stored request
        // write it; recording one held an event loop for 12 s and answered 503.
        for (String huge : List.of("1e999999999", "1e-999999999")) {
            assertRefused(withProduct("FRESH").with("facts.ProductFacts.weight", new java.math.BigDecimal(huge)),
                    "facts.ProductFacts.weight");
            Api.afterSales().body(recent(withProduct("FRESH").with("facts.ProductFacts.weight",
                    new java.math.BigDecimal(huge))).map()).post(Api.DECISIONS).then().statusCode(400)
                    .body("violations.field", equalTo(List.of("facts.ProductFacts.weight")))
                    .body("violations.message", equalTo(List.of(
                            "must be a decimal number of at most 64 digits before the point and 32 after it")));
        }
        assertRefused(withProduct("FRESH").with("facts.ProductFacts.packedAt", "yesterday"), "facts.ProductFacts.packedAt");
        assertRefused(withProduct("FRESH").with("facts.ProductFacts.labels", List.of(1, 2)), "facts.ProductFacts.labels");
        assertRefused(qualifying(Ids.unique("RF-F")).with("facts",
                Map.of("ProductFacts", List.of(Map.of("category", "FRESH")))), "facts.ProductFacts");
        assertRefused(qualifying(Ids.unique("RF-F")).with("facts", Map.of("ProductFacts", "FRESH")), "facts.ProductFacts");
        Map<String, Object> twice = new java.util.LinkedHashMap<>();
        twice.put("ProductFacts", Map.of("category", "FRESH"));
        twice.put("express.ProductFacts", Map.of("category", "TOYS"));
        assertRefused(qualifying(Ids.unique("RF-F")).with("facts", twice), "facts.express.ProductFacts");
        // Any unknown field anywhere: nothing is dropped silently, for evaluate and record alike.
        assertRefused(qualifying(Ids.unique("RF-F")).with("order.productCategory", "FRESH"), "order.productCategory");
        Api.afterSales().body(recent(qualifying(Ids.unique("RF-F")).with("shop.tier", "GOLD")).map()).post(Api.DECISIONS)
                .then().statusCode(400).body("violations.field", equalTo(List.of("shop.tier")));
    }

    @Test
    void aSimpleNameDeclaredInTwoPackagesMustBeQualified() {
        RULES.write("extra/product.drl", """
                package extra;
                declare ProductFacts
                    origin : String
                end
                """);
        activate(FRESH_FOOD, FRESH_FOOD_DRL);

        assertRefused(withProduct("FRESH"), "facts.ProductFacts");
        evaluate(qualifying(Ids.unique("RF-Q")).with("facts", Map.of("express.ProductFacts", Map.of("category", "FRESH"))))
                .statusCode(200).body("reasons.code", equalTo(List.of("FRESH_FOOD")));
        evaluate(qualifying(Ids.unique("RF-Q")).with("facts", Map.of("extra.ProductFacts", Map.of("origin", "CN"))))
                .statusCode(200).body("outcome", equalTo("AUTO_REFUND"));
    }

    @Test
    void aRepeatableTypeTakesAnArrayOfFacts() {
        activate("express/gift-items.drl", """
                package express;

                import io.expressrefund.rules.facts.RefundCase;
                import io.expressrefund.rules.facts.Unmet;

                declare OrderItem
                    @repeatable
                    sku : String
                    quantity : Integer
                    gift : Boolean
                end

                rule "Express refund excludes orders with a gift item"
                when
                    RefundCase()
                    exists OrderItem( gift == true )
                then
                    insert( Unmet.expressRefund( "GIFT_ITEM", "Orders with a gift item are reviewed by the merchant." ) );
                end
                """);
        Api.afterSales().get(Api.RULES + "/fact-types").then().body("types[0].repeatable", equalTo(true));

        List<Object> items = List.of(Map.of("sku", "A-1", "quantity", 2, "gift", false),
                Map.of("sku", "G-1", "quantity", 1, "gift", true));
        evaluate(qualifying(Ids.unique("RF-ITEMS")).with("facts", Map.of("OrderItem", items))).statusCode(200)
                .body("reasons.code", equalTo(List.of("GIFT_ITEM")));
        evaluate(qualifying(Ids.unique("RF-ITEMS")).with("facts", Map.of("OrderItem", List.of(items.get(0)))))
                .statusCode(200).body("outcome", equalTo("AUTO_REFUND"));
        evaluate(qualifying(Ids.unique("RF-ITEMS")).with("facts", Map.of("OrderItem", List.of(items.get(0),
                Map.of("sku", "B-2", "quantity", 1.5))))).statusCode(400)
                .body("violations.field", equalTo(List.of("facts.OrderItem[1].quantity")));
    }

    @Test
    void aFieldOfAnEnumTakesTheNameOfOneOfItsConstants() {
        activate("express/cold-chain.drl", """
                package express;

                import io.expressrefund.rules.facts.RefundCase;
                import io.expressrefund.rules.facts.ShippingStatus;
                import io.expressrefund.rules.facts.Unmet;

                declare enum Storage AMBIENT, CHILLED, FROZEN; end

                declare Parcel
                    storage : Storage
                    lastSeen : ShippingStatus
                end

                rule "Express refund excludes frozen parcels"
                when
                    RefundCase()
                    Parcel( storage == Storage.FROZEN )
                then
                    insert( Unmet.expressRefund( "FROZEN", "Frozen parcels are reviewed by the merchant." ) );
                end
                """);
        // The enum is a type of values, not of facts: only Parcel is posted.
        Api.afterSales().get(Api.RULES + "/fact-types").then().statusCode(200)
                .body("types.name", equalTo(List.of("Parcel")))
                .body("types[0].fields.find { it.name == 'storage' }.type", equalTo("string"))
                .body("types[0].fields.find { it.name == 'storage' }.values", equalTo(List.of("AMBIENT", "CHILLED", "FROZEN")))
                .body("types[0].fields.find { it.name == 'lastSeen' }.values", hasItem("UNSHIPPED"));

        evaluate(qualifying(Ids.unique("RF-ENUM")).with("facts", Map.of("Parcel", Map.of("storage", "FROZEN"))))
                .statusCode(200).body("reasons.code", equalTo(List.of("FROZEN")));
        evaluate(qualifying(Ids.unique("RF-ENUM")).with("facts", Map.of("Parcel",
                Map.of("storage", "CHILLED", "lastSeen", "SHIPPED")))).statusCode(200).body("outcome", equalTo("AUTO_REFUND"));
        evaluate(qualifying(Ids.unique("RF-ENUM")).with("facts", Map.of("Parcel", Map.of("storage", "frozen"))))
                .statusCode(400).body("violations.field", equalTo(List.of("facts.Parcel.storage")))
                .body("violations.message", equalTo(List.of("must be one of AMBIENT, CHILLED, FROZEN")));
        assertRefused(qualifying(Ids.unique("RF-ENUM")).with("facts", Map.of("Storage", Map.of())), "facts.Storage");
    }

    @Test
    void recordingIsIdempotentOnDeclaredFactsWrittenInAnotherKeyOrder() {
        activate(FRESH_FOOD, FRESH_FOOD_DRL);
        Json request = recent(qualifying(Ids.unique("RF-IDEM")));
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("category", "TOYS");
        product.put("weight", 1.5);
        product.put("packedAt", "2025-11-21T09:00:00+08:00");
        product.put("labels", List.of("fragile", "gift"));
        request.with("facts", Map.of("ProductFacts", product));
        Api.afterSales().body(request.map()).post(Api.DECISIONS).then().statusCode(201)
                .body("request.facts.ProductFacts.category", equalTo("TOYS"));

        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("labels", List.of("fragile", "gift"));
        reordered.put("packedAt", "2025-11-21T01:00:00Z");
        reordered.put("weight", 1.50);
        reordered.put("category", "TOYS");
        Api.afterSales().body(request.with("facts", Map.of("ProductFacts", reordered)).map()).post(Api.DECISIONS)
                .then().statusCode(200);

        reordered.put("category", "FRESH");
        Api.afterSales().body(request.with("facts", Map.of("ProductFacts", reordered)).map()).post(Api.DECISIONS)
                .then().statusCode(409);
    }

    @Test
    void aCaseWhoseFactsDoNotFitTheDeclaredTypesFailsNamingTheCaseAndTheField() throws JsonProcessingException {
        RULES.write(FRESH_FOOD, FRESH_FOOD_DRL);
        RULES.write("tests/" + FRESH_FOOD_CASE, caseWith(Map.of("ProductFacts", Map.of("category", "FRESH", "colour", "red")),
                "MANUAL_REVIEW", List.of("FRESH_FOOD")));

        Api.operator().post(Api.RULES + "/reload").then().statusCode(422)
                .body("errors[0].caseName", equalTo(FRESH_FOOD_CASE))
                .body("errors[0].message", containsString("request.facts.ProductFacts.colour"));
    }

    @Test
    void factTypesAreForTheAfterSalesServiceAndOperatorsOnly() {
        Api.afterSales().get(Api.RULES + "/fact-types").then().statusCode(200);
        Api.operator().get(Api.RULES + "/fact-types").then().statusCode(200);
        Api.merchantOfS1().get(Api.RULES + "/fact-types").then().statusCode(403);
        Api.anonymous().get(Api.RULES + "/fact-types").then().statusCode(401);
    }

    private static void activate(String file, String drl) {
        RULES.write(file, drl);
        Api.operator().post(Api.RULES + "/reload").then().statusCode(200);
    }

    private static Json withProduct(String category) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("category", category);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("ProductFacts", product);
        return qualifying(Ids.unique("RF-FACTS")).with("facts", facts);
    }

    private static ValidatableResponse evaluate(Json request) {
        return Api.afterSales().body(request.map()).post(Api.EVALUATE).then();
    }

    private static void assertRefused(Json request, String field) {
        evaluate(request).statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("violations.field", equalTo(List.of(field)));
    }

    private static Json recent(Json request) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
        return request.with("requestedAt", now.minusMinutes(1).toString()).with("order.paidAt", now.minusHours(1).toString());
    }

    private static String caseWith(Map<String, Object> facts, String outcome, List<String> reasons)
            throws JsonProcessingException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("outcome", outcome);
        expected.put("path", null);
        expected.put("reasons", reasons);
        return new ObjectMapper().writeValueAsString(Map.of(
                "request", qualifying("RF-CASE").with("facts", facts).map(), "expected", expected));
    }
}
