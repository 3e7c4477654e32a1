package io.expressrefund.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.expressrefund.support.Api;
import io.expressrefund.support.Shops;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * What a client generated from /q/openapi relies on: every operation named, typed and secured in the document,
 * and every error it can meet answered as problem+json in the service's own words.
 */
@QuarkusTest
class ApiContractTest {

    @Test
    void everyApiOperationHasAnIdItsSuccessResponsesAndBothSecuritySchemes() {
        JsonPath document = given().accept("application/json").get("/q/openapi").jsonPath();
        assertEquals("/", document.getString("servers[0].url"));
        assertEquals("basic", document.getString("components.securitySchemes.basic.scheme"));
        assertEquals("bearer", document.getString("components.securitySchemes.jwt.scheme"));
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<String> operationIds = new ArrayList<>();
        paths.forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.forEach((method, operation) -> {
                String where = method + " " + path;
                assertTrue(operation.get("operationId") != null, where + " has no operationId");
                operationIds.add((String) operation.get("operationId"));
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
                assertTrue(responses.keySet().stream().anyMatch(code -> code.startsWith("2")), where + " has no 2xx");
                responses.forEach((code, response) -> {
                    if (code.startsWith("2") && !code.equals("204")) {
                        assertTrue(response.get("content") != null, where + " " + code + " has no content");
                    }
                    if (code.startsWith("4") || code.startsWith("5")) {
                        assertTrue(((Map<?, ?>) response.get("content")).containsKey("application/problem+json"),
                                where + " " + code + " is not problem+json");
                    }
                });
                assertEquals(List.of(Map.of("basic", List.of()), Map.of("jwt", List.of())), operation.get("security"), where);
            });
        });
        assertTrue(operationIds.containsAll(List.of("evaluateRefund", "recordRefundDecision", "getRefundDecision",
                "listRefundDecisions", "saveAutoRefundStrategy", "getAutoRefundStrategy", "deleteAutoRefundStrategy",
                "getRulesStatus", "reloadRules", "validateRules", "listFactTypes", "listRefundEvents", "streamRefundEvents",
                "checkShipment", "startReplay", "getReplay", "listReplays", "listReplayChanges", "cancelReplay")), operationIds.toString());
        assertEquals(operationIds.size(), operationIds.stream().distinct().count(), "operationIds are unique");
        assertEquals("integer", document.getString(
                "paths.'/api/v1/refund-decisions'.get.parameters.find { it.name == 'limit' }.schema.type"));
    }

    @Test
    void missingOrWrongCredentialsAreAProblemWithBothChallenges() {
        for (Response response : List.of(Api.anonymous().get(Api.RULES), Api.as("operator", "wrong").get(Api.RULES))) {
            response.then().statusCode(401)
                    .contentType(containsString("application/problem+json"))
                    .body("type", equalTo("https://express-refund.dev/problems/unauthorized"))
                    .body("status", equalTo(401));
            assertTrue(response.headers().getValues("WWW-Authenticate").containsAll(
                    List.of("Basic realm=\"express-refund\"", "Bearer")), response.headers().toString());
        }
    }

    @Test
    void httpRefusalsAreProblemsInTheServicesOwnWords() {
        assertProblem(Api.operator().get("/api/v1/nope"), 404);
        assertProblem(Api.operator().patch(Api.RULES), 405);
        assertProblem(Api.operator().accept("text/csv").get(Api.RULES), 406)
                .body("detail", not(containsString("@Produces")));
        assertProblem(Api.afterSales().contentType("text/plain").body("x").post(Api.EVALUATE), 415)
                .body("detail", not(containsString("@Consumes")));
        assertProblem(Api.afterSales().body("{\"refundId\": \"" + "A".repeat(300 * 1024) + "\"}").post(Api.EVALUATE), 413);
    }

    @Test
    void whatGeneratedClientsAcceptGetsTheNormalAnswer() {
        Api.operator().accept("application/json, application/problem+json").get(Api.RULES).then().statusCode(200)
                .contentType(containsString("application/json"));
        Api.afterSales().accept("application/json, application/problem+json").get(Api.DECISIONS + "/RF-NONE").then()
                .statusCode(404).contentType(containsString("application/problem+json"));
        assertFalse(Api.operator().get(Api.RULES).jsonPath().getString("version").isEmpty());
        // An operation whose only body is a problem: generated clients accept application/problem+json alone.
        Shops shop = Shops.fresh();
        shop.merchant().accept("application/problem+json").delete(shop.strategyPath()).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        shop.withStrategy("500.00", 10, null);
        shop.merchant().accept("application/problem+json").delete(shop.strategyPath()).then().statusCode(204);
        Api.operator().accept("application/problem+json").delete(Api.RULES + "/replays/no-such-replay").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
    }

    private static io.restassured.response.ValidatableResponse assertProblem(Response response, int status) {
        return response.then().statusCode(status)
                .contentType(containsString("application/problem+json"))
                .body("status", equalTo(status))
                .body("title", not(equalTo(null)));
    }
}
