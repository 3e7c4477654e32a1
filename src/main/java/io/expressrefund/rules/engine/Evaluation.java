package io.expressrefund.rules.engine;

import java.util.ArrayList;
import java.util.List;

import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.Unmet;

/**
 * What the rules concluded for one request: the path that approved it (null when none did), every unmet
 * condition, and the rules that fired, in firing order. When the rules failed, {@code failure} says how, and
 * the request is not approved: it goes to the merchant with the reason {@code RULE_FAILURE}.
 */
public record Evaluation(DecisionPath approvedBy, List<Unmet> unmet, List<String> firedRules, RuleFailure failure) {
    private static final DecisionPath[] PATHS = DecisionPath.values();

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
        // A few conditions at most: a scan of those kept finds a code seen before without a map per decision.
        List<Unmet> reasons = new ArrayList<>(unmet.size());
        for (DecisionPath path : PATHS) {
            for (Unmet condition : unmet) {
                if (condition.path() == path && !hasCode(reasons, condition.code())) {
                    reasons.add(condition);
                }
            }
        }
        return reasons;
    }

    private static boolean hasCode(List<Unmet> reasons, String code) {
        for (int i = 0; i < reasons.size(); i++) {
            if (reasons.get(i).code().equals(code)) {
                return true;
            }
        }
        return false;
    }
}
