package io.expressrefund.decision;


import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.List;

import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;

/** The answer to a refund request, with the reasons behind it and the exact rules that decided. */
@Schema(description = "The answer to a refund request, with the reasons behind it")
public record Decision(
        @Schema(description = "The request's id", example = "RF-1001") String refundId,
        @Schema(description = "Refunded at once, or left to the merchant") Outcome outcome,
        @Schema(description = "The way the refund was approved; null for a manual review", nullable = true) DecisionPath path,
        @Schema(description = "For a manual review, every unmet condition, each code once (at most 100); empty when refunded") List<Reason> reasons,
        @Schema(description = "The names of the rules that fired, in order: the first 500 firings, at most") List<String> firedRules,
        @Schema(description = "A digest of the DRL files that decided", example = "sha256:a96920fccfb2db18") String ruleSetVersion) {

    static Decision of(String refundId, Evaluation evaluation, String ruleSetVersion) {
        return new Decision(refundId,
                evaluation.approved() ? Outcome.AUTO_REFUND : Outcome.MANUAL_REVIEW,
                evaluation.approvedBy(),
                Reason.of(evaluation),
                evaluation.firedRules(),
                ruleSetVersion);
    }
}
