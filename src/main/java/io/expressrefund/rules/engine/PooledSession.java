package io.expressrefund.rules.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import io.expressrefund.rules.diagnostics.RuleLocator;
import io.expressrefund.rules.facts.RefundCase;

/**
 * One session of a rule set with its trace: decides one request at a time, under the watchdog's time limit, and
 * is emptied for the next one. Rules that fail never fail the request: a rule that throws, fires without end or
 * runs past the time limit gives an {@link Evaluation} that {@linkplain Evaluation#failed() failed}, naming the
 * rule and where it is written.
 */
final class PooledSession implements DecisionWatchdog.Watched {
    private static final Logger LOG = Logger.getLogger(PooledSession.class);
    /** How many times its limit a replay's decision may take while its thread waits for a core. */
    static final int REPLAY_PATIENCE = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final KieSession session;
    private final boolean resetByDrools;
    private final DecisionTrace trace;
    private final StuckRules stuckRules;
    private final RuleLocator locator;
    private final DecisionWatchdog watchdog;
    /** Whether a decision is judged by the time its thread ran rather than by the clock (see {@link #timeRun}). */
    private final boolean forReplay;
    /** The thread that keeps this session for its decisions, if any; it alone sets it, or a reclaim of it. */
    volatile Thread owner;
    // Guarded by this: the watchdog stops a decision only while it runs, never after it has returned.
    private long startedNanos;
    /**
     * For a replay's decision: when the watchdog first looked at its thread's CPU time, and what it was. Read there,
     * not as the decision starts: most decisions end before the watchdog's first look, and pay nothing for it.
     */
    private long cpuSeenAtNanos;
    private long cpuSeen;
    private Thread deciding;
    private boolean stopped;
    /** Whether the watchdog stopped the deciding thread, stuck in a consequence (see {@link DecisionWatchdog}). */
    private boolean threadStopped;
    /** Whether the watchdog found the decision stuck, and held back its rule if it was stuck in its consequence. */
    private boolean stuckSeen;
    /** Where in DRL the decision was stuck, when it was and its stack ran DRL code. */
    private RuleLocator.Location stuckAt;
    /** Where the decision was when it was halted, if in DRL outside the firing rule's consequence (a condition's function). */
    private RuleLocator.Location haltedIn;

    /**
     * @param resetByDrools whether the session comes from Drools' pool of reset sessions, to which it goes back
     *                      when disposed, rather than being emptied by deletes and reused here
     */
    PooledSession(KieSession session, boolean resetByDrools, StuckRules stuckRules, RuleLocator locator,
            DecisionWatchdog watchdog, boolean forReplay) {
        this.forReplay = forReplay;
        this.session = session;
        this.stuckRules = stuckRules;
        this.trace = new DecisionTrace(stuckRules);
        this.resetByDrools = resetByDrools;
        this.locator = locator;
        this.watchdog = watchdog;
        trace.attachTo(session);
        watchdog.watch(this);
    }

    /** Lists every rule that fires in this session's next decisions in {@code into} (null stops it). */
    void listEveryFiringIn(Set<String> into) {
        trace.listEveryFiringIn(into);
    }

    Evaluation decide(RefundCase request, Collection<?> context, List<?> declared) {
        begin();
        try {
            try {
                session.insert(request);
                for (Object fact : context) {
                    session.insert(fact);
                }
                for (int i = 0; i < declared.size(); i++) {
                    session.insert(declared.get(i));
                }
                int firings = session.fireAllRules(trace.firings(), RuleSet.MAX_FIRINGS_PER_DECISION);
                trace.firingsEnded();
                return end() ? Evaluation.failed(overTime(), trace.firedRules()) : concluded(firings);
            } catch (RuntimeException | Error e) {
                // Drools wraps what a rule throws, but not an error: a function that recurses without end, or an array
                // too large for the heap, is the rule's failure too, never the request's. The session is dropped after.
                // So is the ThreadDeath of a thread the watchdog stopped.
                RuleFailure failure = end() ? overTime() : RuleFailure.threw(e, trace.ruleFiring(), locator);
                return Evaluation.failed(failure, trace.firedRules());
            }
        } catch (ThreadDeath late) {
            // The watchdog stopped this thread as the rule that held it returned: the stop lands in the lines that
            // end the decision instead of in the rule. The decision failed all the same.
            end();
            return Evaluation.failed(overTime(), trace.firedRules());
        }
    }

    /** What the rules concluded, once they fired within the time limit; a failure of theirs where they did wrong. */
    private Evaluation concluded(int firings) {
        RuleFailure failure = null;
        if (trace.sessionEnded()) {
            failure = RuleFailure.sessionEnded(trace.sessionEndedBy(), locator);
        } else if (trace.threadWasInterrupted()) {
            failure = RuleFailure.interruptedThread(trace.threadInterruptedBy(), locator);
        } else if (trace.badConclusion() != null) {
            failure = RuleFailure.badConclusion(trace.badConclusionBy(), trace.badConclusion(), locator);
        } else if (trace.heldBack() != null) {
            failure = RuleFailure.heldBack(trace.heldBack(), stuckRules.whyHeld(trace.heldBack(), watchdog.limit()), locator);
        } else if (firings >= RuleSet.MAX_FIRINGS_PER_DECISION) {
            failure = RuleFailure.looped(trace.ruleFiring(), firings, locator);
        }
        return failure == null ? trace.toEvaluation() : Evaluation.failed(failure, trace.firedRules());
    }

    /**
     * Why a decision the watchdog stopped failed: halted and interrupted, or stuck until its thread was stopped, at
     * the place in DRL where it was stuck.
     */
    private synchronized RuleFailure overTime() {
        if (threadStopped) {
            return RuleFailure.stuck(stuckAt, watchdog.limit());
        }
        return haltedIn != null ? RuleFailure.timedOutIn(haltedIn, watchdog.limit())
                : RuleFailure.timedOut(trace.ruleFiring(), watchdog.limit(), locator);
    }

    private synchronized void begin() {
        startedNanos = System.nanoTime() | 1;
        cpuSeenAtNanos = 0;
        deciding = Thread.currentThread();
        stopped = false;
        threadStopped = false;
        stuckSeen = false;
        stuckAt = null;
        haltedIn = null;
        trace.decisionStarts();
    }

    /**
     * Ends a decision; true when the watchdog stopped it. The thread leaves the decision as it came to it: the
     * watchdog's interrupt is cleared, and so is one a rule made, which would break what the thread does next
     * (H2 closes its database file when a thread writing to it is interrupted).
     */
    private synchronized boolean end() {
        startedNanos = 0;
        deciding = null;
        if (stopped || trace.interruptedSinceStart()) {
            Thread.interrupted();
        }
        return stopped;
    }

    @Override
    public synchronized DecisionWatchdog.Stuck stopIfOver(long nowNanos, long limitNanos, boolean stopThread) {
        if (startedNanos == 0) {
            return null;
        }
        long ran = forReplay ? timeRun(nowNanos, limitNanos) : nowNanos - startedNanos;
        if (!stopped) {
            if (ran > limitNanos) {
                stopped = true;
                // Found by hand: a condition that slept was blamed on the rule that fired before it (the approval).
                StackTraceElement[] frames = deciding.getStackTrace();
                boolean inConsequence = RuleFailure.stuckInConsequence(frames, locator);
                haltedIn = inConsequence ? null : RuleFailure.placeIn(frames, locator);
                noteWaiting(inConsequence);
                session.halt();
                deciding.interrupt();
            }
            return null;
        }
        if (ran <= 2 * limitNanos) {
            return null;
        }
        if (!stuckSeen) {
            stuckSeen = true;
            // Where the thread is stuck, from its own frames: the rule firing may have fired its consequence already,
            // and be inserting a fact whose condition loops in another rule. (What a stop throws is made by the
            // thread that stops it, with that thread's frames.)
            StackTraceElement[] frames = deciding.getStackTrace();
            stuckAt = RuleFailure.placeIn(frames, locator);
            Rule rule = trace.firingRule();
            if (rule != null && RuleFailure.stuckInConsequence(frames, locator)) {
                stuckRules.add(rule);
            }
        }
        // Still deciding, and this monitor keeps it from ending the decision: the stop lands in the decision.
        if (stopThread && !threadStopped) {
            threadStopped = DecisionWatchdog.stop(deciding);
        }
        return new DecisionWatchdog.Stuck(stuckAt == null ? trace.ruleFiring() : stuckAt.rule() + " (" + stuckAt.describe() + ")",
                threadStopped);
    }

    /** Counts a decision that ran out of time with its rule's consequence waiting (see {@link StuckRules#WAITS_BEFORE_HELD}). */
    private void noteWaiting(boolean inConsequence) {
        Thread.State state = deciding.getState();
        Rule rule = trace.firingRule();
        if (rule == null || state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING || !inConsequence) {
            return;
        }
        if (stuckRules.waitedPastLimit(rule)) {
            LOG.warnf("The consequence of %s/%s was found waiting at the %d ms decision limit in %d decisions: the rule is "
                    + "held back (each request that reaches it is a RULE_FAILURE at once) until the rules change",
                    rule.getPackageName(), rule.getName(), watchdog.limit().toMillis(), StuckRules.WAITS_BEFORE_HELD);
        }
    }

    /**
     * How long a replay's decision has run: while its thread is runnable, the CPU time it had, for a replay's thread
     * runs in the idle scheduling class and may wait seconds for a core that live requests hold. A thread that
     * sleeps or waits is judged by the clock, as is every thread past {@link #REPLAY_PATIENCE} times the limit (one
     * blocked in a socket is runnable with no CPU time either).
     */
    private long timeRun(long nowNanos, long limitNanos) {
        long ranNanos = nowNanos - startedNanos;
        if (ranNanos > REPLAY_PATIENCE * limitNanos || deciding.getState() != Thread.State.RUNNABLE) {
            return ranNanos;
        }
        long cpu = THREADS.getThreadCpuTime(deciding.getId());
        if (cpu < 0) {
            return ranNanos;
        }
        if (cpuSeenAtNanos == 0) {
            // Until this first look, by the clock: at most one of the watchdog's ticks.
            cpuSeenAtNanos = nowNanos;
            cpuSeen = cpu;
        }
        return Math.min(ranNanos, cpuSeenAtNanos - startedNanos + cpu - cpuSeen);
    }

    /** The rule firing right now, as {@code package/name}, if a decision is running. */
    synchronized String ruleFiringNow() {
        return startedNanos == 0 ? null : trace.ruleFiring();
    }

    /** Brings the session back to the state of a new one; false when it cannot be trusted to be. */
    boolean empty() {
        if (resetByDrools) {
            // Given back to Drools' pool on dispose, which resets it; this session is not reused here.
            return false;
        }
        try {
            List<FactHandle> facts = trace.factsToDelete();
            // An immutable base drops at once a fact that no pattern accepts; deleting it would log a warning. Those
            // are looked for only until all are found: the facts after them are held.
            int dropped = facts.size() - (int) session.getFactCount();
            for (FactHandle fact : facts) {
                if (dropped == 0 || session.getFactHandle(fact.getObject()) != null) {
                    session.delete(fact);
                } else {
                    dropped--;
                }
            }
            trace.clear();
            return session.getFactCount() == 0;
        } catch (RuntimeException | Error e) {
            // Whatever the engine throws while emptying it, the session is not trusted again: it is dropped.
            return false;
        }
    }

    /** Drops the session, or gives a sound one back to Drools' pool of reset sessions. */
    void dispose(boolean sound) {
        watchdog.forget(this);
        try {
            if (resetByDrools && sound) {
                trace.detachFrom(session);
                session.dispose();
            } else {
                session.destroy();
            }
        } catch (RuntimeException | Error e) {
            // A session that failed mid-decision may not dispose cleanly; it is dropped all the same.
        }
    }
}
