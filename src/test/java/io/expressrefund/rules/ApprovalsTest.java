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

/**
 * Which approval wins is written in the rules: Java settles nothing between two approvals, and an approval never
 * stands beside an unmet condition of its own path.
 */
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
    void aConditionWeighedAfterTheApprovalFailsAtItsRuleInsteadOfBeingDropped() {
        // Found by hand: a new condition with a salience below the approval's fired after it, and every request that
        // met the other conditions was still refunded at once; its reason was dropped, as an approval gives none.
        Map<String, String> drl = new HashMap<>(SHIPPED.drlFiles());
        drl.put("extra/late.drl", CONDITION_AFTER_THE_APPROVAL);
        Evaluation evaluation = build(new RuleSource(drl, SHIPPED.cases())).evaluate(qualifying(), List.of());
        assertTrue(evaluation.failed(), "approved by " + evaluation.approvedBy());
        assertEquals("extra/Express refund excludes large refunds, weighed too late", evaluation.failure().rule());
        assertEquals("extra/late.drl", evaluation.failure().file());
        assertTrue(evaluation.failure().cause().startsWith("the reason LARGE_REFUND on the path EXPRESS_REFUND came after "
                + "rule \"Refund at once when every express refund condition holds\" had approved the refund"),
                evaluation.failure().cause());
        assertTrue(evaluation.failure().cause().contains("salience"), evaluation.failure().cause());
    }

    @Test
    void anApprovalThatDoesNotAskForItsConditionsFailsAtTheApprovingRule() {
        Map<String, String> drl = new HashMap<>(SHIPPED.drlFiles());
        drl.put("express/approval.drl", drl.get("express/approval.drl")
                .replace("not Unmet( path == DecisionPath.EXPRESS_REFUND )", "RefundCase( refundAmount < 1000 )"));
        Evaluation evaluation = build(new RuleSource(drl, SHIPPED.cases())).evaluate(virtual(), List.of());
        assertTrue(evaluation.failed(), "approved by " + evaluation.approvedBy());
        assertEquals("express/Refund at once when every express refund condition holds", evaluation.failure().rule());
        assertTrue(evaluation.failure().cause().contains("although its condition VIRTUAL_GOODS is unmet"),
                evaluation.failure().cause());
        assertTrue(evaluation.failure().cause().endsWith("not Unmet( path == DecisionPath.EXPRESS_REFUND )"),
                evaluation.failure().cause());
    }

    @Test
    void aLogicalApprovalTakenBackByALaterConditionIsNoConflict() {
        Map<String, String> drl = new HashMap<>(SHIPPED.drlFiles());
        drl.put("express/approval.drl", drl.get("express/approval.drl").replace("insert( new Approval", "insertLogical( new Approval"));
        drl.put("extra/late.drl", CONDITION_AFTER_THE_APPROVAL);
        Evaluation evaluation = build(new RuleSource(drl, SHIPPED.cases())).evaluate(qualifying(), List.of());
        assertFalse(evaluation.failed(), () -> evaluation.failure().cause());
        assertEquals(null, evaluation.approvedBy());
        assertEquals(List.of("LARGE_REFUND"), evaluation.reasons().stream().map(reason -> reason.code()).toList());
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

    /** A condition of the express refund whose salience puts it after the approval (-100). */
    private static final String CONDITION_AFTER_THE_APPROVAL = """
            package extra;
            import io.expressrefund.rules.facts.RefundCase;
            import io.expressrefund.rules.facts.Unmet;
            rule "Express refund excludes large refunds, weighed too late"
            salience -200
            when
                RefundCase( refundAmount > 100 )
            then
                insert( Unmet.expressRefund( "LARGE_REFUND", "Large refunds are reviewed." ) );
            end
            """;

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
