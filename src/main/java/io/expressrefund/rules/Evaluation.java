package io.expressrefund.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.Unmet;

/**
 * What the rules concluded for one request: the path that approved it (null when none did), every unmet
 * condition, and the rules that fired, in firing order.
 */
public record Evaluation(DecisionPath approvedBy, List<Unmet> unmet, List<String> firedRules) {

    public boolean approved() {
        return approvedBy != null;
    }

    /**
     * The reasons a merchant sees for a manual review: the express refund conditions first, then the
     * strategy's, each code once. An approved request has none.
     */
    public List<Unmet> reasons() {
        if (approved()) {
            return List.of();
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
