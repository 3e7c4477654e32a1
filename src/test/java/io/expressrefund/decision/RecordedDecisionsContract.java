package io.expressrefund.decision;

import static io.expressrefund.support.Requests.qualifying;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.platform.Database;
import io.expressrefund.request.RefundRequest;
import io.expressrefund.rules.facts.DecisionPath;

import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.support.Api;
import io.expressrefund.support.Days;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Json;
import io.expressrefund.support.Parallel;
import io.expressrefund.support.QueryPlan;
import io.expressrefund.support.Shops;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.response.Response;

/** Recording decisions and the strategy's daily limit, run against each database the service supports. */
abstract class RecordedDecisionsContract {
    @Inject
    DecisionService service;
    @Inject
    DecisionRecorder recorder;
    @Inject
    MeterRegistry registry;
    @Inject
    ObjectMapper json;
    @Inject
    RecordingWriters writers;
    @Inject
    DecisionRepository repository;
    @Inject
    Database database;

    /** Writer threads this database gets when none are configured. */
    abstract int defaultWriters();

    @Test
    void writersDefaultToWhatTheDatabaseCommitsBest() {
        assertEquals(defaultWriters(), writers.writerCount());
    }

    /** Every listing of decisions, newest first, is read from an index in its order: a sort would read every row. */
    @Test
    void listingsNewestFirstReadAnIndexWithoutSorting() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        PageCursor after = new PageCursor(now.toInstant(), "RF-M");
        List<DecisionFilter> filters = List.of(
                new DecisionFilter(null, null, null, null, null, 50, null),
                new DecisionFilter(null, DecisionPath.CUSTOM_STRATEGY, Outcome.AUTO_REFUND, now.minusDays(1), now, 50, after),
                new DecisionFilter("S-1", null, null, null, null, 50, null),
                new DecisionFilter("S-1", null, Outcome.MANUAL_REVIEW, now.minusDays(1), now, 50, after));
        for (DecisionFilter filter : filters) {
            QueryPlan plan = database.read(connection -> QueryPlan.of(connection, repository.listQuery(filter)));
            assertFalse(plan.sorts(), () -> filter + " sorts:\n" + plan);
        }
    }

    @Test
    void aLimitOfThreeGivesThreeStrategyRefundsThenReviewAndAFreshLimitNextDay() {
        Shops shop = Shops.fresh().withStrategy("500.00", 3, null);
        for (int i = 0; i < 3; i++) {
            record(overExpressLimit(shop, 1)).then().statusCode(201)
                    .body("outcome", equalTo("AUTO_REFUND"))
                    .body("path", equalTo("CUSTOM_STRATEGY"));
        }
        record(overExpressLimit(shop, 1)).then().statusCode(201)
                .body("outcome", equalTo("MANUAL_REVIEW"))
                .body("reasons.code", containsInAnyOrder("AMOUNT_OVER_LIMIT", "DAILY_LIMIT_REACHED"));

        record(overExpressLimit(shop, 0)).then().statusCode(201)
                .body("outcome", equalTo("AUTO_REFUND"))
                .body("path", equalTo("CUSTOM_STRATEGY"));
    }

    @Test
    void expressRefundsStillPassWhenTheLimitIsUsedUpAndUseNothing() {
        Shops shop = Shops.fresh().withStrategy("500.00", 1, null);
        record(overExpressLimit(shop, 0)).then().statusCode(201).body("path", equalTo("CUSTOM_STRATEGY"));
        record(qualifyingFor(shop, 0)).then().statusCode(201)
                .body("outcome", equalTo("AUTO_REFUND"))
                .body("path", equalTo("EXPRESS_REFUND"));
        shop.merchant().get(shop.strategyPath()).then().statusCode(200)
                .body("usageToday.count", equalTo(1))
                .body("usageToday.amount", equalTo(450.00f));
    }

    @Test
    void theAmountLimitStopsTheRefundThatWouldPassIt() {
        Shops shop = Shops.fresh().withStrategy("500.00", null, "1000.00");
        record(overExpressLimit(shop, 0)).then().body("path", equalTo("CUSTOM_STRATEGY"));
        record(overExpressLimit(shop, 0)).then().body("path", equalTo("CUSTOM_STRATEGY"));
        record(overExpressLimit(shop, 0)).then().statusCode(201)
                .body("outcome", equalTo("MANUAL_REVIEW"))
                .body("reasons.code", hasItem("DAILY_LIMIT_REACHED"));
    }

    @Test
    void overTheCapAndShippedOrdersGoToReviewWithEveryReason() {
        Shops shop = Shops.fresh().withStrategy("400.00", 10, null);
        record(overExpressLimit(shop, 0)).then().statusCode(201)
                .body("outcome", equalTo("MANUAL_REVIEW"))
                .body("reasons.code", containsInAnyOrder("AMOUNT_OVER_LIMIT", "OVER_STRATEGY_CAP"));
        record(overExpressLimit(shop, 0).with("order.shippingStatus", "SHIPPED").with("refundAmount", 100.00))
                .then().statusCode(201)
                .body("outcome", equalTo("MANUAL_REVIEW"))
                .body("reasons.code", containsInAnyOrder("AMOUNT_OVER_LIMIT", "ALREADY_SHIPPED"));
    }

    @Test
    void theSameRequestAgainReturnsTheRecordedDecisionAndConsumesNothing() {
        Shops shop = Shops.fresh().withStrategy("500.00", 5, null);
        Json request = overExpressLimit(shop, 0);
        Response first = record(request);
        first.then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/refund-decisions/" + request.map().get("refundId")))
                .body("decidedBy", equalTo("after-sales"))
                .body("decidedAt", notNullValue());
        // The same facts, written differently: another offset, another number of decimals.
        java.util.Map<?, ?> order = (java.util.Map<?, ?>) request.map().get("order");
        Json sameFacts = overExpressLimit(shop, 0)
                .with("refundId", request.map().get("refundId"))
                .with("requestedAt", java.time.OffsetDateTime.parse((String) request.map().get("requestedAt"))
                        .withOffsetSameInstant(java.time.ZoneOffset.UTC).toString())
                .with("order.orderId", order.get("orderId"))
                .with("order.paidAt", order.get("paidAt"))
                .with("refundAmount", new java.math.BigDecimal("450.0"));
        record(sameFacts).then().statusCode(200)
                .body("decidedAt", equalTo(first.path("decidedAt")))
                .body("path", equalTo("CUSTOM_STRATEGY"));
        shop.merchant().get(shop.strategyPath()).then().body("usageToday.count", equalTo(1));
    }

    @Test
    void theSameRefundIdWithOtherFactsIsAConflict() {
        Shops shop = Shops.fresh();
        Json request = qualifyingFor(shop, 0);
        record(request).then().statusCode(201);
        record(request.with("refundAmount", 1.00)).then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(409));
    }

    @Test
    void fiftyParallelRequestsAgainstALimitOfTenGiveExactlyTen() throws Exception {
        Shops shop = Shops.fresh().withStrategy("500.00", 10, null);
        List<Callable<String>> requests = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Json request = overExpressLimit(shop, 0);
            requests.add(() -> record(request).then().statusCode(201).extract().path("outcome"));
        }
        assertEquals(10, Parallel.autoRefunds(requests));
        shop.merchant().get(shop.strategyPath()).then().body("usageToday.count", equalTo(10));
    }

    @Test
    void requestsArrivingTogetherShareCommitsAndEachGetsItsOwnDecision() throws Exception {
        List<Shops> shops = new ArrayList<>();
        List<Callable<String>> requests = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            Shops shop = Shops.fresh().withStrategy("500.00", 3, null);
            shops.add(shop);
            for (int i = 0; i < 10; i++) {
                Json request = overExpressLimit(shop, 0);
                Object refundId = request.map().get("refundId");
                requests.add(() -> record(request).then().statusCode(201).body("refundId", equalTo(refundId))
                        .extract().path("outcome"));
            }
        }
        assertEquals(18, Parallel.autoRefunds(requests));
        for (Shops shop : shops) {
            shop.merchant().get(shop.strategyPath()).then().body("usageToday.count", equalTo(3));
            shop.merchant().get(shop.eventsPath()).then().body("items.seq", contains(1, 2, 3));
        }
        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        double largestBatch = metrics.lines().filter(line -> line.startsWith("refund_recording_batch_size_max"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).max().orElse(0);
        org.junit.jupiter.api.Assertions.assertTrue(largestBatch > 1,
                "16 requests in flight at once should share a commit; largest batch " + largestBatch);
    }

    @Test
    void aBatchLocksAShopsUsageOnceAndDecidesItsLaterRequestsOnTheCountItKeeps() throws Exception {
        Shops shop = Shops.fresh().withStrategy("500.00", 3, null);
        List<PendingRecord> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(service.pending(json.convertValue(overExpressLimit(shop, 0).map(), RefundRequest.class), "test"));
        }
        double locksBefore = usageLocks();

        recorder.record(batch);

        List<String> outcomes = new ArrayList<>();
        for (PendingRecord pending : batch) {
            outcomes.add(pending.answer().get(10, TimeUnit.SECONDS).decision().outcome().name());
        }
        assertEquals(List.of("AUTO_REFUND", "AUTO_REFUND", "AUTO_REFUND", "MANUAL_REVIEW", "MANUAL_REVIEW"), outcomes);
        assertEquals(1, usageLocks() - locksBefore, "one lock of the shop's usage row for the whole batch");
        shop.merchant().get(shop.strategyPath()).then().body("usageToday.count", equalTo(3));
        shop.merchant().get(shop.eventsPath()).then().body("items.seq", contains(1, 2, 3));
    }

    private double usageLocks() {
        Counter locks = registry.find("refund.recording.usage.locks").counter();
        return locks == null ? 0 : locks.count();
    }

    @Test
    void oneRefundIdPostedTwentyTimesAtOnceIsRecordedOnceAndConsumesOnce() throws Exception {
        Shops shop = Shops.fresh().withStrategy("500.00", 5, null);
        Json request = overExpressLimit(shop, 0);
        List<Callable<String>> requests = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            requests.add(() -> {
                Response response = record(request);
                statuses.add(response.statusCode());
                return response.path("outcome");
            });
        }
        assertEquals(20, Parallel.autoRefunds(requests));
        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), "statuses " + statuses);
        assertEquals(19, statuses.stream().filter(status -> status == 200).count(), "statuses " + statuses);
        shop.merchant().get(shop.strategyPath()).then().body("usageToday.count", equalTo(1));
        shop.merchant().get(shop.eventsPath()).then().body("items.seq", contains(1));
    }

    @Test
    void twoFirstSavesOfAStrategyAtTheSameMomentBothSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            Shops shop = Shops.fresh();
            List<Callable<String>> saves = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String cap = (100 + i) + ".00";
                saves.add(() -> Integer.toString(shop.merchant()
                        .body(java.util.Map.of("enabled", true, "maxRefundAmount", new java.math.BigDecimal(cap), "dailyLimit", 3))
                        .put(shop.strategyPath()).statusCode()));
            }
            List<String> statuses = Parallel.all(saves);
            assertEquals(1, statuses.stream().filter("201"::equals).count(), "statuses " + statuses);
            assertEquals(7, statuses.stream().filter("200"::equals).count(), "statuses " + statuses);
            shop.merchant().get(shop.strategyPath()).then().statusCode(200).body("dailyLimit", equalTo(3));
        }
    }

    @Test
    void aRecordedDecisionCanBeReadWithItsInputFacts() {
        Shops shop = Shops.fresh();
        Json request = qualifyingFor(shop, 0);
        String refundId = (String) request.map().get("refundId");
        record(request).then().statusCode(201);
        Api.afterSales().get(Api.DECISIONS + "/" + refundId).then().statusCode(200)
                .body("refundId", equalTo(refundId))
                .body("shopId", equalTo(shop.shopId()))
                .body("outcome", equalTo("AUTO_REFUND"))
                .body("ruleSetVersion", startsWith("sha256:"))
                .body("firedRules", hasItem("Refund at once when every express refund condition holds"))
                .body("request.order.paidAmount", equalTo(120.50f))
                // What was posted, and no more: a request without declared facts has no "facts": null.
                .body("request", not(hasKey("facts")));
        Api.afterSales().get(Api.DECISIONS + "/" + Ids.unique("RF-NONE")).then().statusCode(404);
    }

    @Test
    void theListFiltersByPathAndOutcomeAndPagesNewestFirst() {
        Shops shop = Shops.fresh().withStrategy("500.00", 10, null);
        List<String> express = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Json request = qualifyingFor(shop, 0);
            express.add((String) request.map().get("refundId"));
            record(request).then().statusCode(201);
        }
        record(overExpressLimit(shop, 0)).then().body("path", equalTo("CUSTOM_STRATEGY"));
        Json manual = qualifyingFor(shop, 0).with("order.shippingStatus", "SHIPPED");
        record(manual).then().body("outcome", equalTo("MANUAL_REVIEW"));

        String list = Api.DECISIONS + "?shopId=" + shop.shopId();
        shop.merchant().get(list + "&path=EXPRESS_REFUND&limit=2").then().statusCode(200)
                .body("items.refundId", contains(express.get(4), express.get(3)))
                .body("items.request", contains(nullValue(), nullValue()))
                .body("nextCursor", notNullValue());
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Response page = shop.merchant().get(list + "&path=EXPRESS_REFUND&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            paged.addAll(page.path("items.refundId"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(List.of(express.get(4), express.get(3), express.get(2), express.get(1), express.get(0)), paged);

        shop.merchant().get(list + "&outcome=MANUAL_REVIEW").then()
                .body("items.refundId", contains(manual.map().get("refundId")));
        shop.merchant().get(list + "&path=CUSTOM_STRATEGY").then().body("items", org.hamcrest.Matchers.hasSize(1));
        shop.merchant().get(list + "&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z").then().body("items", empty());
        shop.merchant().get(list + "&path=SOMETIMES").then().statusCode(400).body("violations.field", hasItem("path"));
        shop.merchant().get(list + "&limit=0").then().statusCode(400).body("violations.field", hasItem("limit"));
        shop.merchant().get(list + "&cursor=bm9wZQ").then().statusCode(400).body("violations.field", hasItem("cursor"));
    }

    @Test
    void aRequestMoreThanFiveMinutesInTheFutureIsRefused() {
        Json request = qualifying(Ids.unique("RF-FUT"))
                .with("requestedAt", java.time.OffsetDateTime.now().plusMinutes(10).toString());
        record(request).then().statusCode(400).body("violations.field", hasItem("requestedAt"));
        Api.afterSales().body(request.map()).post(Api.EVALUATE).then().statusCode(400);
    }

    /** A 450-yuan order: over the express refund limit, within a 500-yuan strategy cap. */
    static Json overExpressLimit(Shops shop, int daysAgo) {
        return qualifyingFor(shop, daysAgo).with("order.paidAmount", 450.00).with("refundAmount", 450.00);
    }

    /** A request of this shop made today ({@code daysAgo} 0) or late yesterday (1): recording takes a day at most. */
    static Json qualifyingFor(Shops shop, int daysAgo) {
        String refundId = Ids.unique("RF");
        return qualifying(refundId)
                .with("shop.shopId", shop.shopId())
                .with("requestedAt", daysAgo == 0 ? java.time.OffsetDateTime.now(Days.PLATFORM).minusMinutes(1).toString()
                        : Days.lateYesterday())
                .with("order.paidAt", java.time.OffsetDateTime.now(Days.PLATFORM).minusDays(daysAgo).minusHours(2).toString());
    }

    static Response record(Json request) {
        return Api.afterSales().body(request.map()).post(Api.DECISIONS);
    }
}
