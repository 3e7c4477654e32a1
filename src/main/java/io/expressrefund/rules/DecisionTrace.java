package io.expressrefund.rules;

import java.util.ArrayList;
import java.util.List;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;

import io.expressrefund.rules.facts.Approval;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.Unmet;

/**
 * Watches one decision's session: which rules fired and which conclusions they inserted, in the order
 * they did, so that reasons come back in a stable order.
 */
final class DecisionTrace {
    private final List<String> firedRules = new ArrayList<>();
    private final List<Object> conclusions = new ArrayList<>();

    void attachTo(KieSession session) {
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                firedRules.add(event.getMatch().getRule().getName());
            }
        });
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                Object fact = event.getObject();
                if (fact instanceof Unmet || fact instanceof Approval) {
                    conclusions.add(fact);
                }
            }

            @Override
            public void objectDeleted(ObjectDeletedEvent event) {
                conclusions.remove(event.getOldObject());
            }
        });
    }

    Evaluation toEvaluation() {
        List<Unmet> unmet = new ArrayList<>();
        List<DecisionPath> approvals = new ArrayList<>();
        for (Object conclusion : conclusions) {
            if (conclusion instanceof Unmet condition) {
                unmet.add(condition);
            } else if (conclusion instanceof Approval approval) {
                approvals.add(approval.path());
            }
        }
        return new Evaluation(firstPath(approvals), List.copyOf(unmet), List.copyOf(firedRules));
    }

    /** Express refund always goes first: a strategy approval never hides it. */
    private static DecisionPath firstPath(List<DecisionPath> approvals) {
        for (DecisionPath path : DecisionPath.values()) {
            if (approvals.contains(path)) {
                return path;
            }
        }
        return null;
    }
}
