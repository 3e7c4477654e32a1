package io.expressrefund.rules.cases;

import java.util.ArrayList;
import java.util.List;

import io.expressrefund.rules.engine.RuleSet;

/**
 * The facts beside the request that a case brings: the shop's strategy, when it has one, and the facts of
 * types the candidate declares, read as a request's are.
 */
final class CaseFacts {
    private CaseFacts() {
    }

    static List<Object> of(RuleCase ruleCase, RuleSet candidate) {
        List<Object> facts = new ArrayList<>(candidate.factTypes().read(ruleCase.request().facts()).instances());
        if (ruleCase.strategy() != null) {
            facts.add(ruleCase.strategy().toFact());
        }
        return facts;
    }
}
