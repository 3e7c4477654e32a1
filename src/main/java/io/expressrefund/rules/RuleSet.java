package io.expressrefund.rules;

import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.MatchCreatedEvent;
import org.kie.api.runtime.conf.ThreadSafeOption;
import org.kie.api.runtime.rule.FactHandle;

import io.expressrefund.rules.facts.RefundCase;

/**
 * A compiled, immutable rule set in service. Each request is decided in a session of its own rule set, so
 * requests in flight keep the rule set they started with while a newer one is activated.
 *
 * <p>Sessions are pooled per rule set: a request takes an idle session (or makes one), decides in it alone,
 * and hands it back empty (creating a session and its listeners for every request cost more than the decision
 * itself). The first few threads to decide each keep a session of their own, so that a session does not move
 * from one core's cache to another's at every decision. A pooled session is emptied by deleting every fact
 * the decision left, which brings back the state of a new session as long as no rule matches in a session
 * without any fact (a rule whose conditions are only {@code not}, {@code eval} or nothing: its match, once
 * fired, would outlive the deletes and not fire again). A rule set that has such a rule takes its sessions from Drools' own
 * {@link KieSessionsPool} instead, which resets a session when it is given back: slower, but exactly a new
 * session. Only the public kie-api is used.
 *
 * <p>Rules that fail never fail the request: a rule that throws, fires without end or runs past the
 * watchdog's time limit gives an {@link Evaluation} that {@linkplain Evaluation#failed() failed}, naming the
 * rule and where it is written, and the session is thrown away.
 */
public final class RuleSet {
    /** A rule set that loops (a rule re-inserting what re-triggers it) stops here instead of hanging a request. */
    static final int MAX_FIRINGS_PER_DECISION = 10_000;
    /** Idle sessions kept per rule set: more than the requests one instance decides at once. */
    private static final int MAX_IDLE_SESSIONS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private static final long OWNERS_CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final KieBase kieBase;
    private final String version;
    private final Instant builtAt;
    private final List<RuleFile> files;
    private final List<String> ruleNames;
    private final List<String> caseNames;
    private final RuleLocator locator;
    private final FactCatalogue factTypes;
    private final DecisionWatchdog watchdog;
    private final KieSessionConfiguration sessionConfiguration;
    private final boolean emptiedByDeletes;
    /** Drools' pool of reset sessions, for a rule set whose sessions cannot be emptied by deletes. */
    private final KieSessionsPool resetSessions;
    private final Deque<Decider> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    /**
     * A thread's own session, kept for its next decision: a session that stays with one thread is not handed
     * between cores (whose caches it would have to leave) nor through the shared deque. At most
     * {@link #MAX_IDLE_SESSIONS} threads own one; the others share the deque, and the sessions of threads that
     * ended go back to it. Weak, so that a rule set that left service is not kept by the threads that decided
     * with it.
     */
    private final ThreadLocal<Owned> owned = new ThreadLocal<>();
    private final AtomicInteger ownedCount = new AtomicInteger();
    /** When sessions kept by threads that ended were last looked for; at most once a second. */
    private final AtomicLong ownersCheckedNanos = new AtomicLong(System.nanoTime());
    private final Set<Decider> live = ConcurrentHashMap.newKeySet();

    RuleSet(KieBase kieBase, RuleSource source, Instant builtAt, DecisionWatchdog watchdog) {
        this.kieBase = kieBase;
        this.version = source.version();
        this.builtAt = builtAt;
        this.files = source.files();
        this.ruleNames = namesOf(kieBase);
        this.caseNames = List.copyOf(source.cases().keySet());
        this.locator = new RuleLocator(source.drlFiles());
        this.factTypes = FactCatalogue.of(kieBase, locator);
        this.watchdog = watchdog;
        this.sessionConfiguration = KieServices.Factory.get().newKieSessionConfiguration();
        // A session is only ever used by one thread at a time (the pool hands it over).
        this.sessionConfiguration.setOption(ThreadSafeOption.NO);
        this.emptiedByDeletes = noRuleMatchesWithoutFacts(kieBase, sessionConfiguration);
        this.resetSessions = emptiedByDeletes ? null : kieBase.newKieSessionsPool(MAX_IDLE_SESSIONS);
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
        Owned own = owned.get();
        Decider decider = own == null ? null : own.take();
        if (decider == null) {
            decider = takeShared();
        }
        boolean sound = false;
        boolean reusable = false;
        try {
            Evaluation evaluation = decider.decide(request, context, declared);
            sound = !evaluation.failed();
            reusable = sound && decider.empty();
            return evaluation;
        } finally {
            if (reusable) {
                giveBack(decider, own);
            } else {
                if (own != null && own.is(decider)) {
                    owned.remove();
                    decider.owner = null;
                    ownedCount.decrementAndGet();
                }
                decider.dispose(sound);
            }
        }
    }

    private Decider takeShared() {
        Decider decider = idle.pollFirst();
        if (decider == null) {
            return new Decider();
        }
        idleCount.decrementAndGet();
        return decider;
    }

    private void giveBack(Decider decider, Owned own) {
        if (own != null && own.is(decider)) {
            own.giveBack();
            return;
        }
        if (own == null && (keepForThisThread(decider) || reclaimFromEndedThreads() && keepForThisThread(decider))) {
            owned.set(new Owned(decider));
            return;
        }
        share(decider);
    }

    private boolean keepForThisThread(Decider decider) {
        if (ownedCount.incrementAndGet() > MAX_IDLE_SESSIONS) {
            ownedCount.decrementAndGet();
            return false;
        }
        decider.owner = Thread.currentThread();
        return true;
    }

    /**
     * Gives the sessions kept by threads that have ended (a thread pool retires idle threads) to the shared pool,
     * so that other threads may keep one; true when there was any. Looks at most once a second.
     */
    private boolean reclaimFromEndedThreads() {
        long checked = ownersCheckedNanos.get();
        long now = System.nanoTime();
        if (now - checked < OWNERS_CHECK_INTERVAL_NANOS || !ownersCheckedNanos.compareAndSet(checked, now)) {
            return false;
        }
        boolean reclaimed = false;
        for (Decider decider : live) {
            Thread owner = decider.owner;
            if (owner != null && !owner.isAlive()) {
                decider.owner = null;
                ownedCount.decrementAndGet();
                share(decider);
                reclaimed = true;
            }
        }
        return reclaimed;
    }

    /** Sessions kept by threads: how many, for tests. */
    int ownedSessions() {
        return ownedCount.get();
    }

    private void share(Decider decider) {
        if (idleCount.incrementAndGet() <= MAX_IDLE_SESSIONS) {
            idle.offerFirst(decider);
        } else {
            idleCount.decrementAndGet();
            decider.dispose(true);
        }
    }

    /** One thread's own decider, referenced weakly (the rule set's {@code live} set keeps it while it serves). */
    private static final class Owned {
        private final WeakReference<Decider> decider;
        private boolean taken;

        Owned(Decider decider) {
            this.decider = new WeakReference<>(decider);
        }

        /** The decider, unless this thread is deciding with it already (a rule that decides again). */
        Decider take() {
            if (taken) {
                return null;
            }
            Decider own = decider.get();
            taken = own != null;
            return own;
        }

        boolean is(Decider candidate) {
            return decider.get() == candidate;
        }

        void giveBack() {
            taken = false;
        }
    }

    /** The fact types this rule set's DRL declares, for reading what callers post under {@code facts}. */
    public FactCatalogue factTypes() {
        return factTypes;
    }

    /** The rule firing right now in a decision of this rule set, as {@code package/name}, if any. */
    String ruleFiringNow() {
        for (Decider decider : live) {
            String rule = decider.ruleFiringNow();
            if (rule != null) {
                return rule;
            }
        }
        return null;
    }

    /** Where a rule ({@code package/name}) is written. */
    RuleLocator.Location locate(String rule) {
        return locator.rule(rule);
    }

    /** Halts and interrupts every decision of this rule set in progress (a build that ran out of time). */
    void stopDecisions() {
        live.forEach(decider -> decider.stopIfOver(Long.MAX_VALUE, 0));
    }

    /** One pooled session with its trace. */
    private final class Decider implements DecisionWatchdog.Watched {
        private final KieSession session = resetSessions == null ? kieBase.newKieSession(sessionConfiguration, null)
                : resetSessions.newKieSession(sessionConfiguration);
        private final DecisionTrace trace = new DecisionTrace();
        /** The thread that keeps this session for its decisions, if any; it alone sets it, or a reclaim of it. */
        volatile Thread owner;
        // Guarded by this: the watchdog stops a decision only while it runs, never after it has returned.
        private long startedNanos;
        private Thread deciding;
        private boolean stopped;

        Decider() {
            trace.attachTo(session);
            live.add(this);
            watchdog.watch(this);
        }

        Evaluation decide(RefundCase request, Collection<?> context, List<?> declared) {
            begin();
            try {
                session.insert(request);
                for (Object fact : context) {
                    session.insert(fact);
                }
                for (int i = 0; i < declared.size(); i++) {
                    session.insert(declared.get(i));
                }
                int firings = session.fireAllRules(MAX_FIRINGS_PER_DECISION);
                if (end()) {
                    return Evaluation.failed(RuleFailure.timedOut(trace.ruleFiring(), watchdog.limit(), locator),
                            trace.firedRules());
                }
                if (firings >= MAX_FIRINGS_PER_DECISION) {
                    return Evaluation.failed(RuleFailure.looped(trace.ruleFiring(), firings, locator), trace.firedRules());
                }
                return trace.toEvaluation();
            } catch (RuntimeException e) {
                RuleFailure failure = end() ? RuleFailure.timedOut(trace.ruleFiring(), watchdog.limit(), locator)
                        : RuleFailure.threw(e, locator);
                return Evaluation.failed(failure, trace.firedRules());
            }
        }

        private synchronized void begin() {
            startedNanos = System.nanoTime() | 1;
            deciding = Thread.currentThread();
            stopped = false;
        }

        /** Ends a decision; true when the watchdog stopped it, whose interrupt is then cleared. */
        private synchronized boolean end() {
            startedNanos = 0;
            deciding = null;
            if (stopped) {
                Thread.interrupted();
            }
            return stopped;
        }

        @Override
        public synchronized boolean stopIfOver(long nowNanos, long limitNanos) {
            if (startedNanos == 0) {
                return false;
            }
            long ran = nowNanos - startedNanos;
            if (!stopped) {
                if (ran > limitNanos) {
                    stopped = true;
                    session.halt();
                    deciding.interrupt();
                }
                return false;
            }
            return ran > 2 * limitNanos;
        }

        synchronized String ruleFiringNow() {
            return startedNanos == 0 ? null : trace.ruleFiring();
        }

        /** Brings the session back to the state of a new one; false when it cannot be trusted to be. */
        boolean empty() {
            if (resetSessions != null) {
                // Given back to Drools' pool on dispose, which resets it; this decider is not reused.
                return false;
            }
            try {
                for (FactHandle fact : trace.factsToDelete()) {
                    session.delete(fact);
                }
                trace.clear();
                return session.getFactCount() == 0;
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** Drops the session, or gives a sound one back to Drools' pool of reset sessions. */
        void dispose(boolean sound) {
            live.remove(this);
            watchdog.forget(this);
            try {
                if (resetSessions != null && sound) {
                    trace.detachFrom(session);
                    session.dispose();
                } else {
                    session.destroy();
                }
            } catch (RuntimeException e) {
                // A session that failed mid-decision may not dispose cleanly; it is dropped all the same.
            }
        }
    }

    /**
     * Whether no rule matches in a session without any fact: then no match outlives the deletion of a
     * decision's facts. Found with the public API, by firing a session that holds nothing.
     */
    private static boolean noRuleMatchesWithoutFacts(KieBase kieBase, KieSessionConfiguration configuration) {
        KieSession probe = kieBase.newKieSession(configuration, null);
        try {
            boolean[] matched = {false};
            probe.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void matchCreated(MatchCreatedEvent event) {
                    matched[0] = true;
                }
            });
            // Matches are made when the agenda is evaluated; none may fire.
            probe.fireAllRules(match -> false);
            return !matched[0];
        } catch (RuntimeException e) {
            return false;
        } finally {
            probe.dispose();
        }
    }

    /** Whether pooled sessions are emptied by deleting the decision's facts (else by Drools' full reset). */
    boolean emptiedByDeletes() {
        return emptiedByDeletes;
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

    /** The cases this rule set passed before it could serve. */
    public List<String> caseNames() {
        return caseNames;
    }

    public int casesPassed() {
        return caseNames.size();
    }
}
