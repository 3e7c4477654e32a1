package io.expressrefund.decision;

import java.util.List;

import io.expressrefund.rules.Evaluation;
import io.expressrefund.rules.facts.DecisionPath;

/** The answer to a refund request, with the reasons behind it and the exact rules that decided. */
public record Decision(
        String refundId,
        Outcome outcome,
        DecisionPath path,
        List<Reason> reasons,
        List<String> firedRules,
        String ruleSetVersion) {

    static Decision of(String refundId, Evaluation evaluation, String ruleSetVersion) {
        return new Decision(refundId,
                evaluation.approved() ? Outcome.AUTO_REFUND : Outcome.MANUAL_REVIEW,
                evaluation.approvedBy(),
                evaluation.reasons().stream().map(unmet -> new Reason(unmet.code(), unmet.message())).toList(),
                evaluation.firedRules(),
                ruleSetVersion);
    }
}
