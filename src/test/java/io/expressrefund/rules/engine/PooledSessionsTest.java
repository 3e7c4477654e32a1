package io.expressrefund.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.rules.compile.RuleCompiler;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.RefundType;
import io.expressrefund.rules.facts.ShippingStatus;
import io.expressrefund.rules.facts.ShopStrategy;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;

/**
 * A rule set reuses its sessions: a decision in a used session must equal the one a brand-new session makes,
 * whether the session is emptied by deleting the decision's facts or, for rules that match without any fact
 * of the request, by Drools' reset.
 */
class PooledSessionsTest {

    @Test
    void theShippedRulesDecideInAReusedSessionAsInANewOne() {
        RuleSource shipped = RuleSourceReader.read(Path.of("rules")).source();
        RuleSet rules = build(shipped);
        assertTrue(rules.emptiedByDeletes());
        assertDecidesAsNew(rules, shipped);
    }

    @Test
    void rulesThatMatchWithoutFactsAreResetBetweenDecisions() {
        RuleSource shipped = RuleSourceReader.read(Path.of("rules")).source();
        Map<String, String> drl = new HashMap<>(shipped.drlFiles());
        drl.put("extra/quiet.drl", """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;
                rule "Notice a request that is not for virtual goods"
                when
                    not RefundCase( virtualGoods )
                then
                end
                """);
        RuleSource withExtra = new RuleSource(drl, shipped.cases());
        RuleSet rules = build(withExtra);
        assertFalse(rules.emptiedByDeletes());
        assertDecidesAsNew(rules, withExtra);
    }

    /**
     * The base is immutable, so Drools drops at once a fact that no pattern accepts (here a ProductFacts that is not
     * fresh food, and every OrderItem); emptying the session must skip it and leave the session as a new one.
     */
    @Test
    void factsThatNoPatternAcceptsLeaveTheSessionAsANewOne() throws Exception {
        RuleSource shipped = RuleSourceReader.read(Path.of("rules")).source();
        Map<String, String> drl = new HashMap<>(shipped.drlFiles());
        drl.put("extra/declared.drl", """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;
                import io.expressrefund.rules.facts.Unmet;
                declare ProductFacts
                    category : String
                end
                declare OrderItem
                    @repeatable
                    sku : String
                end
                rule "Fresh food is reviewed"
                when
                    RefundCase()
                    ProductFacts( category == "FRESH" )
                then
                    insert( Unmet.expressRefund( "FRESH_FOOD", "Fresh food is reviewed by the merchant." ) );
                end
                """);
        RuleSource withDeclared = new RuleSource(drl, shipped.cases());
        RuleSet reused = build(withDeclared);
        assertTrue(reused.emptiedByDeletes());
        ObjectMapper json = new ObjectMapper();
        List<Map<String, JsonNode>> postings = List.of(
                Map.of("ProductFacts", json.readTree("{\"category\":\"TOYS\"}"),
                        "OrderItem", json.readTree("[{\"sku\":\"A\"},{\"sku\":\"B\"}]")),
                Map.of("ProductFacts", json.readTree("{\"category\":\"FRESH\"}")),
                Map.of());
        List<RefundCase> requests = List.of(request(false, "120.50"), request(false, "450.00"));
        Map<String, Evaluation> expected = decidedByNewSessions(withDeclared, postings, requests);
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger drools = Logger.getLogger("org.drools");
        drools.addHandler(handler);
        try {
            for (int round = 0; round < 3; round++) {
                for (int p = 0; p < postings.size(); p++) {
                    for (int r = 0; r < requests.size(); r++) {
                        Evaluation actual = reused.evaluate(requests.get(r), List.of(strategy()),
                                reused.factTypes().read(postings.get(p)).instances());
                        assertEquals(expected.get(p + "/" + r), actual, "round " + round + ": " + postings.get(p));
                    }
                }
            }
        } finally {
            drools.removeHandler(handler);
        }
        assertEquals(List.of(), warnings, "emptying the session deletes only the facts it holds");
        assertEquals(1, reused.ownedSessions(), "this thread's session, emptied and reused for every decision");
    }

    /** What a new session decides for each posting and request, keyed "posting/request". */
    private static Map<String, Evaluation> decidedByNewSessions(RuleSource source, List<Map<String, JsonNode>> postings,
            List<RefundCase> requests) {
        Map<String, Evaluation> decided = new HashMap<>();
        for (int p = 0; p < postings.size(); p++) {
            for (int r = 0; r < requests.size(); r++) {
                RuleSet fresh = build(source);
                decided.put(p + "/" + r, fresh.evaluate(requests.get(r), List.of(strategy()),
                        fresh.factTypes().read(postings.get(p)).instances()));
            }
        }
        return decided;
    }

    @Test
    void moreThreadsThanKeptSessionsEachDecideAsANewSession() throws Exception {
        RuleSource shipped = RuleSourceReader.read(Path.of("rules")).source();
        RuleSet rules = build(shipped);
        List<RefundCase> requests = List.of(request(false, "120.50"), request(true, "120.50"), request(false, "450.00"));
        List<List<?>> contexts = List.of(List.of(), List.of(strategy()));
        Map<String, Evaluation> expected = new HashMap<>();
        RuleSet fresh = build(shipped);
        for (int r = 0; r < requests.size(); r++) {
            for (int c = 0; c < contexts.size(); c++) {
                expected.put(r + "/" + c, fresh.evaluate(requests.get(r), contexts.get(c)));
            }
        }
        // 24 threads: some keep a session of their own, the others share the pool; all at once, many times.
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(24);
        try {
            List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
            for (int t = 0; t < 24; t++) {
                int seed = t;
                running.add(threads.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        int r = (seed + i) % requests.size();
                        int c = (seed * 7 + i) % contexts.size();
                        assertEquals(expected.get(r + "/" + c), rules.evaluate(requests.get(r), contexts.get(c)),
                                "thread " + seed + ", decision " + i);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> thread : running) {
                thread.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void sessionsKeptByThreadsThatEndedGoToThreadsThatLive() throws Exception {
        RuleSource shipped = RuleSourceReader.read(Path.of("rules")).source();
        RuleSet rules = build(shipped);
        Evaluation expected = build(shipped).evaluate(request(false, "120.50"), List.of());
        for (int t = 0; t < 8; t++) {
            Thread ended = new Thread(() -> rules.evaluate(request(false, "120.50"), List.of()));
            ended.start();
            ended.join();
        }
        assertEquals(8, rules.ownedSessions(), "each of the first threads keeps a session");
        Thread.sleep(1_100); // sessions of ended threads are looked for at most once a second
        assertEquals(expected, rules.evaluate(request(false, "120.50"), List.of()));
        assertEquals(1, rules.ownedSessions(), "the ended threads' sessions are shared again, and this thread keeps one");
        assertEquals(expected, rules.evaluate(request(false, "120.50"), List.of()));
    }

    private static void assertDecidesAsNew(RuleSet reused, RuleSource source) {
        List<RefundCase> requests = List.of(request(false, "120.50"), request(true, "120.50"), request(false, "450.00"),
                request(true, "999.00"));
        List<List<?>> contexts = List.of(List.of(), List.of(strategy()));
        for (int round = 0; round < 3; round++) {
            for (RefundCase request : requests) {
                for (List<?> context : contexts) {
                    Evaluation fresh = build(source).evaluate(request, context);
                    assertEquals(fresh, reused.evaluate(request, context), "round " + round + ": " + request);
                }
            }
        }
    }

    private static RuleSet build(RuleSource source) {
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source);
        assertEquals(List.of(), compilation.problems());
        return new RuleSet(compilation.kieBase(), source, Instant.now(), DecisionWatchdog.start(java.time.Duration.ofSeconds(2)));
    }

    private static RefundCase request(boolean virtual, String amount) {
        BigDecimal yuan = new BigDecimal(amount);
        return new RefundCase("RF-P", "O-P", "S-P", RefundType.REFUND_ONLY, yuan, yuan,
                Instant.parse("2025-11-21T01:00:00Z"), Instant.parse("2025-11-21T03:00:00Z"), ShippingStatus.UNSHIPPED,
                virtual, Set.of("EXPRESS_REFUND"), true);
    }

    private static ShopStrategy strategy() {
        return new ShopStrategy(true, new BigDecimal("500.00"), 3, null, 1, BigDecimal.ZERO);
    }
}
