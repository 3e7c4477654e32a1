package io.expressrefund.rules;

import java.util.List;

/** The facts beside the request that a case brings (none until merchant strategies exist). */
final class CaseFacts {
    private CaseFacts() {
    }

    static List<Object> of(RuleCase ruleCase) {
        return List.of();
    }
}
