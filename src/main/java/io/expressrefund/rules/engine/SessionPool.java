package io.expressrefund.rules.engine;

import java.lang.ref.WeakReference;
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
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.MatchCreatedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.conf.ThreadSafeOption;

import io.expressrefund.rules.diagnostics.RuleLocator;

/**
 * The sessions of one rule set: a request takes an idle session (or makes one), decides in it alone, and hands
 * it back empty (creating a session and its listeners for every request cost more than the decision itself).
 *
 * <p>The first few threads to decide each keep a session of their own, so that a session does not move from one
 * core's cache to another's at every decision; the other threads share a pool of idle sessions. A session is
 * emptied by deleting every fact the decision left, which brings back the state of a new session as long as no
 * rule matches in a session without any fact (a rule whose conditions are only {@code not}, {@code eval} or
 * nothing: its match, once fired, would outlive the deletes and not fire again). A rule set that has such a rule
 * takes its sessions from Drools' own {@link KieSessionsPool} instead, which resets a session when it is given
 * back: slower, but exactly a new session. Only the public kie-api is used.
 */
final class SessionPool {
    /** Idle sessions kept: more than the requests one instance decides at once. */
    private static final int MAX_IDLE_SESSIONS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private static final long OWNERS_CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final KieBase kieBase;
    private final RuleLocator locator;
    private final DecisionWatchdog watchdog;
    private final KieSessionConfiguration configuration;
    /** Drools' pool of reset sessions, for a rule set whose sessions cannot be emptied by deletes. */
    private final KieSessionsPool resetSessions;
    private final Deque<PooledSession> idle = new ConcurrentLinkedDeque<>();
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
    private final Set<PooledSession> live = ConcurrentHashMap.newKeySet();
    private final StuckRules stuckRules = new StuckRules();
    private final boolean forReplay;

    /**
     * A pool of its own over the same rules, for a replay: sessions and rules held back apart from this one's, and
     * decisions judged by the time their thread ran (see {@link PooledSession}).
     */
    SessionPool forReplay() {
        return new SessionPool(kieBase, locator, watchdog, true);
    }

    SessionPool(KieBase kieBase, RuleLocator locator, DecisionWatchdog watchdog) {
        this(kieBase, locator, watchdog, false);
    }

    private SessionPool(KieBase kieBase, RuleLocator locator, DecisionWatchdog watchdog, boolean forReplay) {
        this.forReplay = forReplay;
        this.kieBase = kieBase;
        this.locator = locator;
        this.watchdog = watchdog;
        this.configuration = KieServices.Factory.get().newKieSessionConfiguration();
        // A session is only ever used by one thread at a time (the pool hands it over).
        this.configuration.setOption(ThreadSafeOption.NO);
        this.resetSessions = noRuleMatchesWithoutFacts(kieBase, configuration) ? null
                : kieBase.newKieSessionsPool(MAX_IDLE_SESSIONS);
    }

    /** A session for this thread's next decision: its own, an idle one, or a new one. */
    PooledSession take() {
        Owned own = owned.get();
        PooledSession session = own == null ? null : own.take();
        if (session != null) {
            return session;
        }
        session = idle.pollFirst();
        if (session == null) {
            return newSession();
        }
        idleCount.decrementAndGet();
        return session;
    }

    /**
     * Gives a session back after a decision: kept for the next one when it was emptied, dropped otherwise (a
     * session whose decision failed, or one that only Drools' pool may reset).
     */
    void giveBack(PooledSession session, boolean sound) {
        Owned own = owned.get();
        boolean ownedHere = own != null && own.is(session);
        if (sound && session.empty()) {
            keep(session, own, ownedHere);
            return;
        }
        if (ownedHere) {
            owned.remove();
            session.owner = null;
            ownedCount.decrementAndGet();
        }
        discard(session, sound);
    }

    private void keep(PooledSession session, Owned own, boolean ownedHere) {
        if (ownedHere) {
            own.giveBack();
            return;
        }
        if (own == null && (keepForThisThread(session) || reclaimFromEndedThreads() && keepForThisThread(session))) {
            owned.set(new Owned(session));
            return;
        }
        share(session);
    }

    private PooledSession newSession() {
        KieSession session = resetSessions == null ? kieBase.newKieSession(configuration, null)
                : resetSessions.newKieSession(configuration);
        PooledSession pooled = new PooledSession(session, resetSessions != null, stuckRules, locator, watchdog,
                forReplay);
        live.add(pooled);
        return pooled;
    }

    private void discard(PooledSession session, boolean sound) {
        live.remove(session);
        session.dispose(sound);
    }

    private boolean keepForThisThread(PooledSession session) {
        if (ownedCount.incrementAndGet() > MAX_IDLE_SESSIONS) {
            ownedCount.decrementAndGet();
            return false;
        }
        session.owner = Thread.currentThread();
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
        for (PooledSession session : live) {
            Thread owner = session.owner;
            if (owner != null && !owner.isAlive()) {
                session.owner = null;
                ownedCount.decrementAndGet();
                share(session);
                reclaimed = true;
            }
        }
        return reclaimed;
    }

    private void share(PooledSession session) {
        if (idleCount.incrementAndGet() <= MAX_IDLE_SESSIONS) {
            idle.offerFirst(session);
        } else {
            idleCount.decrementAndGet();
            discard(session, true);
        }
    }

    /** Sessions kept by threads: how many, for tests. */
    int ownedSessions() {
        return ownedCount.get();
    }

    /** Whether sessions are emptied by deleting the decision's facts (else by Drools' full reset). */
    boolean emptiedByDeletes() {
        return resetSessions == null;
    }

    /** The rule firing right now in one of these sessions, as {@code package/name}, if any. */
    String ruleFiringNow() {
        for (PooledSession session : live) {
            String rule = session.ruleFiringNow();
            if (rule != null) {
                return rule;
            }
        }
        return null;
    }

    /** The rules held back since they got stuck in a decision, as {@code package/name}. */
    List<String> stuckRules() {
        return stuckRules.names();
    }

    /** Halts and interrupts every decision in progress (a build that ran out of time). */
    void stopDecisions() {
        live.forEach(session -> session.stopIfOver(Long.MAX_VALUE, 0, false));
    }

    /** One thread's own session, referenced weakly (the pool's {@code live} set keeps it while it serves). */
    private static final class Owned {
        private final WeakReference<PooledSession> session;
        private boolean taken;

        Owned(PooledSession session) {
            this.session = new WeakReference<>(session);
        }

        /** The session, unless this thread is deciding with it already (a rule that decides again). */
        PooledSession take() {
            if (taken) {
                return null;
            }
            PooledSession own = session.get();
            taken = own != null;
            return own;
        }

        boolean is(PooledSession candidate) {
            return session.get() == candidate;
        }

        void giveBack() {
            taken = false;
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
        } catch (RuntimeException | StackOverflowError e) {
            // A condition that fails here fails the cases too, which say where; Drools' own pool is the safe side.
            return false;
        } finally {
            probe.dispose();
        }
    }
}
