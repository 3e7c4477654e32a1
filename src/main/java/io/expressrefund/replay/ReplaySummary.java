package io.expressrefund.replay;

import java.math.BigDecimal;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;

/** What a candidate would have done to the recorded traffic, against the baseline. */
@Schema(description = "What the candidate would have done to recorded traffic, against the baseline")
public record ReplaySummary(
        @Schema(description = "Recorded decisions decided again") long replayed,
        @Schema(description = "Decisions whose outcome or path the candidate changes") long changed,
        @Schema(description = "Decisions recorded before strategy snapshots were kept: replayed as for a shop without a strategy") long withoutSnapshot,
        @Schema(description = "Every pair of outcome and path before and after, with how many decisions and how much money") List<Transition> transitions,
        @Schema(description = "Shops with changed decisions, worst first (at most 100)") List<ShopImpact> byShop,
        @Schema(description = "How many shops have changed decisions, listed in byShop or not") long shopsAffected,
        @Schema(description = "How often each reason was given, before and after") List<ReasonCount> byReason,
        @Schema(description = "How often each rule fired, before and after") List<RuleCount> byRule) {

    /** An outcome with the path that reached it. */
    public record OutcomePath(Outcome outcome, DecisionPath path) {
    }

    public record Transition(OutcomePath from, OutcomePath to, long count,
            @Schema(description = "The refund amounts of these decisions, in yuan") BigDecimal amount) {
    }

    public record ShopImpact(String shopId, long changed, long newlyAutomatic, long noLongerAutomatic,
            BigDecimal amountNewlyAutomatic, BigDecimal amountNoLongerAutomatic) {
    }

    public record ReasonCount(String code, long before, long after) {
    }

    public record RuleCount(String rule, long firedBefore, long firedAfter) {
    }
}
