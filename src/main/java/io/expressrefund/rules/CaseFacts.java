package io.expressrefund.rules;

import java.util.List;

/** The facts beside the request that a case brings: the shop's strategy, when it has one. */
final class CaseFacts {
    private CaseFacts() {
    }

    static List<Object> of(RuleCase ruleCase) {
        return ruleCase.strategy() == null ? List.of() : List.of(ruleCase.strategy().toFact());
    }
}
