package io.expressrefund.events;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.expressrefund.support.Api;
import io.expressrefund.support.Requests;
import io.expressrefund.support.Shops;
import io.expressrefund.support.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * Waiting long-polls and streams hold no worker thread, and are capped per caller (the default 20) and per
 * instance: beyond a cap, 429 problem+json with Retry-After. The worker pool is made small here, so that waiters
 * holding threads would starve {@code /evaluate}.
 */
@QuarkusTest
@TestProfile(WaitingCapsTest.SmallInstance.class)
class WaitingCapsTest {
    static final int INSTANCE_CAP = 30;

    public static class SmallInstance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("refund.events.max-waiting", Integer.toString(INSTANCE_CAP),
                    "quarkus.thread-pool.max-threads", "8");
        }
    }

    @TestHTTPResource("/")
    String root;

    @Inject
    WaitingLimits limits;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SseClient> streams = new ArrayList<>();
    private final List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();

    @AfterEach
    void closeAll() {
        streams.forEach(SseClient::close);
        polls.forEach(poll -> poll.cancel(true));
        Awaitility.await().atMost(Duration.ofSeconds(70)).until(() -> limits.waiting() == 0);
    }

    @Test
    void oneCallerGetsTwentyWaitersThen429WhileOthersAndEvaluateGoOn() throws Exception {
        Shops greedy = Shops.fresh();
        for (int i = 0; i < 10; i++) {
            streams.add(SseClient.connect(streamOf(greedy), greedy.token(), null));
            polls.add(longPoll(greedy));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limits.waiting() == 20);

        refusedWith429(greedy.merchant().accept("text/event-stream").get(greedy.eventsPath() + "/stream").then())
                .body("detail", containsString("max-waiting-per-caller"));
        refusedWith429(greedy.merchant().get(greedy.eventsPath() + "?wait=30s").then());
        // A read that does not wait is not capped.
        greedy.merchant().get(greedy.eventsPath()).then().statusCode(200);

        // 20 waiters and only 8 worker threads: decisions are still made, and others may still wait.
        for (int i = 0; i < 20; i++) {
            Api.afterSales().body(Requests.qualifying("WAIT-" + i + "-" + System.nanoTime()).map())
                    .post(Api.EVALUATE).then().statusCode(200).body("outcome", equalTo("AUTO_REFUND"));
        }
        Shops other = Shops.fresh();
        streams.add(SseClient.connect(streamOf(other), other.token(), null));

        // A waiter that ends gives its place back.
        streams.remove(0).close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limits.waiting() == 20);
        streams.add(SseClient.connect(streamOf(greedy), greedy.token(), null));
        polls.forEach(poll -> assertFalse(poll.isDone(), "a long-poll with nothing to say should still wait"));
    }

    @Test
    void theInstanceCapHoldsAcrossCallers() throws Exception {
        List<Shops> shops = new ArrayList<>();
        for (int i = 0; i < INSTANCE_CAP; i++) {
            Shops shop = Shops.fresh();
            shops.add(shop);
            if (i % 2 == 0) {
                streams.add(SseClient.connect(streamOf(shop), shop.token(), null));
            } else {
                polls.add(longPoll(shop));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limits.waiting() == INSTANCE_CAP);
        Shops late = Shops.fresh();
        refusedWith429(late.merchant().get(late.eventsPath() + "?wait=10s").then())
                .body("detail", containsString("refund.events.max-waiting)"));
        assertEquals(INSTANCE_CAP, limits.waiting());
    }

    private static ValidatableResponse refusedWith429(ValidatableResponse response) {
        return response.statusCode(429).contentType("application/problem+json").header("Retry-After", "5")
                .body("status", equalTo(429)).body("type", containsString("too-many-waiting"));
    }

    private String streamOf(Shops shop) {
        return root + shop.eventsPath().substring(1) + "/stream";
    }

    private CompletableFuture<HttpResponse<String>> longPoll(Shops shop) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(root + shop.eventsPath().substring(1) + "?wait=60s"))
                .header("Authorization", "Bearer " + shop.token()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
