package io.expressrefund.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.expressrefund.client.ApiException;
import io.expressrefund.client.ApiResponse;
import io.expressrefund.client.model.Baseline;
import io.expressrefund.client.model.Decision;
import io.expressrefund.client.model.DecisionPage;
import io.expressrefund.client.model.DecisionPath;
import io.expressrefund.client.model.EventPage;
import io.expressrefund.client.model.FactTypeView;
import io.expressrefund.client.model.FactTypes;
import io.expressrefund.client.model.OrderFacts;
import io.expressrefund.client.model.Outcome;
import io.expressrefund.client.model.Problem;
import io.expressrefund.client.model.Reason;
import io.expressrefund.client.model.RecordedDecision;
import io.expressrefund.client.model.RefundEvent;
import io.expressrefund.client.model.RefundRequest;
import io.expressrefund.client.model.RefundType;
import io.expressrefund.client.model.ReplayChange;
import io.expressrefund.client.model.ReplayChanges;
import io.expressrefund.client.model.ReplayRequest;
import io.expressrefund.client.model.ReplayView;
import io.expressrefund.client.model.RuleFile;
import io.expressrefund.client.model.RuleProblem;
import io.expressrefund.client.model.RulesStatus;
import io.expressrefund.client.model.ShipmentCheck;
import io.expressrefund.client.model.ShippingStatus;
import io.expressrefund.client.model.ShopFacts;
import io.expressrefund.client.model.StrategyRequest;
import io.expressrefund.client.model.StrategyView;
import io.expressrefund.client.model.Transition;
import io.expressrefund.client.model.ValidationRequest;
import io.expressrefund.client.model.ValidationResult;
import io.expressrefund.support.Ids;
import io.expressrefund.support.ServiceProcess;
import io.expressrefund.support.Tokens;

/**
 * The API contract's proof: a Java client generated at build time (openapi-generator, library native) from the
 * document the packaged service serves calls every operation of that document against the packaged service —
 * each success shape read into the generated models with their values checked, one problem answer at least per
 * operation read as the generated Problem, and the refund-event stream read as events. Every answer is held
 * against the document ({@link Contract}) and the client refuses properties the document does not declare, so
 * a document that drifts from the code fails here; the last test fails when an operation of the document was
 * not called.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedClientIT {
    private static final ZoneId PLATFORM = ZoneId.of("Asia/Shanghai");
    private static final String EXPRESS_RULE = "Refund at once when every express refund condition holds";
    private static final String BOUND = "new BigDecimal(\"300.00\")";
    private static final String BROKEN = "package express\n\nrule \"client check\"\nwhen\n    eval(true\nthen\nend\n";
    private static final String CHECK = "package express\n\nrule \"client check\"\nwhen\n    eval(false)\nthen\nend\n";
    private static final String DECLARED = "package express\n\ndeclare ProductFacts\n    category : String\nend\n";

    private static ServiceProcess service;
    private static Path rules;
    private static Contract contract;
    private static Caller afterSales;
    private static Caller operator;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("client-it-data");
        rules = Files.createTempDirectory("client-it-rules");
        copy(Path.of("rules"), rules);
        service = ServiceProcess.start(Map.of(
                "quarkus.datasource.\"h2\".jdbc.url", "jdbc:h2:file:" + data.resolve("db")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0",
                "refund.rules.dir", rules.toString(),
                "refund.rules.watch", "false",
                // A machine busy with other builds may compile the rules slower than the default 10s allows.
                "refund.rules.build-timeout", "60s",
                "refund.events.heartbeat", "1s"));
        contract = Contract.of(new ObjectMapper().readTree(served("/q/openapi?format=json")));
        afterSales = Caller.basic(service.baseUri(), contract, "after-sales", "after-sales-secret");
        operator = Caller.basic(service.baseUri(), contract, "operator", "operator-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theClientWasGeneratedFromTheDocumentThePackagedServiceServes() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        assertEquals(yaml.readTree(Path.of("target/openapi/openapi.yaml").toFile()), yaml.readTree(served("/q/openapi")),
                "target/openapi/openapi.yaml, which the client is generated from, is what the service serves");
    }

    @Test
    void evaluateRefund() throws Exception {
        String version = operator.rules().getRulesStatus().getVersion();

        Decision express = afterSales.decisions().evaluateRefund(qualifying(Ids.unique("RF"), Ids.unique("S")));
        assertEquals(Outcome.AUTO_REFUND, express.getOutcome());
        assertEquals(DecisionPath.EXPRESS_REFUND, express.getPath());
        assertEquals(List.of(), express.getReasons());
        assertEquals(List.of(EXPRESS_RULE), express.getFiredRules());
        assertEquals(version, express.getRuleSetVersion());

        RefundRequest several = qualifying(Ids.unique("RF"), Ids.unique("S")).refundType(RefundType.RETURN_AND_REFUND);
        several.getOrder().shippingStatus(ShippingStatus.SHIPPED);
        Decision review = afterSales.decisions().evaluateRefund(several);
        assertEquals(several.getRefundId(), review.getRefundId());
        assertEquals(Outcome.MANUAL_REVIEW, review.getOutcome());
        assertNull(review.getPath());
        assertEquals(Set.of("ALREADY_SHIPPED", "NOT_REFUND_ONLY"), codes(review.getReasons()));
        review.getReasons().forEach(reason -> assertFalse(reason.getMessage().isBlank()));

        Problem invalid = afterSales.problem(400, () -> afterSales.decisions().evaluateRefund(
                qualifying(Ids.unique("RF"), Ids.unique("S")).refundAmount(new BigDecimal("1.005"))));
        assertEquals("refundAmount", invalid.getViolations().get(0).getField());
        Problem undeclared = afterSales.problem(400, () -> afterSales.decisions().evaluateRefund(
                qualifying(Ids.unique("RF"), Ids.unique("S")).putFactsItem("ProductFacts", Map.of("category", "FRESH"))));
        assertTrue(undeclared.getViolations().get(0).getField().startsWith("facts.ProductFacts"), undeclared.getDetail());
    }

    @Test
    void recordRefundDecisionGetRefundDecisionAndListRefundDecisions() throws Exception {
        String shop = Ids.unique("S");
        RefundRequest express = qualifying(Ids.unique("RF"), shop);
        ApiResponse<RecordedDecision> created = afterSales.decisions().recordRefundDecisionWithHttpInfo(express);
        assertEquals(201, created.getStatusCode());
        assertTrue(created.getHeaders().get("location").get(0).endsWith("/api/v1/refund-decisions/" + express.getRefundId()),
                created.getHeaders().toString());
        RecordedDecision recorded = created.getData();
        assertEquals(express.getRefundId(), recorded.getRefundId());
        assertEquals(shop, recorded.getShopId());
        assertEquals(express.getOrder().getOrderId(), recorded.getOrderId());
        assertEquals(Outcome.AUTO_REFUND, recorded.getOutcome());
        assertEquals(DecisionPath.EXPRESS_REFUND, recorded.getPath());
        assertEquals(0, new BigDecimal("120.50").compareTo(recorded.getRefundAmount()));
        assertEquals(List.of(EXPRESS_RULE), recorded.getFiredRules());
        assertTrue(recorded.getRuleSetVersion().startsWith("sha256:"));
        assertTrue(recorded.getRequestedAt().isEqual(express.getRequestedAt()));
        assertFalse(recorded.getDecidedAt().isBefore(express.getRequestedAt()));
        assertEquals("after-sales", recorded.getDecidedBy());
        assertEquals(express.getRefundId(), recorded.getRequest().getRefundId());
        assertTrue(recorded.getRequest().getOrder().getPaidAt().isEqual(express.getOrder().getPaidAt()));

        ApiResponse<RecordedDecision> again = afterSales.decisions().recordRefundDecisionWithHttpInfo(express);
        assertEquals(200, again.getStatusCode(), "the same request again answers the decision recorded before");
        assertEquals(recorded.getDecidedAt(), again.getData().getDecidedAt());
        afterSales.problem(409, () -> afterSales.decisions().recordRefundDecision(
                qualifying(express.getRefundId(), shop).refundAmount(new BigDecimal("100.00"))));

        RecordedDecision read = afterSales.decisions().getRefundDecision(express.getRefundId());
        assertEquals(recorded, read);
        afterSales.problem(404, () -> afterSales.decisions().getRefundDecision(Ids.unique("RF")));

        RefundRequest shipped = qualifying(Ids.unique("RF"), shop);
        shipped.getOrder().shippingStatus(ShippingStatus.SHIPPED);
        RecordedDecision review = afterSales.decisions().recordRefundDecision(shipped);
        assertEquals(Outcome.MANUAL_REVIEW, review.getOutcome());
        assertNull(review.getPath());
        assertEquals(Set.of("ALREADY_SHIPPED"), codes(review.getReasons()));

        OffsetDateTime from = OffsetDateTime.now(PLATFORM).minusHours(1);
        OffsetDateTime to = OffsetDateTime.now(PLATFORM).plusHours(1);
        DecisionPage first = afterSales.decisions().listRefundDecisions(null, from, 1, null, null, shop, to);
        assertEquals(List.of(shipped.getRefundId()), refundIds(first), "newest first");
        assertNotNull(first.getNextCursor());
        DecisionPage second = afterSales.decisions().listRefundDecisions(first.getNextCursor(), from, 1, null, null, shop, to);
        assertEquals(List.of(express.getRefundId()), refundIds(second));
        assertEquals(recorded.getDecidedBy(), second.getItems().get(0).getDecidedBy());
        assertNull(second.getNextCursor());
        assertEquals(List.of(express.getRefundId()), refundIds(afterSales.decisions()
                .listRefundDecisions(null, null, null, null, DecisionPath.EXPRESS_REFUND, shop, null)));
        assertEquals(List.of(shipped.getRefundId()), refundIds(afterSales.decisions()
                .listRefundDecisions(null, null, null, Outcome.MANUAL_REVIEW, null, shop, null)));
        Problem limit = afterSales.problem(400, () -> afterSales.decisions().listRefundDecisions(null, null, 500, null, null, shop, null));
        assertEquals("limit", limit.getViolations().get(0).getField());
    }

    @Test
    void saveGetAndDeleteAutoRefundStrategy() throws Exception {
        String shop = Ids.unique("S");
        Caller merchant = merchantOf(shop);
        merchant.problem(404, () -> merchant.strategies().getAutoRefundStrategy(shop));
        merchant.problem(404, () -> merchant.strategies().deleteAutoRefundStrategy(shop));

        StrategyRequest strategy = new StrategyRequest().enabled(true).maxRefundAmount(new BigDecimal("500.00")).dailyLimit(20);
        ApiResponse<StrategyView> created = merchant.strategies().saveAutoRefundStrategyWithHttpInfo(shop, strategy);
        assertEquals(201, created.getStatusCode());
        StrategyView saved = created.getData();
        assertEquals(shop, saved.getShopId());
        assertEquals(Boolean.TRUE, saved.getEnabled());
        assertEquals(0, new BigDecimal("500.00").compareTo(saved.getMaxRefundAmount()));
        assertEquals(20, saved.getDailyLimit());
        assertNull(saved.getDailyAmountLimit());
        assertEquals("erp-client", saved.getUpdatedBy());
        assertNotNull(saved.getUpdatedAt());
        assertEquals(0, saved.getUsageToday().getCount());
        assertEquals(LocalDate.now(PLATFORM), saved.getUsageToday().getDate());

        ApiResponse<StrategyView> replaced = merchant.strategies().saveAutoRefundStrategyWithHttpInfo(shop,
                strategy.dailyAmountLimit(new BigDecimal("5000.00")));
        assertEquals(200, replaced.getStatusCode());
        assertEquals(0, new BigDecimal("5000.00").compareTo(replaced.getData().getDailyAmountLimit()));
        Problem cap = merchant.problem(400, () -> merchant.strategies().saveAutoRefundStrategy(shop,
                new StrategyRequest().enabled(true).maxRefundAmount(new BigDecimal("0.50")).dailyLimit(1)));
        assertEquals("maxRefundAmount", cap.getViolations().get(0).getField());
        merchant.problem(403, () -> merchant.strategies().saveAutoRefundStrategy(Ids.unique("S"), strategy));

        RefundRequest large = qualifying(Ids.unique("RF"), shop).refundAmount(new BigDecimal("350.00"));
        large.getOrder().paidAmount(new BigDecimal("350.00"));
        RecordedDecision byStrategy = afterSales.decisions().recordRefundDecision(large);
        assertEquals(Outcome.AUTO_REFUND, byStrategy.getOutcome());
        assertEquals(DecisionPath.CUSTOM_STRATEGY, byStrategy.getPath());
        StrategyView used = merchant.strategies().getAutoRefundStrategy(shop);
        assertEquals(1, used.getUsageToday().getCount());
        assertEquals(0, new BigDecimal("350.00").compareTo(used.getUsageToday().getAmount()));

        ApiResponse<Void> deleted = merchant.strategies().deleteAutoRefundStrategyWithHttpInfo(shop);
        assertEquals(204, deleted.getStatusCode());
        merchant.problem(404, () -> merchant.strategies().getAutoRefundStrategy(shop));
    }

    @Test
    void listRefundEventsStreamRefundEventsAndCheckShipment() throws Exception {
        String shop = Ids.unique("S");
        Caller merchant = merchantOf(shop);
        EventPage none = merchant.erp().listRefundEvents(shop, 0L, 100, null);
        assertEquals(List.of(), none.getItems());
        assertEquals(0L, none.getNextAfter());

        RecordedDecision first = afterSales.decisions().recordRefundDecision(qualifying(Ids.unique("RF"), shop));
        EventPage page = merchant.erp().listRefundEvents(shop, 0L, 100, null);
        assertEquals(1, page.getItems().size());
        RefundEvent event = page.getItems().get(0);
        assertEquals(1L, event.getSeq());
        assertEquals(first.getRefundId(), event.getRefundId());
        assertEquals(first.getOrderId(), event.getOrderId());
        assertEquals(shop, event.getShopId());
        assertEquals(DecisionPath.EXPRESS_REFUND, event.getPath());
        assertEquals(0, new BigDecimal("120.50").compareTo(event.getRefundAmount()));
        assertTrue(first.getDecidedAt().isEqual(event.getDecidedAt()));
        assertEquals("STOP_SHIPMENT", event.getAction());
        assertEquals(1L, page.getNextAfter());

        RecordedDecision second;
        try (EventStream stream = merchant.stream(shop, 0L, null)) {
            List<EventStream.Event> sent = stream.take(1, 10);
            assertEquals(1, sent.size(), "the event recorded before the stream opened");
            assertEquals("1", sent.get(0).id());
            assertEquals("refund", sent.get(0).name());
            assertEquals(event, stream.data(sent.get(0)));

            second = afterSales.decisions().recordRefundDecision(qualifying(Ids.unique("RF"), shop));
            List<EventStream.Event> live = stream.take(1, 10);
            assertEquals(1, live.size(), "the event recorded while the stream is open");
            assertEquals("2", live.get(0).id());
            RefundEvent streamed = stream.data(live.get(0));
            assertEquals(2L, streamed.getSeq());
            assertEquals(second.getRefundId(), streamed.getRefundId());
            assertTrue(stream.comments() >= 1, "the service's comment that the stream is connected");
        }
        try (EventStream resumed = merchant.stream(shop, null, 1L)) {
            List<EventStream.Event> sent = resumed.take(1, 10);
            assertEquals(List.of("2"), sent.stream().map(EventStream.Event::id).toList(), "resumed after Last-Event-ID 1");
        }
        Problem lastEventId = merchant.problem(400, () -> merchant.stream(shop, null, -1L).close());
        assertEquals("Last-Event-ID", lastEventId.getViolations().get(0).getField());
        merchant.problem(403, () -> merchant.stream(Ids.unique("S"), 0L, null).close());

        long waited = System.nanoTime();
        EventPage nothingNew = merchant.erp().listRefundEvents(shop, 2L, 100, "1s");
        assertEquals(List.of(), nothingNew.getItems());
        assertEquals(2L, nothingNew.getNextAfter());
        assertTrue(System.nanoTime() - waited >= 900_000_000L, "long-polled for the second it was asked to wait");
        Problem wait = merchant.problem(400, () -> merchant.erp().listRefundEvents(shop, 0L, 100, "99s"));
        assertEquals("wait", wait.getViolations().get(0).getField());

        ShipmentCheck stop = merchant.erp().checkShipment(second.getOrderId(), shop);
        assertEquals(Boolean.FALSE, stop.getShip());
        assertEquals(second.getRefundId(), stop.getRefundId());
        assertTrue(second.getDecidedAt().isEqual(stop.getDecidedAt()));
        assertFalse(stop.getReason().isBlank());
        ShipmentCheck ship = merchant.erp().checkShipment(Ids.unique("O"), null);
        assertEquals(Boolean.TRUE, ship.getShip());
        assertNull(ship.getRefundId());
        merchant.problem(403, () -> merchant.erp().checkShipment(second.getOrderId(), Ids.unique("S")));
    }

    @Test
    void getRulesStatusListFactTypesAndValidateRules() throws Exception {
        RulesStatus status = operator.rules().getRulesStatus();
        assertTrue(status.getVersion().startsWith("sha256:"), status.getVersion());
        assertTrue(status.getFiles().stream().map(RuleFile::getName).toList().contains("express/eligibility.drl"));
        status.getFiles().forEach(file -> assertFalse(file.getSha256().isBlank(), file.getName()));
        assertTrue(status.getRules().contains("express/" + EXPRESS_RULE), status.getRules().toString());
        assertFalse(status.getCases().isEmpty());
        assertEquals(status.getCases().size(), status.getCasesPassed());
        assertNotNull(status.getBuiltAt());
        assertNull(status.getBuilding());
        assertNull(status.getLastError());
        assertEquals(0, status.getStuckBuildThreads());
        afterSales.problem(403, () -> afterSales.rules().getRulesStatus());

        FactTypes factTypes = afterSales.rules().listFactTypes();
        assertEquals(status.getVersion(), factTypes.getVersion());
        assertEquals(List.of(), factTypes.getTypes(), "the shipped rules declare no fact type");
        Caller merchant = merchantOf(Ids.unique("S"));
        merchant.problem(403, () -> merchant.rules().listFactTypes());

        Map<String, String> candidate = drl();
        candidate.put("express/client-check.drl", CHECK);
        ValidationResult valid = operator.rules().validateRules(new ValidationRequest().files(candidate));
        assertEquals(Boolean.TRUE, valid.getValid());
        assertTrue(valid.getVersion().startsWith("sha256:"));
        assertFalse(valid.getVersion().equals(status.getVersion()));
        assertTrue(valid.getRules().contains("express/client check"), valid.getRules().toString());
        assertEquals(status.getCasesPassed(), valid.getCasesPassed());

        candidate.put("express/client-check.drl", BROKEN);
        Problem refused = operator.problem(422, () -> operator.rules().validateRules(new ValidationRequest().files(candidate)));
        RuleProblem error = refused.getErrors().get(0);
        assertEquals("COMPILE_ERROR", error.getKind());
        assertEquals("express/client-check.drl", error.getFile());
        assertEquals(6, error.getLine());
        assertEquals(status.getVersion(), operator.rules().getRulesStatus().getVersion(), "validating activates nothing");
    }

    @Test
    void reloadRules() throws Exception {
        String before = operator.rules().getRulesStatus().getVersion();
        RulesStatus unchanged = operator.rules().reloadRules();
        assertEquals(before, unchanged.getVersion());
        assertEquals("unchanged", unchanged.getLastAttempt().getResult().getValue());
        assertEquals("operator", unchanged.getLastAttempt().getBy());

        Path declared = rules.resolve("express/client-facts.drl");
        Path broken = rules.resolve("express/client-broken.drl");
        try {
            Files.writeString(declared, DECLARED);
            RulesStatus activated = operator.rules().reloadRules();
            assertEquals("activated", activated.getLastAttempt().getResult().getValue());
            assertFalse(before.equals(activated.getVersion()));
            assertTrue(activated.getFiles().stream().anyMatch(file -> file.getName().equals("express/client-facts.drl")));
            FactTypes types = afterSales.rules().listFactTypes();
            assertEquals(activated.getVersion(), types.getVersion());
            assertEquals(1, types.getTypes().size());
            FactTypeView productFacts = types.getTypes().get(0);
            assertEquals("ProductFacts", productFacts.getName());
            assertEquals("express", productFacts.getPackageName());
            assertEquals("express.ProductFacts", productFacts.getQualifiedName());
            assertEquals("express/client-facts.drl", productFacts.getFile());
            assertEquals(Boolean.FALSE, productFacts.getRepeatable());
            assertEquals("category", productFacts.getFields().get(0).getName());
            assertEquals("string", productFacts.getFields().get(0).getType().getValue());
            assertEquals("java.lang.String", productFacts.getFields().get(0).getJavaType());
            Decision withFacts = afterSales.decisions().evaluateRefund(qualifying(Ids.unique("RF"), Ids.unique("S"))
                    .putFactsItem("ProductFacts", Map.of("category", "FRESH")));
            assertEquals(Outcome.AUTO_REFUND, withFacts.getOutcome());
            assertEquals(activated.getVersion(), withFacts.getRuleSetVersion());

            Files.writeString(broken, BROKEN);
            Problem refused = operator.problem(422, () -> operator.rules().reloadRules());
            assertEquals("express/client-broken.drl", refused.getErrors().get(0).getFile());
            RulesStatus afterRefusal = operator.rules().getRulesStatus();
            assertEquals(activated.getVersion(), afterRefusal.getVersion(), "the rules in service stay");
            assertEquals("refused", afterRefusal.getLastAttempt().getResult().getValue());
            assertEquals("operator", afterRefusal.getLastError().getRequestedBy());
            assertEquals("express/client-broken.drl", afterRefusal.getLastError().getErrors().get(0).getFile());
            Caller merchant = merchantOf(Ids.unique("S"));
            merchant.problem(403, () -> merchant.rules().reloadRules());
        } finally {
            Files.deleteIfExists(declared);
            Files.deleteIfExists(broken);
        }
        RulesStatus restored = operator.rules().reloadRules();
        assertEquals(before, restored.getVersion());
        assertNull(restored.getLastError());
    }

    @Test
    void startReplayGetReplayListReplaysListReplayChangesAndCancelReplay() throws Exception {
        String shop = Ids.unique("S");
        RecordedDecision small = afterSales.decisions().recordRefundDecision(qualifying(Ids.unique("RF"), shop));
        RefundRequest over300 = qualifying(Ids.unique("RF"), shop).refundAmount(new BigDecimal("350.00"));
        over300.getOrder().paidAmount(new BigDecimal("350.00"));
        RecordedDecision large = afterSales.decisions().recordRefundDecision(over300);
        assertEquals(Outcome.MANUAL_REVIEW, large.getOutcome());

        Map<String, String> candidate = drl();
        candidate.put("express/policy.drl", candidate.get("express/policy.drl").replace(BOUND, "new BigDecimal(\"500.00\")"));
        LocalDate today = LocalDate.now(PLATFORM);
        // The folder's cases pin the 300-yuan bound and would refuse a moved one: the candidate brings its own.
        String express = "express-refund-when-every-condition-holds.json";
        Object expressCase = operator.mapper().readValue(rules.resolve("tests").resolve(express).toFile(), Object.class);
        ReplayRequest replay = new ReplayRequest().files(candidate).putCasesItem(express, expressCase)
                .from(today.minusDays(1)).to(today.plusDays(1)).shopId(shop).baseline(Baseline.CURRENT);
        ApiResponse<ReplayView> started = operator.rules().startReplayWithHttpInfo(replay);
        assertEquals(202, started.getStatusCode());
        String id = started.getData().getId();
        assertTrue(started.getHeaders().get("location").get(0).endsWith("/api/v1/rules/replays/" + id));
        assertEquals(shop, started.getData().getShopId());
        assertEquals("operator", started.getData().getRequestedBy());

        ReplayView done = started.getData();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"done".equals(done.getState().getValue()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            done = operator.rules().getReplay(id);
        }
        assertEquals("done", done.getState().getValue(), String.valueOf(done.getError()));
        assertEquals(2L, done.getProgress().getDone());
        assertEquals(2L, done.getProgress().getTotal());
        assertNotNull(done.getFinishedAt());
        assertEquals(2L, done.getSummary().getReplayed());
        assertEquals(1L, done.getSummary().getChanged());
        Transition flipped = done.getSummary().getTransitions().stream()
                .filter(transition -> transition.getFrom().getOutcome() == Outcome.MANUAL_REVIEW).findFirst().orElseThrow();
        assertEquals(Outcome.AUTO_REFUND, flipped.getTo().getOutcome());
        assertEquals(DecisionPath.EXPRESS_REFUND, flipped.getTo().getPath());
        assertEquals(1L, flipped.getCount());
        assertEquals(0, new BigDecimal("350.00").compareTo(flipped.getAmount()));
        assertEquals(shop, done.getSummary().getByShop().get(0).getShopId());

        ReplayChanges changes = operator.rules().listReplayChanges(id, null, 100);
        assertEquals(1, changes.getItems().size());
        ReplayChange change = changes.getItems().get(0);
        assertEquals(large.getRefundId(), change.getRefundId());
        assertEquals(shop, change.getShopId());
        assertEquals(Outcome.MANUAL_REVIEW, change.getBefore().getOutcome());
        assertEquals(Set.of("AMOUNT_OVER_LIMIT"), codes(change.getBefore().getReasons()));
        assertEquals(Outcome.AUTO_REFUND, change.getAfter().getOutcome());
        assertNull(changes.getNextCursor());
        assertFalse(small.getRefundId().equals(change.getRefundId()));
        Problem limit = operator.problem(400, () -> operator.rules().listReplayChanges(id, null, 0));
        assertEquals("limit", limit.getViolations().get(0).getField());

        assertTrue(operator.rules().listReplays().getItems().stream().anyMatch(job -> job.getId().equals(id)));
        afterSales.problem(403, () -> afterSales.rules().listReplays());

        ApiResponse<Void> forgotten = operator.rules().cancelReplayWithHttpInfo(id);
        assertEquals(204, forgotten.getStatusCode());
        operator.problem(404, () -> operator.rules().getReplay(id));
        operator.problem(404, () -> operator.rules().cancelReplay(id));

        candidate.put("express/client-check.drl", BROKEN);
        Problem refused = operator.problem(422, () -> operator.rules().startReplay(replay.files(candidate)));
        assertEquals("express/client-check.drl", refused.getErrors().get(0).getFile());
    }

    @Test
    void wrongCredentialsAreAProblemWithBothChallenges() throws Exception {
        Caller wrong = Caller.basic(service.baseUri(), contract, "operator", "wrong");
        ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> wrong.rules().getRulesStatus());
        assertTrue(e.getResponseHeaders().allValues("WWW-Authenticate").containsAll(List.of("Basic realm=\"express-refund\"", "Bearer")),
                e.getResponseHeaders().map().toString());
        wrong.problem(401, () -> wrong.rules().getRulesStatus());
    }

    /** Last: every operation of the document was called through the generated client, with a success and a problem. */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyOperationOfTheDocumentWasCalledThroughTheGeneratedClient() {
        assertFalse(contract.operations().isEmpty(), "the document has operations under /api/");
        Map<String, String> missing = new TreeMap<>();
        contract.answered().forEach((operationId, statuses) -> {
            assertNotNull(operationId, "every operation has an operationId");
            if (statuses.stream().noneMatch(status -> status / 100 == 2)) {
                missing.put(operationId, "no success " + statuses);
            } else if (statuses.stream().noneMatch(status -> status >= 400)) {
                missing.put(operationId, "no problem " + statuses);
            }
        });
        assertEquals(Map.of(), missing, "operations of the document these tests did not call through the generated client");
    }

    private static Caller merchantOf(String... shops) {
        List<String> groups = new ArrayList<>(List.of("merchant"));
        for (String shop : shops) {
            groups.add("shop:" + shop);
        }
        return Caller.bearer(service.baseUri(), contract, () -> Tokens.valid("erp-client", groups.toArray(String[]::new)));
    }

    /** A qualifying express refund of 120.50 yuan asked a minute ago, paid two hours before. */
    private static RefundRequest qualifying(String refundId, String shopId) {
        OffsetDateTime requestedAt = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1).withNano(0);
        return new RefundRequest()
                .refundId(refundId)
                .requestedAt(requestedAt)
                .refundType(RefundType.REFUND_ONLY)
                .refundAmount(new BigDecimal("120.50"))
                .order(new OrderFacts().orderId("O-" + refundId).paidAmount(new BigDecimal("120.50"))
                        .paidAt(requestedAt.minusHours(2)).shippingStatus(ShippingStatus.UNSHIPPED).virtualGoods(false)
                        .serviceTags(new ArrayList<>(List.of("EXPRESS_REFUND"))))
                .shop(new ShopFacts().shopId(shopId).expressRefundEnabled(true));
    }

    private static Set<String> codes(List<Reason> reasons) {
        return reasons.stream().map(Reason::getCode).collect(java.util.stream.Collectors.toSet());
    }

    private static List<String> refundIds(DecisionPage page) {
        return page.getItems().stream().map(RecordedDecision::getRefundId).toList();
    }

    /** The DRL files of the rules folder in service, by relative name. */
    private static Map<String, String> drl() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(rules)) {
            for (Path file : walk.filter(path -> path.toString().endsWith(".drl")).toList()) {
                files.put(rules.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        }
        return files;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static String served(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(service.baseUri() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path);
        return response.body();
    }
}
