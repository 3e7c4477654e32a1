package io.expressrefund.rules.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Query;
import org.kie.api.definition.rule.Rule;

import io.expressrefund.rules.declared.FactCatalogue;
import io.expressrefund.rules.diagnostics.RuleLocator;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.source.RuleFile;
import io.expressrefund.rules.source.RuleSource;

/**
 * A compiled, immutable rule set in service. Each request is decided in a session of its own rule set (see
 * {@link SessionPool}), so requests in flight keep the rule set they started with while a newer one is activated.
 *
 * <p>Rules that fail never fail the request: a rule that throws, fires without end or runs past the watchdog's
 * time limit gives an {@link Evaluation} that {@linkplain Evaluation#failed() failed}, naming the rule and where
 * it is written, and its session is thrown away.
 */
public final class RuleSet {
    /** A rule set that loops (a rule re-inserting what re-triggers it) stops here instead of hanging a request. */
    public static final int MAX_FIRINGS_PER_DECISION = 10_000;

    private final String version;
    private final Instant builtAt;
    private final List<RuleFile> files;
    private final List<String> ruleNames;
    private final Set<String> queryNames;
    private final List<String> caseNames;
    private final RuleLocator locator;
    private final FactCatalogue factTypes;
    private final SessionPool sessions;
    private final List<String> rulesNoCaseFires;

    public RuleSet(KieBase kieBase, RuleSource source, Instant builtAt, DecisionWatchdog watchdog) {
        this.version = source.version();
        this.builtAt = builtAt;
        this.files = source.files();
        this.ruleNames = namesOf(kieBase);
        this.queryNames = queryNamesOf(kieBase);
        this.caseNames = List.copyOf(source.cases().keySet());
        this.locator = new RuleLocator(source.drlFiles());
        this.factTypes = FactCatalogue.of(kieBase, locator);
        this.sessions = new SessionPool(kieBase, locator, watchdog);
        this.rulesNoCaseFires = List.of();
    }

    private RuleSet(RuleSet shared, SessionPool sessions, List<String> rulesNoCaseFires) {
        this.version = shared.version;
        this.builtAt = shared.builtAt;
        this.files = shared.files;
        this.ruleNames = shared.ruleNames;
        this.queryNames = shared.queryNames;
        this.caseNames = shared.caseNames;
        this.locator = shared.locator;
        this.factTypes = shared.factTypes;
        this.sessions = sessions;
        this.rulesNoCaseFires = rulesNoCaseFires;
    }

    /**
     * This rule set as its cases left it, knowing which of its rules no case fired (given those that fired, as
     * {@code package/name}). A query never fires, and is not asked to.
     */
    public RuleSet afterCases(Set<String> firedRules) {
        List<String> unfired = ruleNames.stream()
                .filter(rule -> !queryNames.contains(rule) && !firedRules.contains(rule))
                .toList();
        return new RuleSet(this, sessions, unfired);
    }

    /**
     * The same rules for a replay, with sessions of their own: what its decisions leave (a rule held back after it
     * got stuck, sessions dropped) stays with it, and a decision is judged by the time its thread ran, not by the
     * clock. A replay's thread runs in the idle scheduling class and, on a loaded instance, waits seconds for a core:
     * judged by the clock, such a wait inside a consequence looked stuck, which failed a sound decision and held its
     * rule back, in the set in service when the replay's baseline was it.
     */
    public RuleSet forReplay() {
        return new RuleSet(this, sessions.forReplay(), rulesNoCaseFires);
    }

    /** Decides one request; never throws for a failing rule (see {@link Evaluation#failure()}). */
    public Evaluation evaluate(RefundCase request, Collection<?> context) {
        return evaluate(request, context, List.of());
    }

    /**
     * Decides one request with the declared facts its caller posted beside the service's own context facts.
     * Both lists are inserted as they are: joining them would cost a copy per decision.
     */
    public Evaluation evaluate(RefundCase request, Collection<?> context, List<?> declared) {
        return decide(request, context, declared, null);
    }

    /**
     * Decides a rule case as {@link #evaluate(RefundCase, Collection)} does, adding every rule that fired to
     * {@code fired} as {@code package/name}, however many firings the decision lists.
     */
    public Evaluation evaluateCase(RefundCase request, Collection<?> context, Set<String> fired) {
        return decide(request, context, List.of(), fired);
    }

    private Evaluation decide(RefundCase request, Collection<?> context, List<?> declared, Set<String> fired) {
        PooledSession session = sessions.take();
        boolean sound = false;
        try {
            if (fired != null) {
                session.listEveryFiringIn(fired);
            }
            Evaluation evaluation = session.decide(request, context, declared);
            sound = !evaluation.failed();
            return evaluation;
        } finally {
            if (fired != null) {
                session.listEveryFiringIn(null);
            }
            sessions.giveBack(session, sound);
        }
    }

    /** The fact types this rule set's DRL declares, for reading what callers post under {@code facts}. */
    public FactCatalogue factTypes() {
        return factTypes;
    }

    /** The rule firing right now in a decision of this rule set, as {@code package/name}, if any. */
    public String ruleFiringNow() {
        return sessions.ruleFiringNow();
    }

    /** Where a rule ({@code package/name}) is written. */
    public RuleLocator.Location locate(String rule) {
        return locator.rule(rule);
    }

    /**
     * The rules held back since their consequence got stuck, or was found waiting at the limit, in decisions of this
     * rule set ({@code package/name}).
     */
    public List<String> stuckRules() {
        return sessions.stuckRules();
    }

    /** Halts and interrupts every decision of this rule set in progress (a build that ran out of time). */
    public void stopDecisions() {
        sessions.stopDecisions();
    }

    /** Whether pooled sessions are emptied by deleting the decision's facts (else by Drools' full reset). */
    public boolean emptiedByDeletes() {
        return sessions.emptiedByDeletes();
    }

    /** Sessions kept by threads: how many, for tests. */
    int ownedSessions() {
        return sessions.ownedSessions();
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

    private static Set<String> queryNamesOf(KieBase kieBase) {
        Set<String> names = new HashSet<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Query query : kiePackage.getQueries()) {
                names.add(kiePackage.getName() + "/" + query.getName());
            }
        }
        return Set.copyOf(names);
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

    /** The cases this rule set passed before it could serve. */
    public List<String> caseNames() {
        return caseNames;
    }

    public int casesPassed() {
        return caseNames.size();
    }

    /**
     * The rules ({@code package/name}) that fired in none of the cases this rule set passed: nothing but their
     * compiling checked them.
     */
    public List<String> rulesNoCaseFires() {
        return rulesNoCaseFires;
    }

    /**
     * What passed but deserves a look, each at its place: {@link #rulesNoCaseFires()}, and declared fields no request
     * can post.
     */
    public List<RuleProblem> warnings() {
        List<RuleProblem> warnings = new java.util.ArrayList<>(unpostableFields());
        rulesNoCaseFires.stream().map(rule -> RuleProblem.noCaseFiresWarning(locator.rule(rule))).forEach(warnings::add);
        return warnings;
    }

    /** The declared fields no request can post, as warnings at their declarations. */
    public List<RuleProblem> unpostableFields() {
        return factTypes.unpostableFields();
    }
}
