package io.expressrefund.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.expressrefund.rules.compile.RuleCompiler;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.RefundType;
import io.expressrefund.rules.facts.ShippingStatus;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;

/**
 * A consequence that never looks at halt or interrupt (a busy loop), against the real rules and the watchdog: its
 * thread is stopped at twice the decision limit, or, with stopping turned off, stays busy and counted until the
 * consequence returns.
 */
class StuckDecisionsTest {
    private static final Duration LIMIT = Duration.ofMillis(200);
    private static final String BUSY_DRL = """
            package extra;
            import io.expressrefund.rules.facts.RefundCase;

            rule "Spins for a while"
            when
                RefundCase( refundId == "RF-BUSY" )
            then
                long until = System.nanoTime() + %dL;
                long spins = 0;
                while ( System.nanoTime() < until ) { spins++; }
            end
            """;

    private static final String WAITING_DRL = """
            package extra;
            import io.expressrefund.rules.facts.RefundCase;

            rule "Waits on a socket"
            salience 100
            when
                RefundCase( refundId == "RF-WAIT" )
            then
                java.net.Socket socket = new java.net.Socket( "127.0.0.1", %d );
                socket.getInputStream().read();
                socket.close();
            end
            """;

    @Test
    void aBusyLoopIsStoppedAtTwiceTheLimitAndItsThreadDecidesTheNextRequest() throws Exception {
        DecisionWatchdog watchdog = DecisionWatchdog.start(LIMIT, true);
        RuleSet rules = build(watchdog, Duration.ofSeconds(60));

        // Were the thread not stopped, the decision would take the loop's 60 s and fail the timeout below.
        Evaluation stopped = CompletableFuture.supplyAsync(() -> rules.evaluate(request(), List.of())).get(20, TimeUnit.SECONDS);

        assertTrue(stopped.failed());
        assertEquals(RuleFailure.Kind.TIMED_OUT, stopped.failure().kind());
        assertEquals("extra/Spins for a while", stopped.failure().rule());
        assertEquals("extra/busy.drl", stopped.failure().file());
        assertTrue(stopped.failure().cause().contains("its thread was stopped"), stopped.failure().cause());
        assertEquals(0, watchdog.stuckDecisions());

        // The rule is held back in this rule set: a request that reaches it fails at once, at it; the others decide.
        assertEquals(List.of("extra/Spins for a while"), rules.stuckRules());
        Evaluation heldBack = rules.evaluate(request(), List.of());
        assertEquals(RuleFailure.Kind.TIMED_OUT, heldBack.failure().kind());
        assertEquals("extra/Spins for a while", heldBack.failure().rule());
        assertTrue(heldBack.failure().cause().contains("got stuck in an earlier decision"), heldBack.failure().cause());
        Evaluation other = rules.evaluate(request("RF-OTHER"), List.of());
        assertFalse(other.failed());
        assertEquals(List.of("Refund at once when every express refund condition holds"), other.firedRules());
    }

    @Test
    void aConsequenceFoundSleepingAtTheLimitInThreeDecisionsIsHeldBackAndOneThatRunsOnIsNot() {
        DecisionWatchdog watchdog = DecisionWatchdog.start(LIMIT, true);
        RuleSet rules = build(watchdog, Map.of("extra/slow.drl", """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;

                rule "Sleeps"
                when
                    RefundCase( refundId == "RF-SLEEP" )
                then
                    Thread.sleep( 60000 );
                end

                rule "Runs on until interrupted"
                when
                    RefundCase( refundId == "RF-RUN" )
                then
                    while ( !Thread.currentThread().isInterrupted() ) { }
                end
                """));

        for (int i = 0; i < StuckRules.WAITS_BEFORE_HELD; i++) {
            long started = System.nanoTime();
            Evaluation slept = rules.evaluate(request("RF-SLEEP"), List.of());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(LIMIT) >= 0, "halted at the limit, not before");
            assertEquals(RuleFailure.Kind.TIMED_OUT, slept.failure().kind());
            assertTrue(slept.failure().cause().contains("did not finish within"), slept.failure().cause());
            Evaluation ran = rules.evaluate(request("RF-RUN"), List.of());
            assertEquals("extra/Runs on until interrupted", ran.failure().rule());
        }

        // Every request that reaches the sleeping rule now fails at once, at it; the running one, no wait of its own,
        // is not held back: a loaded machine makes a sound rule run past the limit too.
        assertEquals(List.of("extra/Sleeps"), rules.stuckRules());
        long started = System.nanoTime();
        Evaluation heldBack = rules.evaluate(request("RF-SLEEP"), List.of());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(LIMIT) < 0, "failed at once");
        assertEquals("extra/Sleeps", heldBack.failure().rule());
        assertEquals("extra/slow.drl", heldBack.failure().file());
        assertTrue(heldBack.failure().cause().contains("found waiting (a sleep or a wait) at the 200 ms limit in 3 earlier"
                + " decisions and is not fired again until the rules change"), heldBack.failure().cause());
        assertFalse(rules.evaluate(request("RF-OTHER"), List.of()).failed());
    }

    @Test
    void aConditionStuckUnderAConsequencesInsertIsStoppedAndPlacedAtItsFunctionAndHoldsBackNoRule() throws Exception {
        DecisionWatchdog watchdog = DecisionWatchdog.start(LIMIT, true);
        RuleSet rules = build(watchdog, Map.of("extra/marks.drl", """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;

                declare Marker
                    note : String
                end

                function boolean spins(String note) {
                    long until = System.nanoTime() + 60_000_000_000L;
                    while ( System.nanoTime() < until ) { }
                    return false;
                }

                rule "Marks the request"
                salience 100
                when
                    RefundCase( refundId == "RF-BUSY" )
                then
                    insert( new Marker( "marked" ) );
                end

                rule "Spins in its condition"
                when
                    Marker( spins( note ) )
                then
                end
                """));

        Evaluation stopped = CompletableFuture.supplyAsync(() -> rules.evaluate(request(), List.of())).get(20, TimeUnit.SECONDS);

        assertEquals(RuleFailure.Kind.TIMED_OUT, stopped.failure().kind());
        assertEquals("extra/spins()", stopped.failure().rule(), "where the stop landed, not the rule that was firing");
        assertEquals("extra/marks.drl", stopped.failure().file());
        assertEquals(List.of(), rules.stuckRules(), "the rule firing did not get stuck: a condition did");
    }

    @Test
    void aConditionFoundSleepingAtTheLimitIsPlacedAtItsFunctionNotAtTheRuleThatFiredBeforeIt() {
        // Found by hand: each such request was a RULE_FAILURE "at" the approval rule, which had fired before.
        DecisionWatchdog watchdog = DecisionWatchdog.start(LIMIT, true);
        RuleSet rules = build(watchdog, Map.of("extra/slow-condition.drl", """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;

                function boolean slowCheck(String refundId) {
                    if ( "RF-SLEEP".equals( refundId ) ) {
                        try { Thread.sleep( 60000 ); } catch ( InterruptedException e ) { }
                    }
                    return false;
                }

                rule "Sleeps in its condition"
                when
                    RefundCase( slowCheck( refundId ) )
                then
                end
                """));

        for (int i = 0; i <= StuckRules.WAITS_BEFORE_HELD; i++) {
            Evaluation halted = rules.evaluate(request("RF-SLEEP"), List.of());
            assertEquals(RuleFailure.Kind.TIMED_OUT, halted.failure().kind());
            assertEquals("extra/slowCheck()", halted.failure().rule());
            assertEquals("extra/slow-condition.drl:4:18", halted.failure().location());
            assertTrue(halted.failure().cause().endsWith("halted here, while a condition was evaluated"),
                    halted.failure().cause());
        }
        assertEquals(List.of(), rules.stuckRules(), "no rule's consequence waited: none is held back");
        assertFalse(rules.evaluate(request("RF-OTHER"), List.of()).failed());
    }

    @Test
    void withStoppingTurnedOffTheThreadIsCountedStuckUntilTheConsequenceReturns() throws Exception {
        DecisionWatchdog watchdog = DecisionWatchdog.start(LIMIT, false);
        RuleSet rules = build(watchdog, Duration.ofSeconds(3));

        CompletableFuture<Evaluation> decided = CompletableFuture.supplyAsync(() -> rules.evaluate(request(), List.of()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (watchdog.stuckDecisions() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, watchdog.stuckDecisions(), "stuck past twice the limit");
        assertFalse(decided.isDone());

        Evaluation halted = decided.get(20, TimeUnit.SECONDS);
        assertEquals(RuleFailure.Kind.TIMED_OUT, halted.failure().kind());
        assertTrue(halted.failure().cause().contains("was halted"), halted.failure().cause());
        assertEquals(0, watchdog.stuckDecisions());
    }

    @Test
    void whatGetsStuckInAReplaysRulesStaysThere() throws Exception {
        // A replay's thread runs in the idle scheduling class: starved of CPU for seconds inside a consequence of the
        // rules in service (its baseline), it looked stuck, and would have held that rule back for live requests.
        DecisionWatchdog watchdog = DecisionWatchdog.start(LIMIT, true);
        RuleSet inService = build(watchdog, Duration.ofSeconds(60));
        RuleSet replays = inService.forReplay();

        Evaluation stopped = CompletableFuture.supplyAsync(() -> replays.evaluate(request(), List.of())).get(20, TimeUnit.SECONDS);

        assertTrue(stopped.failure().cause().contains("its thread was stopped"), stopped.failure().cause());
        assertEquals(List.of("extra/Spins for a while"), replays.stuckRules());
        assertEquals(List.of(), inService.stuckRules());
        assertEquals(inService.version(), replays.version());
        assertFalse(inService.evaluate(request("RF-OTHER"), List.of()).failed());
    }

    @Test
    void aReplaysDecisionIsJudgedByTheTimeItsThreadRanNotByTheClock() throws Exception {
        // A thread blocked reading a socket is runnable and gets no CPU time, as a replay's thread in the idle
        // scheduling class does while live requests hold the cores. Judged by the clock it looked stuck.
        DecisionWatchdog watchdog = DecisionWatchdog.start(LIMIT, true);
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RuleSet inService = build(watchdog, Map.of("extra/waits.drl", WAITING_DRL.formatted(listening.getLocalPort())));

            Evaluation replayed = decideWhileTheSocketWaits(inService.forReplay(), listening);
            assertFalse(replayed.failed(), () -> replayed.failure().cause());
            assertEquals(List.of("Waits on a socket", "Refund at once when every express refund condition holds"),
                    replayed.firedRules());

            Evaluation live = decideWhileTheSocketWaits(inService, listening);
            assertTrue(live.failed());
            assertTrue(live.failure().cause().contains("its thread was stopped"), live.failure().cause());
        }
    }

    /** Decides RF-WAIT, whose rule reads the socket; lets it wait four times the limit, then writes a byte. */
    private static Evaluation decideWhileTheSocketWaits(RuleSet rules, ServerSocket listening) throws Exception {
        CompletableFuture<Evaluation> decision = CompletableFuture.supplyAsync(() -> rules.evaluate(request("RF-WAIT"), List.of()));
        listening.setSoTimeout(10_000);
        try (Socket accepted = listening.accept()) {
            Thread.sleep(4 * LIMIT.toMillis());
            assertFalse(decision.isDone() && !decision.get().failed(), "the rule cannot have finished: it is still reading");
            accepted.getOutputStream().write(1);
            accepted.getOutputStream().flush();
            return decision.get(20, TimeUnit.SECONDS);
        }
    }

    private static RuleSet build(DecisionWatchdog watchdog, Duration spin) {
        return build(watchdog, Map.of("extra/busy.drl", BUSY_DRL.formatted(spin.toNanos())));
    }

    private static RuleSet build(DecisionWatchdog watchdog, Map<String, String> extra) {
        RuleSource shipped = RuleSourceReader.read(Path.of("rules")).source();
        Map<String, String> drl = new HashMap<>(shipped.drlFiles());
        drl.putAll(extra);
        RuleSource source = new RuleSource(drl, shipped.cases());
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source);
        assertEquals(List.of(), compilation.problems());
        return new RuleSet(compilation.kieBase(), source, Instant.now(), watchdog);
    }

    private static RefundCase request() {
        return request("RF-BUSY");
    }

    private static RefundCase request(String refundId) {
        BigDecimal yuan = new BigDecimal("120.50");
        return new RefundCase(refundId, "O-BUSY", "S-BUSY", RefundType.REFUND_ONLY, yuan, yuan,
                Instant.parse("2025-11-21T01:00:00Z"), Instant.parse("2025-11-21T03:00:00Z"), ShippingStatus.UNSHIPPED,
                false, Set.of("EXPRESS_REFUND"), true);
    }
}
