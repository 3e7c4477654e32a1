package io.expressrefund.rules.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;

import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.FactHandle;

import io.expressrefund.rules.facts.Approval;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.rules.facts.Unmet;

/**
 * Watches a session's decisions: which rules fired and which conclusions they inserted, in the order they
 * did, so that reasons come back in a stable order, and which facts the session holds. It stays attached to a
 * pooled session and is cleared after each decision.
 *
 * <p>Only the public kie-api: firings are seen through the {@link AgendaFilter} the session fires with, facts
 * through a listener. (Drools' internal match callbacks saved about 0.2 µs of 3 µs a decision, less than is worth
 * a dependency on the engine's internals.) Conclusions cannot be read back from the session instead of being
 * watched: an immutable base drops at once a fact that no pattern accepts, such as an {@link Approval}.
 */
final class DecisionTrace {
    /**
     * The firings a decision lists, at most. A decision of the shipped rules fires fewer than ten; a rule that loops
     * fires until {@link RuleSet#MAX_FIRINGS_PER_DECISION}, and 10,000 names (230 KB) were recorded with each
     * such decision, found by hand. The first few hundred show the loop as well.
     */
    static final int MAX_FIRED_RULES_LISTED = 500;
    /**
     * The reasons (distinct codes) a decision may give. Each is an unmet condition a merchant reads; a rule that gave
     * 5,000 in a loop, of 500 characters each, made a 2.6 MB decision, answered and recorded (found by hand).
     */
    static final int MAX_REASONS = 100;
    private final List<String> firedRules = new ArrayList<>();
    /** Where a rule case's decision also lists every rule that fired, as {@code package/name}; null for a request. */
    private Set<String> everyFiring;
    private final List<Object> conclusions = new ArrayList<>();
    /** The rule that inserted each of {@link #conclusions}, at the same index. */
    private final List<Rule> concludedBy = new ArrayList<>();
    /** The reasons inserted, and, once there are more than {@link #MAX_REASONS}, their codes. */
    private int reasons;
    private Set<String> codes;
    private final List<FactHandle> facts = new ArrayList<>();
    private boolean watching = true;
    // Read by other threads (the watchdog, a build out of time) to say which rule did not finish. Written with
    // release semantics: they need only see it soon, and a plain volatile write puts a full fence in every firing.
    private volatile Rule firing;
    private static final VarHandle FIRING;

    static {
        try {
            FIRING = MethodHandles.lookup().findVarHandle(DecisionTrace.class, "firing", Rule.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The rule about to fire, until the next one is accepted or the firings end: then it has fired. */
    private Rule accepted;
    /** The session watched, to tell whether a rule disposed of it ({@code drools.getKieRuntime()}). */
    private KieSession session;
    private boolean ended;
    /** The rule that disposed of the session, when the session ended after it fired. */
    private Rule endedBy;
    /** Whether the deciding thread was interrupted before the decision: then no rule is blamed for it. */
    private boolean interruptedBefore;
    private boolean interrupted;
    /** The rule after whose firing the thread was found interrupted. */
    private Rule interruptedBy;
    private final StuckRules stuckRules;
    /** The rules held back in this decision (see {@link StuckRules#now()}). */
    private Rule[] held;
    /** A rule that got stuck in an earlier decision, kept from firing in this one: nothing fires after it. */
    private Rule heldBack;
    /** What is wrong with the first conclusion a rule inserted that is not one it may give, and that rule. */
    private String badConclusion;
    private Rule badConclusionBy;
    /**
     * Reasons found well formed, code by message: rules write them as literals, so the same strings come back
     * decision after decision and are checked once. Kept to a few hundred, for rules that build their messages.
     */
    private final Map<String, String> wellFormedReasons = new IdentityHashMap<>();
    private static final int MAX_WELL_FORMED_REASONS = 256;

    DecisionTrace(StuckRules stuckRules) {
        this.stuckRules = stuckRules;
        this.held = stuckRules.now();
    }

    /**
     * Sees each match as it is about to fire, and lets it. A filter rather than an agenda listener: with no agenda
     * listener, Drools makes no event for each match created, fired or cancelled.
     */
    private final AgendaFilter firings = match -> {
        if (ended || interrupted || heldBack != null) {
            // Nothing more fires in a session disposed of, on a thread a rule interrupted, or once a rule that got
            // stuck before is held back: what would fire after it may depend on what it concludes.
            return false;
        }
        Rule rule = match.getRule();
        if (accepted != null) {
            listFired(accepted);
            if (!sessionAlive()) {
                // The rule that just fired disposed of the session: nothing more fires in it.
                ended = true;
                endedBy = accepted;
                accepted = null;
                return false;
            }
            if (threadInterrupted()) {
                // The rule that just fired interrupted its thread, which goes on to write the decision.
                interruptedBy = accepted;
                accepted = null;
                return false;
            }
        }
        if (held.length != 0 && StuckRules.holds(held, rule)) {
            heldBack = rule;
            accepted = null;
            return false;
        }
        accepted = rule;
        FIRING.setRelease(this, rule);
        return true;
    };

    private final RuleRuntimeEventListener insertsAndDeletes = new DefaultRuleRuntimeEventListener() {
        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            if (!watching) {
                return;
            }
            facts.add(event.getFactHandle());
            Object fact = event.getObject();
            if (fact instanceof Unmet || fact instanceof Approval) {
                if (!wellFormed(fact)) {
                    concludedBadly(ConclusionCheck.problemWith(fact), event.getRule());
                } else if (fact instanceof Unmet reason && ++reasons > MAX_REASONS && oneCodeTooMany(reason)) {
                    concludedBadly("the reason " + reason.code() + " is one too many: a decision gives at most "
                            + MAX_REASONS + " reasons, each code once (does a rule make codes up in a loop?)", event.getRule());
                } else {
                    conclusions.add(fact);
                    concludedBy.add(event.getRule());
                }
            }
        }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
            if (!watching) {
                return;
            }
            facts.remove(event.getFactHandle());
            int concluded = conclusions.indexOf(event.getOldObject());
            if (concluded >= 0) {
                conclusions.remove(concluded);
                concludedBy.remove(concluded);
                if (event.getOldObject() instanceof Unmet) {
                    reasons--;
                    codes = null;
                }
            }
        }
    };

    /**
     * Whether a reason brings the distinct codes past {@link #MAX_REASONS}. Only asked past that many reasons: a
     * rule may well give one code for each posted item, which the answer gives once.
     */
    private boolean oneCodeTooMany(Unmet reason) {
        if (codes == null) {
            codes = new HashSet<>();
            for (Object conclusion : conclusions) {
                if (conclusion instanceof Unmet earlier) {
                    codes.add(earlier.code());
                }
            }
        }
        return codes.add(reason.code()) && codes.size() > MAX_REASONS;
    }

    private void concludedBadly(String problem, Rule by) {
        if (badConclusion == null) {
            badConclusion = problem;
            badConclusionBy = by;
        }
    }

    private void listFired(Rule rule) {
        if (everyFiring != null) {
            everyFiring.add(rule.getPackageName() + "/" + rule.getName());
        }
        if (firedRules.size() < MAX_FIRED_RULES_LISTED) {
            firedRules.add(rule.getName());
        }
    }

    private boolean wellFormed(Object fact) {
        if (!(fact instanceof Unmet unmet) || unmet.message() == null || unmet.path() == null) {
            return ConclusionCheck.problemWith(fact) == null;
        }
        if (wellFormedReasons.get(unmet.message()) == unmet.code() && unmet.code() != null) {
            return true;
        }
        if (ConclusionCheck.problemWith(unmet) != null) {
            return false;
        }
        if (wellFormedReasons.size() >= MAX_WELL_FORMED_REASONS) {
            wellFormedReasons.clear();
        }
        wellFormedReasons.put(unmet.message(), unmet.code());
        return true;
    }

    /** What is wrong with a conclusion a rule inserted that is not one it may give (see {@link ConclusionCheck}). */
    String badConclusion() {
        return badConclusion;
    }

    /** The rule that inserted the conclusion {@link #badConclusion()} describes. */
    Rule badConclusionBy() {
        return badConclusionBy;
    }

    void attachTo(KieSession session) {
        this.session = session;
        session.addEventListener(insertsAndDeletes);
    }

    /**
     * Lists every rule that fires from now on in {@code into}, as {@code package/name} and past the firings a
     * decision lists (null stops it): how a rule case's run learns which rules no case fires, where two packages
     * may name a rule alike.
     */
    void listEveryFiringIn(Set<String> into) {
        everyFiring = into;
    }

    /** The filter to fire a decision's rules with: it traces each firing. */
    AgendaFilter firings() {
        return firings;
    }

    /**
     * The firings ended without a rule failing: the last rule accepted has fired too (a rule that threw is left
     * out of {@link #firedRules()}, as it did not finish).
     */
    void firingsEnded() {
        if (accepted != null) {
            listFired(accepted);
        }
        if (!ended && !sessionAlive()) {
            // Disposed of by the rule that fired last, or, with no rule fired, by a condition's function.
            ended = true;
            endedBy = accepted;
        }
        if (threadInterrupted()) {
            interruptedBy = accepted;
        }
        accepted = null;
        approvalAgainstReason();
    }

    /**
     * Notes, as a bad conclusion, an approval on a path one of whose conditions the rules found unmet: its reason
     * would be dropped, since an approved refund gives none. Either the approval came first (the condition's rule
     * fires after the approval's, by its salience) or the approval's rule does not ask for the path's conditions.
     * Checked once the rules stop firing, so that a logical approval taken back by a later reason is no conflict.
     */
    private void approvalAgainstReason() {
        for (int a = 0; a < conclusions.size(); a++) {
            if (conclusions.get(a) instanceof Approval approval) {
                int u = firstUnmetOn(approval.path());
                if (u >= 0) {
                    approvedBeside(approval, a, (Unmet) conclusions.get(u), u);
                    return;
                }
            }
        }
    }

    private int firstUnmetOn(DecisionPath path) {
        for (int i = 0; i < conclusions.size(); i++) {
            if (conclusions.get(i) instanceof Unmet reason && reason.path() == path) {
                return i;
            }
        }
        return -1;
    }

    /** Blames the later of the two: the reason's rule when it came after the approval, else the approval's. */
    private void approvedBeside(Approval approval, int approvedAt, Unmet reason, int reasonAt) {
        Rule approving = concludedBy.get(approvedAt);
        Rule unmet = concludedBy.get(reasonAt);
        if (reasonAt > approvedAt) {
            concludedBadly("the reason " + reason.code() + " on the path " + reason.path() + " came after "
                    + named(approving) + " had approved the refund on that path, so it would be dropped: an approval "
                    + "is weighed after every condition of its path; give this rule a salience above the approval's, "
                    + "or none", unmet);
        } else {
            concludedBadly("the rules approved the refund on the path " + approval.path() + " although its condition "
                    + reason.code() + " is unmet (given by " + named(unmet) + "): an approval requires not Unmet( path == "
                    + "DecisionPath." + approval.path() + " )", approving);
        }
    }

    private static String named(Rule rule) {
        return rule == null ? "a rule" : "rule \"" + rule.getName() + "\"";
    }

    /** Notes whether the deciding thread comes to the decision interrupted already (a shutdown, say), and the rules held back. */
    void decisionStarts() {
        interruptedBefore = Thread.currentThread().isInterrupted();
        held = stuckRules.now();
    }

    /** Notes an interrupt of the deciding thread since the decision started; true the first time it is seen. */
    private boolean threadInterrupted() {
        if (interrupted || !interruptedSinceStart()) {
            return false;
        }
        interrupted = true;
        return true;
    }

    /** Whether the deciding thread is interrupted now and was not when the decision started. */
    boolean interruptedSinceStart() {
        return !interruptedBefore && Thread.currentThread().isInterrupted();
    }

    /**
     * Whether a rule, or a function a condition calls, interrupted the deciding thread (or the watchdog did, when
     * the decision ran out of time). The flag is left for {@link PooledSession} to clear.
     */
    boolean threadWasInterrupted() {
        return interrupted;
    }

    /** The rule after whose firing the thread was found interrupted; null when no rule had fired. */
    Rule threadInterruptedBy() {
        return interruptedBy;
    }

    /** A rule kept from firing because it got stuck in an earlier decision of this rule set; null if none. */
    Rule heldBack() {
        return heldBack;
    }

    /** The rule that fired last (or is firing); null before the first firing. */
    Rule firingRule() {
        return firing;
    }

    /** Whether the session was disposed of while deciding (by a rule, through {@code drools.getKieRuntime()}). */
    boolean sessionEnded() {
        return ended;
    }

    /** The rule after whose firing the session was found disposed of; null when no rule had fired. */
    Rule sessionEndedBy() {
        return endedBy;
    }

    private boolean sessionAlive() {
        try {
            // The cheapest public call that checks the session was not disposed of: it throws if it was.
            session.getIdentifier();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Takes the trace off a session that goes back to Drools' own pool, where other traces will watch it. */
    void detachFrom(KieSession session) {
        session.removeEventListener(insertsAndDeletes);
    }

    /**
     * What the decision concluded. Approvals on two paths are a failure of the rules, not something Java
     * settles: which path wins is written in the rules (the strategy's approval requires an unmet express
     * condition). The facts stay listed for {@link #factsToDelete()}.
     */
    Evaluation toEvaluation() {
        List<Unmet> unmet = new ArrayList<>(conclusions.size());
        Set<DecisionPath> approvals = EnumSet.noneOf(DecisionPath.class);
        for (Object conclusion : conclusions) {
            if (conclusion instanceof Unmet condition) {
                unmet.add(condition);
            } else if (conclusion instanceof Approval approval) {
                approvals.add(approval.path());
            }
        }
        List<String> fired = List.copyOf(firedRules);
        firedRules.clear();
        conclusions.clear();
        concludedBy.clear();
        reasons = 0;
        codes = null;
        if (approvals.size() > 1) {
            return Evaluation.failed(RuleFailure.approvedTwice(approvals), fired);
        }
        if (approvals.isEmpty() && unmet.isEmpty()) {
            return Evaluation.failed(RuleFailure.concludedNothing(fired), fired);
        }
        return new Evaluation(approvals.isEmpty() ? null : approvals.iterator().next(), List.copyOf(unmet), fired, null);
    }

    /** The rules fired so far, for a decision that failed on the way. */
    List<String> firedRules() {
        return List.copyOf(firedRules);
    }

    /** The rule that fired last (or is firing), as {@code package/name}; null before the first firing. */
    String ruleFiring() {
        Rule rule = firing;
        return rule == null ? null : rule.getPackageName() + "/" + rule.getName();
    }

    /**
     * Every fact the session holds from the decisions since the last {@link #clear()}, the request's and the
     * rules' alike, for deleting them. The trace ignores the session's events until it is cleared.
     */
    List<FactHandle> factsToDelete() {
        watching = false;
        return facts;
    }

    /** Forgets everything and watches again. */
    void clear() {
        FIRING.setRelease(this, (Rule) null);
        accepted = null;
        ended = false;
        endedBy = null;
        interrupted = false;
        interruptedBy = null;
        heldBack = null;
        badConclusion = null;
        badConclusionBy = null;
        firedRules.clear();
        conclusions.clear();
        concludedBy.clear();
        reasons = 0;
        codes = null;
        facts.clear();
        watching = true;
    }

}
