package io.expressrefund.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;

import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.facts.Approval;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.Unmet;

/**
 * The service's first way of deciding, kept here as the benchmarks' reference: a new KieSession and two new
 * listeners for every request, disposed after it (RuleSet.evaluate and DecisionTrace as of commit 3bfcdfd).
 */
public final class NewSessionEvaluator {
    private final KieBase kieBase;

    public NewSessionEvaluator(KieBase kieBase) {
        this.kieBase = kieBase;
    }

    public Evaluation evaluate(RefundCase request, Collection<?> context) {
        KieSession session = kieBase.newKieSession();
        try {
            List<String> firedRules = new ArrayList<>();
            List<Object> conclusions = new ArrayList<>();
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
            session.insert(request);
            context.forEach(session::insert);
            int firings = session.fireAllRules(RuleSet.MAX_FIRINGS_PER_DECISION);
            if (firings >= RuleSet.MAX_FIRINGS_PER_DECISION) {
                throw new IllegalStateException("the rules fired " + firings + " times for one request: a rule loops");
            }
            List<Unmet> unmet = new ArrayList<>();
            List<DecisionPath> approvals = new ArrayList<>();
            for (Object conclusion : conclusions) {
                if (conclusion instanceof Unmet condition) {
                    unmet.add(condition);
                } else if (conclusion instanceof Approval approval) {
                    approvals.add(approval.path());
                }
            }
            DecisionPath approvedBy = null;
            for (DecisionPath path : DecisionPath.values()) {
                if (approvals.contains(path)) {
                    approvedBy = path;
                    break;
                }
            }
            return new Evaluation(approvedBy, List.copyOf(unmet), List.copyOf(firedRules), null);
        } finally {
            session.dispose();
        }
    }
}
