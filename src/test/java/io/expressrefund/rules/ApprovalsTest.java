package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.expressrefund.rules.compile.RuleCompiler;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.RuleFailure;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.RefundType;
import io.expressrefund.rules.facts.ShippingStatus;
import io.expressrefund.rules.facts.ShopStrategy;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;

/** Which approval wins is written in the rules: Java settles nothing between two approvals. */
class ApprovalsTest {
    private static final RuleSource SHIPPED = RuleSourceReader.read(Path.of("rules")).source();

    @Test
    void theShippedRulesApproveOnOnePathEvenWhenBothWouldQualify() {
        // An express-eligible request in a shop whose strategy would refund it too: the strategy rule yields.
        Evaluation evaluation = build(SHIPPED).evaluate(qualifying(), List.of(generousStrategy()));
        assertFalse(evaluation.failed());
        assertEquals(DecisionPath.EXPRESS_REFUND, evaluation.approvedBy());
    }

    @Test
    void rulesThatApproveOnTwoPathsFailInsteadOfJavaChoosing() {
        Map<String, String> drl = new HashMap<>(SHIPPED.drlFiles());
        drl.put("extra/eager.drl", """
                package extra;
                import io.expressrefund.rules.facts.Approval;
                import io.expressrefund.rules.facts.DecisionPath;
                import io.expressrefund.rules.facts.RefundCase;
                rule "Approve by strategy whatever happens"
                when
                    RefundCase()
                then
                    insert( new Approval( DecisionPath.CUSTOM_STRATEGY ) );
                end
                """);
        Evaluation evaluation = build(new RuleSource(drl, SHIPPED.cases())).evaluate(qualifying(), List.of());
        assertTrue(evaluation.failed());
        assertEquals(RuleFailure.Kind.APPROVED_TWICE, evaluation.failure().kind());
        assertTrue(evaluation.failure().cause().contains("EXPRESS_REFUND"), evaluation.failure().cause());
        assertTrue(evaluation.firedRules().contains("Approve by strategy whatever happens"), evaluation.firedRules().toString());
    }

    @Test
    void theFiredRulesAreThoseThatFinishedInTheOrderTheyFired() {
        Map<String, String> drl = new HashMap<>(SHIPPED.drlFiles());
        drl.put("extra/fragile.drl", """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;
                rule "Throws after every other rule"
                salience -1000
                when
                    RefundCase( virtualGoods )
                then
                    throw new IllegalStateException( "a rule author's bug" );
                end
                """);
        RuleSet rules = build(new RuleSource(drl, SHIPPED.cases()));

        Evaluation decided = rules.evaluate(qualifying(), List.of());
        assertFalse(decided.failed());
        assertEquals(List.of("Refund at once when every express refund condition holds"), decided.firedRules());

        Evaluation failed = rules.evaluate(virtual(), List.of(generousStrategy()));
        assertTrue(failed.failed());
        assertEquals("extra/Throws after every other rule", failed.failure().rule());
        assertEquals(List.of("Express refund excludes virtual goods",
                "Refund automatically by the merchant's strategy when express refund does not apply"),
                failed.firedRules(), "by salience, the strategy's approval last; the rule that threw did not finish");
    }

    private static RuleSet build(RuleSource source) {
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source);
        assertEquals(List.of(), compilation.problems());
        return new RuleSet(compilation.kieBase(), source, Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));
    }

    private static RefundCase qualifying() {
        return request(false);
    }

    private static RefundCase virtual() {
        return request(true);
    }

    private static RefundCase request(boolean virtualGoods) {
        BigDecimal yuan = new BigDecimal("120.50");
        return new RefundCase("RF-A", "O-A", "S-A", RefundType.REFUND_ONLY, yuan, yuan,
                Instant.parse("2025-11-21T01:00:00Z"), Instant.parse("2025-11-21T03:00:00Z"), ShippingStatus.UNSHIPPED,
                virtualGoods, Set.of("EXPRESS_REFUND"), true);
    }

    private static ShopStrategy generousStrategy() {
        return new ShopStrategy(true, new BigDecimal("500.00"), 100, null, 0, BigDecimal.ZERO);
    }
}
