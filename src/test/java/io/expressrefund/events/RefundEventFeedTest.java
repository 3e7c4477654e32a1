package io.expressrefund.events;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.expressrefund.platform.Database;
import io.expressrefund.support.Api;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Json;
import io.expressrefund.support.QueryPlan;
import io.expressrefund.support.Requests;
import io.expressrefund.support.Shops;
import io.expressrefund.support.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class RefundEventFeedTest {
    @TestHTTPResource("/")
    String root;

    @Inject
    EventService events;

    @Inject
    Database database;

    @Inject
    EventRepository repository;

    /** A page of the feed is read from the key in its order: a sort would read every later event of the shop. */
    @Test
    void aPageOfEventsReadsTheKeyWithoutSorting() {
        QueryPlan plan = database.read(connection -> QueryPlan.of(connection, repository.afterQuery("S-1", 10, 100)));
        assertFalse(plan.sorts(), () -> "a page of events sorts:\n" + plan);
    }

    @Test
    void eachAutomaticRefundGivesOneEventInOrderAndNothingElseDoes() {
        Shops shop = Shops.fresh().withStrategy("500.00", 10, null);
        Json express = refundIn(shop);
        record(express).then().statusCode(201);
        Json strategy = refundIn(shop).with("order.paidAmount", 450.00).with("refundAmount", 450.00);
        record(strategy).then().statusCode(201).body("path", equalTo("CUSTOM_STRATEGY"));
        record(refundIn(shop).with("order.shippingStatus", "SHIPPED")).then().body("outcome", equalTo("MANUAL_REVIEW"));
        record(express).then().statusCode(200);

        shop.merchant().get(shop.eventsPath()).then().statusCode(200)
                .body("items.seq", contains(1, 2))
                .body("items.refundId", contains(express.map().get("refundId"), strategy.map().get("refundId")))
                .body("items.path", contains("EXPRESS_REFUND", "CUSTOM_STRATEGY"))
                .body("items.action", contains("STOP_SHIPMENT", "STOP_SHIPMENT"))
                .body("items[1].refundAmount", equalTo(450.00f))
                .body("items[0].shopId", equalTo(shop.shopId()))
                .body("nextAfter", equalTo(2));
        shop.merchant().get(shop.eventsPath() + "?after=1").then().body("items.seq", contains(2));
        shop.merchant().get(shop.eventsPath() + "?after=2").then().body("items", empty()).body("nextAfter", equalTo(2));
        shop.merchant().get(shop.eventsPath() + "?after=0&limit=1").then().body("items.seq", contains(1))
                .body("nextAfter", equalTo(1));
    }

    @Test
    void aLongPollAnswersWithinASecondOfANewDecision() throws Exception {
        Shops shop = Shops.fresh();
        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(
                () -> shop.merchant().get(shop.eventsPath() + "?after=0&wait=30s"));
        Thread.sleep(700);
        assertTrue(!poll.isDone(), "the long-poll should wait while there is nothing");
        long decided = System.nanoTime();
        record(refundIn(shop)).then().statusCode(201);
        Response answer = poll.get();
        long millis = (System.nanoTime() - decided) / 1_000_000;
        assertEquals(200, answer.statusCode());
        assertEquals(List.of(1), answer.path("items.seq"));
        assertTrue(millis < 1000, "the long-poll answered " + millis + " ms after the decision");
    }

    @Test
    void aLongPollWithNothingNewAnswersEmptyAtTheDeadline() {
        Shops shop = Shops.fresh();
        long start = System.nanoTime();
        shop.merchant().get(shop.eventsPath() + "?after=0&wait=1s").then().statusCode(200).body("items", empty());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 900);
        shop.merchant().get(shop.eventsPath() + "?wait=61s").then().statusCode(400).body("violations.field", hasItem("wait"));
        shop.merchant().get(shop.eventsPath() + "?after=-1").then().statusCode(400);
    }

    @Test
    void anSseClientThatReconnectsWithLastEventIdGetsExactlyWhatItMissed() throws Exception {
        Shops shop = Shops.fresh();
        String stream = root + shop.eventsPath().substring(1) + "/stream";
        try (SseClient client = SseClient.connect(stream, shop.token(), null)) {
            record(refundIn(shop)).then().statusCode(201);
            record(refundIn(shop)).then().statusCode(201);
            assertEquals(List.of("1", "2"), client.take(2, 10));
        }
        record(refundIn(shop)).then().statusCode(201);
        record(refundIn(shop)).then().statusCode(201);
        try (SseClient client = SseClient.connect(stream, shop.token(), "2")) {
            assertEquals(List.of("3", "4"), client.take(2, 10));
            record(refundIn(shop)).then().statusCode(201);
            assertEquals(List.of("5"), client.take(1, 10));
            assertEquals(List.of(), client.rest(500));
        }
    }

    /** A cursor the feed never gave out (another shop's, or one kept across a restore) would wait and then skip events. */
    @Test
    void aCursorPastTheFeedsLastEventIsRefusedOnEveryWayOfReading() {
        Shops shop = Shops.fresh();
        shop.merchant().get(shop.eventsPath() + "?after=1").then().statusCode(400)
                .body("violations.field", hasItem("after"))
                .body("detail", containsString("last event (seq 0)"));
        record(refundIn(shop)).then().statusCode(201);
        record(refundIn(shop)).then().statusCode(201);
        shop.merchant().get(shop.eventsPath() + "?after=2").then().statusCode(200).body("items", empty());
        shop.merchant().get(shop.eventsPath() + "?after=3").then().statusCode(400)
                .body("detail", containsString("last event (seq 2)"));
        shop.merchant().get(shop.eventsPath() + "?after=3&wait=1s").then().statusCode(400)
                .body("violations.field", hasItem("after"));
        shop.merchant().header("Last-Event-ID", "3").get(shop.eventsPath() + "/stream").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("violations.field", hasItem("Last-Event-ID"));
        shop.merchant().get(shop.eventsPath() + "/stream?after=3").then().statusCode(400)
                .body("violations.field", hasItem("after"));
        // A refused stream gives its place among the caller's waiters back (20 by default): none of these is a 429.
        for (int i = 0; i < 25; i++) {
            shop.merchant().get(shop.eventsPath() + "/stream?after=3").then().statusCode(400);
        }
    }

    @Test
    void theShipmentCheckStopsRefundedOrdersAndLetsOthersGo() {
        Shops shop = Shops.fresh();
        Json refunded = refundIn(shop);
        String orderId = (String) ((java.util.Map<?, ?>) refunded.map().get("order")).get("orderId");
        shop.merchant().get("/api/v1/orders/" + orderId + "/shipment-check").then().statusCode(200)
                .body("ship", equalTo(true));
        record(refunded).then().statusCode(201);
        shop.merchant().get("/api/v1/orders/" + orderId + "/shipment-check").then().statusCode(200)
                .body("ship", equalTo(false))
                .body("reason", equalTo("REFUNDED"))
                .body("refundId", equalTo(refunded.map().get("refundId")));

        Json reviewed = refundIn(shop).with("order.shippingStatus", "SHIPPED");
        record(reviewed).then().body("outcome", equalTo("MANUAL_REVIEW"));
        String reviewedOrder = (String) ((java.util.Map<?, ?>) reviewed.map().get("order")).get("orderId");
        shop.merchant().get("/api/v1/orders/" + reviewedOrder + "/shipment-check").then().body("ship", equalTo(true));
        // Another merchant learns nothing about this shop's order.
        Shops.fresh().merchant().get("/api/v1/orders/" + orderId + "/shipment-check").then().statusCode(200)
                .body("ship", equalTo(true));
    }

    @Test
    void eventsOlderThanTheRetentionAreRemovedAndSeqIsNeverReused() {
        Shops shop = Shops.fresh();
        record(refundIn(shop)).then().statusCode(201);
        // read() runs outside any transaction: the update commits at once.
        database.read(connection -> {
            try (var age = connection.prepareStatement("UPDATE refund_event SET decided_at = ? WHERE shop_id = ?")) {
                age.setObject(1, OffsetDateTime.now().minusDays(31));
                age.setString(2, shop.shopId());
                return age.executeUpdate();
            }
        });
        assertTrue(events.pruneOlderThanRetention() >= 1);
        shop.merchant().get(shop.eventsPath()).then().body("items", empty());
        record(refundIn(shop)).then().statusCode(201);
        shop.merchant().get(shop.eventsPath()).then().body("items.seq", contains(2));
    }

    private static Json refundIn(Shops shop) {
        String refundId = Ids.unique("RF-EV");
        return Requests.qualifying(refundId).with("shop.shopId", shop.shopId())
                .with("requestedAt", OffsetDateTime.now().minusMinutes(1).toString())
                .with("order.paidAt", OffsetDateTime.now().minusMinutes(30).toString());
    }

    private static Response record(Json request) {
        return Api.afterSales().body(request.map()).post(Api.DECISIONS);
    }
}
