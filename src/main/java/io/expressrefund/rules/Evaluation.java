package io.expressrefund.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.Unmet;

/**
 * What the rules concluded for one request: the path that approved it (null when none did), every unmet
 * condition, and the rules that fired, in firing order. When the rules failed, {@code failure} says how, and
 * the request is not approved: it goes to the merchant with the reason {@code RULE_FAILURE}.
 */
public record Evaluation(DecisionPath approvedBy, List<Unmet> unmet, List<String> firedRules, RuleFailure failure) {

    static Evaluation failed(RuleFailure failure, List<String> firedRules) {
        return new Evaluation(null, List.of(Unmet.ruleFailure(failure.message())), firedRules, failure);
    }

    public boolean approved() {
        return approvedBy != null;
    }

    public boolean failed() {
        return failure != null;
    }

    /**
     * The reasons a merchant sees for a manual review: the express refund conditions first, then the
     * strategy's, each code once; or only {@code RULE_FAILURE} when the rules failed. An approved request has none.
     */
    public List<Unmet> reasons() {
        if (approved()) {
            return List.of();
        }
        if (failed()) {
            return unmet;
        }
        Map<String, Unmet> byCode = new LinkedHashMap<>();
        for (DecisionPath path : DecisionPath.values()) {
            for (Unmet condition : unmet) {
                if (condition.path() == path) {
                    byCode.putIfAbsent(condition.code(), condition);
                }
            }
        }
        return new ArrayList<>(byCode.values());
    }
}
