package io.expressrefund.platform;

import static io.expressrefund.support.Requests.qualifying;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.expressrefund.support.Api;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Json;
import io.expressrefund.support.PostgresProfile;
import io.expressrefund.support.StallingProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A database that stops answering without going away (PostgreSQL behind a proxy that stalls every byte):
 * a request waits no longer than refund.storage.timeout (1 s here), answers 503 with Retry-After, leaves
 * nothing half-written, and the service recovers when the database answers again.
 */
@QuarkusTest
@TestProfile(FrozenDatabaseTest.BehindAStallingProxy.class)
class FrozenDatabaseTest {
    static final StallingProxy PROXY = StallingProxy.to(5432);

    public static class BehindAStallingProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            PostgresProfile.createDatabaseIfMissing();
            return Map.of(
                    "quarkus.datasource.\"pg\".active", "true",
                    "quarkus.datasource.\"h2\".active", "false",
                    "quarkus.datasource.\"pg\".jdbc.url",
                    "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/" + PostgresProfile.DATABASE,
                    "refund.storage.timeout", "1s");
        }
    }

    @AfterEach
    void letTheDatabaseAnswerAgain() {
        PROXY.resume();
    }

    @Test
    void aFrozenDatabaseIsA503WithinTheTimeoutAndNothingHalfWritten() {
        record(request()).then().statusCode(201);

        PROXY.stall();
        Json frozen = request();
        long started = System.nanoTime();
        Response refused = record(frozen);
        long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
        refused.then().statusCode(503)
                .contentType(containsString("application/problem+json"))
                .header("Retry-After", notNullValue());
        assertTrue(waited < 4_000, "a frozen database held the request for " + waited + " ms");
        long evaluateStarted = System.nanoTime();
        Api.afterSales().body(request().map()).post(Api.EVALUATE).then().statusCode(503);
        assertTrue(Duration.ofNanos(System.nanoTime() - evaluateStarted).toMillis() < 4_000);

        PROXY.resume();
        // Nothing of the refused request was written: posting it again records it now.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> record(frozen).statusCode() == 201);
        Api.afterSales().get(Api.DECISIONS + "/" + frozen.map().get("refundId")).then().statusCode(200)
                .body("refundId", equalTo(frozen.map().get("refundId")));
    }

    @Test
    void requestsQueuedBehindAFrozenDatabaseAreAll503AndNoneIsRetriedAlone() throws Exception {
        record(request()).then().statusCode(201);
        double splitsBefore = metric("refund_recording_batch_splits_total");

        PROXY.stall();
        // One shop, so one writer: while its first batch waits out the timeout, the others queue behind it and
        // are taken as one batch, which fails as a whole (the database is out) rather than split up.
        java.util.List<Json> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            requests.add(request());
        }
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (Json request : requests) {
                statuses.add(callers.submit(() -> record(request).statusCode()));
            }
            for (java.util.concurrent.Future<Integer> status : statuses) {
                org.junit.jupiter.api.Assertions.assertEquals(503, status.get(20, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        assertTrue(metric("refund_recording_batch_size_max") > 1, "the queued requests should have formed a batch");
        org.junit.jupiter.api.Assertions.assertEquals(splitsBefore, metric("refund_recording_batch_splits_total"),
                "a batch that failed because the database is out must not be retried request by request");

        PROXY.resume();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> record(requests.get(0)).statusCode() == 201);
        for (Json request : requests.subList(1, requests.size())) {
            record(request).then().statusCode(201);
        }
    }

    /** The largest value of a metric's series on /q/metrics; 0 when it has none yet. */
    private static double metric(String name) {
        return io.restassured.RestAssured.get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).max().orElse(0);
    }

    private static Json request() {
        return qualifying(Ids.unique("RF-FROZEN"));
    }

    private static Response record(Json request) {
        return Api.afterSales().body(request.map()).post(Api.DECISIONS);
    }
}
