package io.expressrefund.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;

import io.expressrefund.rules.facts.RefundCase;

/**
 * A compiled, immutable rule set in service. It decides each request in a session of its own, so requests
 * in flight keep the rule set they started with while a newer one is activated.
 */
public final class RuleSet {
    /** A rule set that loops (a rule re-inserting what re-triggers it) stops here instead of hanging a request. */
    static final int MAX_FIRINGS_PER_DECISION = 10_000;

    private final KieBase kieBase;
    private final String version;
    private final Instant builtAt;
    private final List<RuleFile> files;
    private final List<String> ruleNames;
    private final int casesPassed;

    RuleSet(KieBase kieBase, RuleSource source, Instant builtAt, int casesPassed) {
        this.kieBase = kieBase;
        this.version = source.version();
        this.builtAt = builtAt;
        this.files = source.files();
        this.ruleNames = namesOf(kieBase);
        this.casesPassed = casesPassed;
    }

    public Evaluation evaluate(RefundCase request, Collection<?> context) {
        KieSession session = kieBase.newKieSession();
        try {
            DecisionTrace trace = new DecisionTrace();
            trace.attachTo(session);
            session.insert(request);
            context.forEach(session::insert);
            int firings = session.fireAllRules(MAX_FIRINGS_PER_DECISION);
            if (firings >= MAX_FIRINGS_PER_DECISION) {
                throw new RuleEvaluationException("the rules fired " + firings + " times for one request: a rule loops");
            }
            return trace.toEvaluation();
        } catch (RuleEvaluationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RuleEvaluationException("a rule failed while deciding: " + e.getMessage(), e);
        } finally {
            session.dispose();
        }
    }

    private static List<String> namesOf(KieBase kieBase) {
        List<String> names = new ArrayList<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                names.add(kiePackage.getName() + "/" + rule.getName());
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }

    public String version() {
        return version;
    }

    public Instant builtAt() {
        return builtAt;
    }

    public List<RuleFile> files() {
        return files;
    }

    public List<String> ruleNames() {
        return ruleNames;
    }

    public int casesPassed() {
        return casesPassed;
    }
}
