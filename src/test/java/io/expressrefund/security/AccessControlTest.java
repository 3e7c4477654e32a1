package io.expressrefund.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.expressrefund.support.Api;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Requests;
import io.expressrefund.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Who may do what, through real HTTP: every endpoint, every role, and other shops' data. */
@QuarkusTest
class AccessControlTest {
    private static final String S1_STRATEGY = "/api/v1/shops/S-1/auto-refund-strategy";
    private static final String STREAM = "/api/v1/shops/S-1/refund-events/stream";

    /** One call of each endpoint under /api/v1. */
    record Call(String method, String path, Object body) {
        int send(RequestSpecification as) {
            if (path.equals(STREAM)) {
                return streamStatus(as);
            }
            RequestSpecification request = body == null ? as : as.body(body);
            return request.request(method, path).statusCode();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Call> everyEndpoint() {
        Map<String, Object> request = Requests.qualifying("RF-ACL").map();
        Map<String, Object> strategy = Map.of("enabled", true, "maxRefundAmount", 100, "dailyLimit", 5);
        return List.of(
                new Call("POST", Api.EVALUATE, request),
                new Call("POST", Api.DECISIONS, request),
                new Call("GET", Api.DECISIONS + "/RF-ACL", null),
                new Call("GET", Api.DECISIONS + "?shopId=S-1", null),
                new Call("GET", Api.RULES, null),
                new Call("POST", Api.RULES + "/reload", null),
                new Call("POST", Api.RULES + "/validate", Map.of("files", Map.of("x.drl", "package x;"))),
                new Call("PUT", S1_STRATEGY, strategy),
                new Call("GET", S1_STRATEGY, null),
                new Call("DELETE", S1_STRATEGY, null),
                new Call("GET", "/api/v1/shops/S-1/refund-events", null),
                new Call("GET", STREAM, null),
                new Call("GET", "/api/v1/orders/O-1/shipment-check", null));
    }

    @ParameterizedTest(name = "{0} needs a caller")
    @MethodSource("everyEndpoint")
    void everyEndpointAnswers401WithoutCredentials(Call call) {
        assertStatus(401, call, Api.anonymous());
    }

    @ParameterizedTest(name = "{0} refuses a wrong password")
    @MethodSource("everyEndpoint")
    void everyEndpointAnswers401ForAWrongPassword(Call call) {
        assertStatus(401, call, Api.as("after-sales", "guess"));
    }

    @ParameterizedTest(name = "{0} by the after-sales service")
    @MethodSource("everyEndpoint")
    void theAfterSalesServiceDecidesAndReadsDecisionsOnly(Call call) {
        boolean allowed = call.path().startsWith(Api.DECISIONS);
        assertAllowedOrForbidden(allowed, call, Api::afterSales);
    }

    @ParameterizedTest(name = "{0} by an operator")
    @MethodSource("everyEndpoint")
    void operatorsReachTheRulesOnly(Call call) {
        assertAllowedOrForbidden(call.path().startsWith(Api.RULES), call, Api::operator);
    }

    @ParameterizedTest(name = "{0} by the merchant of S-1")
    @MethodSource("everyEndpoint")
    void merchantsReachTheirShopsStrategiesDecisionsFeedsAndChecks(Call call) {
        boolean allowed = call.path().startsWith("/api/v1/shops/S-1") || call.path().startsWith("/api/v1/orders/")
                || call.path().equals(Api.DECISIONS + "?shopId=S-1");
        if (call.path().equals(Api.DECISIONS + "/RF-ACL")) {
            return; // reading one decision depends on its shop: covered below
        }
        assertAllowedOrForbidden(allowed, call, Api::merchantOfS1);
    }

    @ParameterizedTest(name = "{0} by the merchant of other shops")
    @MethodSource("everyEndpoint")
    void merchantsNeverReachOtherShops(Call call) {
        if (call.path().contains("S-1")) {
            assertStatus(403, call, Api.merchantOfS2());
        }
    }

    @Test
    void aShopThatDoesNotExistIsForbiddenNotMissing() {
        String nowhere = "/api/v1/shops/" + Ids.unique("NOWHERE");
        Api.merchantOfS1().get(nowhere + "/auto-refund-strategy").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        Api.merchantOfS1().get(nowhere + "/refund-events").then().statusCode(403);
        Api.merchantOfS1().get(Api.DECISIONS + "?shopId=NOWHERE").then().statusCode(403);
        Api.merchantOfS1().get("/api/v1/orders/O-1/shipment-check?shopId=NOWHERE").then().statusCode(403);
    }

    @Test
    void aMerchantReadsItsOwnShopsDecisionsButNotOthersNorLearnsWhetherTheyExist() {
        Map<String, Object> ownShop = Requests.qualifying(Ids.unique("RF-OWN")).with("shop.shopId", "S-3").map();
        Api.afterSales().body(ownShop).post(Api.DECISIONS).then().statusCode(201);
        String path = Api.DECISIONS + "/" + ownShop.get("refundId");
        Api.merchantOfS2().get(path).then().statusCode(200).body("shopId", equalTo("S-3"));
        Api.merchantOfS1().get(path).then().statusCode(403);
        Api.merchantOfS1().get(Api.DECISIONS + "/" + Ids.unique("RF-NEVER")).then().statusCode(403);
        Api.merchantOfS1().get(Api.DECISIONS).then().statusCode(400);
        Api.afterSales().get(path).then().statusCode(200);
    }

    @Test
    void decisionsAndRuleChangesAreAttributedToTheCaller() {
        String token = Tokens.valid("erp-bridge", "refund-service");
        Map<String, Object> request = Requests.qualifying(Ids.unique("RF-WHO")).map();
        Api.withToken(token).body(request).post(Api.DECISIONS).then().statusCode(201)
                .body("decidedBy", equalTo("erp-bridge"));
        Api.afterSales().get(Api.DECISIONS + "/" + request.get("refundId")).then().body("decidedBy", equalTo("erp-bridge"));
        Api.operator().post(Api.RULES + "/reload").then().statusCode(200);
    }

    @Test
    void aValidTokenIsAcceptedWithTheRolesOfItsGroups() {
        Api.withToken(Tokens.valid("svc", "refund-service")).body(Requests.qualifying("RF-JWT").map())
                .post(Api.EVALUATE).then().statusCode(200);
        Api.withToken(Tokens.valid("ops", "rules-admin")).get(Api.RULES).then().statusCode(200);
        Api.withToken(Tokens.valid("ops", "rules-admin")).body(Requests.qualifying("RF-JWT").map())
                .post(Api.EVALUATE).then().statusCode(403);
        Api.withToken(Tokens.valid("m", "merchant", "shop:S-9")).get("/api/v1/shops/S-9/refund-events").then().statusCode(200);
        Api.withToken(Tokens.valid("m", "shop:S-9")).get("/api/v1/shops/S-9/refund-events").then().statusCode(403);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Api.withToken(Tokens.expired("svc", "refund-service")).body(Requests.qualifying("RF-EXP").map())
                .post(Api.EVALUATE).then().statusCode(401);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        Api.withToken(Tokens.signedByAnotherKey("svc", "refund-service")).body(Requests.qualifying("RF-SIG").map())
                .post(Api.EVALUATE).then().statusCode(401);
        Api.withToken("not.a.token").get(Api.RULES).then().statusCode(401);
    }

    @Test
    void healthMetricsAndTheApiDocumentStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    /** A stream that is allowed never ends, so only its status line is read. */
    static int streamStatus(RequestSpecification as) {
        var filterable = (io.restassured.specification.FilterableRequestSpecification) as;
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                + io.restassured.RestAssured.port + STREAM)).header("Accept", "text/event-stream");
        String authorization = filterable.getHeaders().getValue("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        } else if (filterable.getAuthenticationScheme() instanceof io.restassured.authentication.PreemptiveBasicAuthScheme basic) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (basic.getUserName() + ":" + basic.getPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofLines());
            response.body().close();
            return response.statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertAllowedOrForbidden(boolean allowed, Call call, Supplier<RequestSpecification> as) {
        int status = call.send(as.get());
        if (allowed) {
            org.junit.jupiter.api.Assertions.assertTrue(status != 401 && status != 403,
                    call + " should be allowed, got " + status);
        } else {
            org.junit.jupiter.api.Assertions.assertEquals(403, status, call + " should be forbidden");
        }
    }

    private static void assertStatus(int expected, Call call, RequestSpecification as) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, call.send(as), call.toString());
    }
}
