package io.expressrefund.decision;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.expressrefund.rules.Evaluation;
import io.expressrefund.rules.RuleService;
import io.expressrefund.rules.RuleSet;

/** Decides refund requests with the rule set in service. */
@ApplicationScoped
public class DecisionService {
    private final RuleService rules;

    public DecisionService(RuleService rules) {
        this.rules = rules;
    }

    /** Decides without recording anything. */
    public Decision evaluate(RefundRequest request) {
        request.checked();
        RuleSet ruleSet = rules.current();
        Evaluation evaluation = ruleSet.evaluate(request.toFact(), List.of());
        return Decision.of(request.refundId(), evaluation, ruleSet.version());
    }
}
