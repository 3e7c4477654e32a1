package io.expressrefund.replay;

import static io.expressrefund.support.Requests.qualifying;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.expressrefund.platform.Database;
import io.expressrefund.support.Api;
import io.expressrefund.support.Days;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Json;
import io.expressrefund.support.QueryPlan;
import io.expressrefund.support.Shops;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Replays on generated traffic whose flips are known in advance, run against each database the service
 * supports. Each test records into shops of its own and replays only them.
 */
abstract class ReplayContract {
    @Inject
    ReplayRepository repository;
    @Inject
    Database database;
    private static final String REPLAYS = Api.RULES + "/replays";
    private static final String POLICY = "express/policy.drl";
    private static final String BOUND = "new BigDecimal(\"300.00\")";
    private static final List<String> PAID = List.of("100.00", "250.00", "300.00", "300.01", "350.00", "450.00",
            "500.00", "500.01", "650.00");

    /** Each page of a replay is read from an index in its order: a sort would read the whole range for every page. */
    @Test
    void pagesReadAnIndexWithoutSorting() {
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        Instant to = Instant.parse("2026-11-08T00:00:00Z");
        ReplayRepository.Key after = new ReplayRepository.Key(from.plusSeconds(3600), "RF-M");
        for (String shopId : Arrays.asList(null, "S-1")) {
            ReplayRepository.Range range = new ReplayRepository.Range(from, to, shopId);
            for (ReplayRepository.Key key : Arrays.asList(null, after)) {
                QueryPlan plan = database.read(connection -> QueryPlan.of(connection, repository.pageQuery(range, key, 500)));
                assertFalse(plan.sorts(), () -> range + " after " + key + " sorts:\n" + plan);
            }
        }
    }

    /** A replay's count reads the decisions from the range's start on, not the whole table. */
    @Test
    void theCountReadsFromTheRangesStart() {
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        ReplayRepository.Key start = new ReplayRepository.Key(from.minusSeconds(300), "");
        for (String shopId : Arrays.asList(null, "S-1")) {
            ReplayRepository.Range range = new ReplayRepository.Range(from, from.plusSeconds(7 * 86_400), shopId);
            QueryPlan plan = database.read(connection -> QueryPlan.of(connection, repository.countQuery(range, start)));
            assertTrue(plan.readsAnIndexRangeOn("decided_at"),
                    () -> range + " reads the whole table:\n" + plan);
        }
    }

    /**
     * The count of a whole range (no shop) is answered from the index alone: every column it tests is in the index
     * it reads, so no row is fetched whole for it (request JSON and all), which made a replay of a week spend its
     * first seconds counting.
     */
    @Test
    void theCountOfAWholeRangeReadsNoRow() {
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        ReplayRepository.Range range = new ReplayRepository.Range(from, from.plusSeconds(7 * 86_400), null);
        ReplayRepository.Key start = new ReplayRepository.Key(from.minusSeconds(300), "");
        QueryPlan plan = database.read(connection -> QueryPlan.of(connection, repository.countQuery(range, start)));
        assertNotNull(plan.index(), () -> "the count reads no index:\n" + plan);
        Set<String> columns = database.read(connection -> QueryPlan.columnsOf(connection, "refund_decision", plan.index()));
        assertTrue(columns.containsAll(Set.of("decided_at", "requested_at")),
                () -> "the count reads " + plan.index() + " " + columns + " and fetches each row for the rest:\n" + plan);
    }

    @Test
    void movingTheBoundTo500FlipsExactlyThePaidAmountsAbove300UpTo500() {
        Shops shop = Shops.fresh();
        for (String paid : PAID) {
            record(recent(shop, paid)).then().statusCode(201);
        }
        Map<String, Object> candidate = rulesWith(BOUND, "new BigDecimal(\"500.00\")");

        JsonPath done = replayToTheEnd(candidate, shop, "current");
        List<BigDecimal> flipped = PAID.stream().map(BigDecimal::new)
                .filter(paid -> paid.compareTo(new BigDecimal("300.00")) > 0 && paid.compareTo(new BigDecimal("500.00")) <= 0)
                .toList();
        assertEquals(PAID.size(), done.getInt("summary.replayed"));
        assertEquals(flipped.size(), done.getInt("summary.changed"));
        Map<String, Object> newly = transition(done, "MANUAL_REVIEW", null, "AUTO_REFUND", "EXPRESS_REFUND");
        assertEquals(flipped.size(), ((Number) newly.get("count")).intValue());
        assertEquals(0, flipped.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                .compareTo(new BigDecimal(newly.get("amount").toString())));
        assertEquals(shop.shopId(), done.getString("summary.byShop[0].shopId"));
        assertEquals(flipped.size(), done.getInt("summary.byShop[0].newlyAutomatic"));
        assertEquals(0, done.getInt("summary.byShop[0].noLongerAutomatic"));
        long over300 = PAID.stream().filter(paid -> new BigDecimal(paid).compareTo(new BigDecimal("300.00")) > 0).count();
        Map<String, Object> overLimit = find(done.getList("summary.byReason"), "code", "AMOUNT_OVER_LIMIT");
        assertEquals(over300, ((Number) overLimit.get("before")).intValue());
        assertEquals(over300 - flipped.size(), ((Number) overLimit.get("after")).intValue());
        Map<String, Object> boundRule = find(done.getList("summary.byRule"), "rule",
                "Express refund needs a paid amount not over the limit");
        assertEquals(over300, ((Number) boundRule.get("firedBefore")).intValue());
        assertEquals(over300 - flipped.size(), ((Number) boundRule.get("firedAfter")).intValue());

        List<Map<String, Object>> changes = allChanges(done.getString("id"));
        assertEquals(flipped.size(), changes.size());
        for (Map<String, Object> change : changes) {
            assertEquals("MANUAL_REVIEW", ((Map<?, ?>) change.get("before")).get("outcome"));
            assertEquals("AUTO_REFUND", ((Map<?, ?>) change.get("after")).get("outcome"));
        }
    }

    @Test
    void aStrategyDayRunsOutEarlierWhenTheCandidateRefundsMoreByTheStrategy() {
        Shops shop = Shops.fresh().withStrategy("1000.00", 2, null);
        List<String> paid = List.of("200.00", "250.00", "400.00", "450.00", "480.00");
        List<String> paths = new ArrayList<>();
        for (String amount : paid) {
            paths.add(record(recent(shop, amount)).then().statusCode(201).extract().path("path"));
        }
        assertEquals(java.util.Arrays.asList("EXPRESS_REFUND", "EXPRESS_REFUND", "CUSTOM_STRATEGY", "CUSTOM_STRATEGY", null),
                paths, "the day as recorded: two express refunds, the strategy's two, then its limit");
        Map<String, Object> candidate = new LinkedHashMap<>(rulesWith(BOUND, "new BigDecimal(\"100.00\")"));
        candidate.put("cases", Map.of("small.json", caseOf(qualifying("RF-SMALL").with("order.paidAmount", 50.00)
                .with("refundAmount", 50.00))));

        for (String baseline : List.of("current", "recorded")) {
            JsonPath done = replayToTheEnd(candidate, shop, baseline);
            // The two small refunds now use the strategy's limit, so the two larger ones no longer fit in it.
            assertEquals(4, done.getInt("summary.changed"), baseline);
            assertEquals(2, ((Number) transition(done, "AUTO_REFUND", "EXPRESS_REFUND", "AUTO_REFUND", "CUSTOM_STRATEGY")
                    .get("count")).intValue(), baseline);
            Map<String, Object> lost = transition(done, "AUTO_REFUND", "CUSTOM_STRATEGY", "MANUAL_REVIEW", null);
            assertEquals(2, ((Number) lost.get("count")).intValue(), baseline);
            assertEquals(0, new BigDecimal("850.00").compareTo(new BigDecimal(lost.get("amount").toString())), baseline);
            assertEquals(2, done.getInt("summary.byShop[0].noLongerAutomatic"), baseline);
            assertEquals(0, done.getInt("summary.withoutSnapshot"), baseline);
        }
        // A replay writes nothing: the shop's usage today is still what was recorded.
        shop.merchant().get(shop.strategyPath()).then().statusCode(200).body("usageToday.count", equalTo(2));
        Api.afterSales().get(Api.DECISIONS + "?shopId=" + shop.shopId()).then().body("items.size()", equalTo(5));
    }

    @Test
    void theRulesInServiceAgainstWhatWasRecordedChangeNothing() {
        Shops shop = Shops.fresh();
        for (String paid : PAID) {
            record(recent(shop, paid)).then().statusCode(201);
        }
        Map<String, Object> noFiles = new LinkedHashMap<>();
        JsonPath done = replayToTheEnd(noFiles, shop, "recorded");
        assertEquals(PAID.size(), done.getInt("summary.replayed"));
        assertEquals(0, done.getInt("summary.changed"));
        assertEquals("recorded", done.getString("baselineVersion"));
        assertReplayThreadsRunInTheirSchedulingClass();
    }

    /**
     * On Linux with chrt, the service's replay threads run in SCHED_IDLE, or in the normal class (0) where
     * refund.replay.idle-scheduling is off.
     */
    private static void assertReplayThreadsRunInTheirSchedulingClass() {
        boolean idle = ConfigProvider.getConfig().getValue("refund.replay.idle-scheduling", Boolean.class);
        if (!IdleSchedulingTest.available()) {
            return;
        }
        List<Integer> policies = new ArrayList<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            for (Path thread : threads.toList()) {
                try {
                    if (Files.readString(thread.resolve("comm")).startsWith("rules-replay")) {
                        policies.add(IdleScheduling.policyOf(thread));
                    }
                } catch (IOException ended) {
                    // a thread that ended while listed
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(!policies.isEmpty(), "a replay thread is alive after a replay");
        assertEquals(List.of(idle ? IdleScheduling.SCHED_IDLE : 0), policies.stream().distinct().toList(),
                idle ? "replay threads run in SCHED_IDLE" : "paced replay threads stay in the normal class");
    }

    @Test
    void aReplayCanBeCancelled() {
        Shops shop = Shops.fresh();
        recordSmallRefunds(shop, 12);
        String id = start(slowly(rulesWith(BOUND, BOUND), 200), shop, "current").then().statusCode(202).extract().path("id");
        Api.operator().delete(REPLAYS + "/" + id).then().statusCode(204);
        await().atMost(Duration.ofSeconds(15)).until(() -> "cancelled".equals(Api.operator().get(REPLAYS + "/" + id).path("state")));
        JsonPath cancelled = Api.operator().get(REPLAYS + "/" + id).jsonPath();
        assertTrue(cancelled.getLong("progress.done") < 12, "a cancelled replay stops before the end");
        Api.operator().delete(REPLAYS + "/" + id).then().statusCode(204);
        Api.operator().get(REPLAYS + "/" + id).then().statusCode(404);
    }

    /**
     * A replay covers the decisions it counted when it started: its last page asks for no more than are left (it
     * would otherwise read on through every decision recorded since), so one recorded while it runs is not
     * replayed, and its progress never passes its total.
     */
    @Test
    void aReplayCoversTheDecisionsItCountedWhenItStarted() {
        Shops shop = Shops.fresh();
        recordSmallRefunds(shop, 6);
        String id = start(slowly(rulesWith(BOUND, BOUND), 300), shop, "current").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> Api.operator().get(REPLAYS + "/" + id).jsonPath().getLong("progress.total") > 0);
        recordSmallRefunds(shop, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> !"running".equals(Api.operator().get(REPLAYS + "/" + id).path("state")));
        JsonPath done = Api.operator().get(REPLAYS + "/" + id).jsonPath();
        assertEquals("done", done.getString("state"), done.prettify());
        assertEquals(6, done.getLong("progress.total"), done.prettify());
        assertEquals(6, done.getLong("progress.done"), done.prettify());
        assertEquals(6, done.getInt("summary.replayed"), done.prettify());
    }

    @Test
    void aRefusedCandidateIsA422AndStartsNothing() {
        Map<String, Object> broken = rulesWith("RefundCase( virtualGoods )", "RefundCase( virtualGoods ");
        int before = Api.operator().get(REPLAYS).jsonPath().getList("items").size();
        start(broken, Shops.fresh(), "current").then().statusCode(422)
                .contentType(containsString("application/problem+json"))
                .body("errors.file", hasItem("express/eligibility.drl"));
        assertEquals(before, Api.operator().get(REPLAYS).jsonPath().getList("items").size());
        Api.operator().body(Map.of("from", "2026-11-28", "to", "2026-11-01")).post(REPLAYS).then().statusCode(400)
                .body("violations.field", hasItem("to"));
        Api.operator().body(Map.of("from", "2026-13-01", "to", "2026-11-01")).post(REPLAYS).then().statusCode(400)
                .body("violations.find { it.field == 'from' }.message",
                        equalTo("must be a platform day such as 2026-11-28, not '2026-13-01'"));
    }

    @Test
    void onlyOperatorsReplay() {
        Map<String, Object> body = Map.of("from", LocalDate.now(Days.PLATFORM).toString(), "to", LocalDate.now(Days.PLATFORM).toString());
        Api.afterSales().body(body).post(REPLAYS).then().statusCode(403);
        Api.merchantOfS1().body(body).post(REPLAYS).then().statusCode(403);
        Api.anonymous().body(body).post(REPLAYS).then().statusCode(401);
        Api.afterSales().get(REPLAYS).then().statusCode(403);
        Api.operator().get(REPLAYS).then().statusCode(200).body("items", not(equalTo(null)));
    }

    /** A row that this version cannot read fails the replay naming the refund and the field, in the service's words. */
    @Test
    void aRecordedRequestThatCannotBeReadFailsTheReplayNamingTheRefund() {
        assertAReplayFailsOnARecordedRequest(refundId -> "{\"refundId\": \"" + refundId + "\", \"refundAmount\": \"120.00\"}",
                "refundAmount must be a decimal number of yuan");
    }

    @Test
    void aRecordedRequestThatLacksAFieldFailsTheReplayNamingTheField() {
        // A row another version wrote, say: it reads as JSON, but the service cannot decide it without its order.
        assertAReplayFailsOnARecordedRequest(refundId -> "{\"refundId\": \"" + refundId + "\", \"refundType\": \"REFUND_ONLY\", "
                + "\"refundAmount\": 120.00, \"requestedAt\": \"2026-11-28T10:00:00+08:00\", "
                + "\"shop\": {\"shopId\": \"S\", \"expressRefundEnabled\": true}}", "order must not be null");
    }

    private void assertAReplayFailsOnARecordedRequest(UnaryOperator<String> recordedJson, String why) {
        Shops shop = Shops.fresh();
        recordSmallRefunds(shop, 2);
        String refundId = Ids.unique("RF");
        record(recent(shop, "120.00").with("refundId", refundId)).then().statusCode(201);
        database.read(connection -> {
            try (var update = connection.prepareStatement("UPDATE refund_decision SET request_json = ? WHERE refund_id = ?")) {
                update.setString(1, recordedJson.apply(refundId));
                update.setString(2, refundId);
                assertEquals(1, update.executeUpdate());
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return null;
        });
        String id = start(rulesWith(BOUND, BOUND), shop, "current").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> !"running".equals(Api.operator().get(REPLAYS + "/" + id).path("state")));
        Api.operator().get(REPLAYS + "/" + id).then()
                .body("state", equalTo("failed"))
                .body("error", equalTo("the replay failed: the recorded decision of refund " + refundId
                        + " cannot be read: " + why));
    }

    private static void recordSmallRefunds(Shops shop, int count) {
        for (int i = 0; i < count; i++) {
            record(recent(shop, "120.00")).then().statusCode(201);
        }
    }

    /** The candidate plus a rule that sleeps {@code millis} on each decision of a test's shop, for a replay that runs a while. */
    private static Map<String, Object> slowly(Map<String, Object> candidate, int millis) {
        Map<String, Object> slow = new LinkedHashMap<>(candidate);
        @SuppressWarnings("unchecked")
        Map<String, Object> files = new LinkedHashMap<>((Map<String, Object>) candidate.get("files"));
        files.put("extra/slow.drl", """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;
                rule "Takes its time over recorded shops"
                when
                    RefundCase( shopId.startsWith( "SHOP-" ) )
                then
                    Thread.sleep( %d );
                end
                """.formatted(millis));
        slow.put("files", files);
        return slow;
    }

    private static JsonPath replayToTheEnd(Map<String, Object> candidate, Shops shop, String baseline) {
        Response started = start(candidate, shop, baseline);
        started.then().statusCode(202).header("Location", containsString("/api/v1/rules/replays/"));
        String id = started.path("id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"running".equals(Api.operator().get(REPLAYS + "/" + id).path("state")));
        JsonPath done = Api.operator().get(REPLAYS + "/" + id).jsonPath();
        assertEquals("done", done.getString("state"), done.prettify());
        assertEquals(done.getLong("progress.total"), done.getLong("progress.done"));
        return done;
    }

    private static Response start(Map<String, Object> candidate, Shops shop, String baseline) {
        Map<String, Object> body = new LinkedHashMap<>(candidate);
        LocalDate today = LocalDate.now(Days.PLATFORM);
        body.put("from", today.minusDays(1).toString());
        body.put("to", today.toString());
        body.put("shopId", shop.shopId());
        body.put("baseline", baseline);
        return Api.operator().body(body).post(REPLAYS);
    }

    private static List<Map<String, Object>> allChanges(String id) {
        List<Map<String, Object>> changes = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = Api.operator().get(REPLAYS + "/" + id + "/changes?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .then().statusCode(200).extract().jsonPath();
            changes.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return changes;
    }

    /** The shipped rules with one text replaced in any file, as files for a candidate (cases: the folder's). */
    private static Map<String, Object> rulesWith(String from, String to) {
        Map<String, Object> files = new LinkedHashMap<>();
        try (Stream<Path> drl = Files.walk(Path.of("rules"))) {
            for (Path file : (Iterable<Path>) drl.filter(path -> path.toString().endsWith(".drl"))::iterator) {
                files.put(Path.of("rules").relativize(file).toString(), Files.readString(file).replace(from, to));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("files", files);
        if (!from.equals(to) && from.equals(BOUND)) {
            // The cases that pin the 300-yuan bound would refuse a moved bound: keep those that still hold.
            candidate.put("cases", Map.of("small.json", caseOf(qualifying("RF-SMALL").with("order.paidAmount", 50.00)
                    .with("refundAmount", 50.00))));
        }
        return candidate;
    }

    private static Map<String, Object> caseOf(Json request) {
        return Map.of("request", request.map(),
                "expected", Map.of("outcome", "AUTO_REFUND", "path", "EXPRESS_REFUND", "reasons", List.of()));
    }

    private static Map<String, Object> transition(JsonPath done, String fromOutcome, String fromPath, String toOutcome,
            String toPath) {
        for (Map<String, Object> transition : done.<Map<String, Object>>getList("summary.transitions")) {
            Map<?, ?> from = (Map<?, ?>) transition.get("from");
            Map<?, ?> to = (Map<?, ?>) transition.get("to");
            if (fromOutcome.equals(from.get("outcome")) && java.util.Objects.equals(fromPath, from.get("path"))
                    && toOutcome.equals(to.get("outcome")) && java.util.Objects.equals(toPath, to.get("path"))) {
                return transition;
            }
        }
        throw new AssertionError("no transition " + fromOutcome + "/" + fromPath + " -> " + toOutcome + "/" + toPath
                + " in " + done.getList("summary.transitions"));
    }

    private static Map<String, Object> find(List<Map<String, Object>> items, String key, String value) {
        return items.stream().filter(item -> value.equals(item.get(key))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " " + value + " in " + items));
    }

    private static Json recent(Shops shop, String paid) {
        OffsetDateTime now = OffsetDateTime.now(Days.PLATFORM).withNano(0);
        return qualifying(Ids.unique("RF")).with("shop.shopId", shop.shopId())
                .with("order.paidAmount", new BigDecimal(paid)).with("refundAmount", new BigDecimal(paid))
                .with("requestedAt", now.minusMinutes(1).toString()).with("order.paidAt", now.minusMinutes(30).toString());
    }

    private static Response record(Json request) {
        return Api.afterSales().body(request.map()).post(Api.DECISIONS);
    }
}
