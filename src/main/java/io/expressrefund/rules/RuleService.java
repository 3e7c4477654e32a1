package io.expressrefund.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.expressrefund.rules.cases.RuleCaseRunner;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the rule set in service. A candidate is compiled, then checked against every case of
 * {@code rules/tests/} within the build deadline, and only then swapped in with one atomic write: a request
 * decides wholly on the rule set it read, and a refused candidate never serves.
 */
@ApplicationScoped
public class RuleService {
    private static final Logger LOG = Logger.getLogger(RuleService.class);
    private static final String STARTUP = "startup";
    /** Who built the rule set an instance serves when it started on a refused folder. */
    static final String STARTUP_ON_LAST_GOOD = "startup-on-last-good";

    private final RulesConfig config;
    private final RuleCaseRunner caseRunner;
    private final Clock clock;
    private final RulesMetrics metrics;
    private final LastGoodRules lastGood;
    private volatile DecisionWatchdog watchdog; // started with the first build, under the build lock
    private final AtomicReference<ActiveRules> active = new AtomicReference<>();
    private final ReentrantLock builds = new ReentrantLock();
    private final List<Thread> abandonedBuilds = new CopyOnWriteArrayList<>();
    private volatile RulesStatus.Attempt lastAttempt;
    private volatile RulesStatus.Building building;

    private record ActiveRules(RuleSet ruleSet, String builtBy) {
    }

    @Inject
    public RuleService(RulesConfig config, RuleCaseRunner caseRunner, Clock clock, RulesMetrics metrics, LastGoodRules lastGood) {
        this.config = config;
        this.caseRunner = caseRunner;
        this.clock = clock;
        this.metrics = metrics;
        this.lastGood = lastGood;
    }

    /** A rule service that keeps no last good rules (no database): for the rules alone, in tests. */
    public RuleService(RulesConfig config, RuleCaseRunner caseRunner, Clock clock, RulesMetrics metrics) {
        this(config, caseRunner, clock, metrics, null);
    }

    void loadAtStartup(@Observes StartupEvent startup) {
        metrics.watchStuck(this);
        try {
            reloadFromDisk(STARTUP);
        } catch (RulesRejectedException refused) {
            if (!startOnLastGood(refused)) {
                throw refused;
            }
        }
    }

    /**
     * Serves the rule set last activated when the folder is refused at start-up, as the running instances go on
     * serving it; the refusal stays the last attempt, and the watcher activates the folder once it is fixed. False
     * when it is turned off, none was kept, or it no longer passes its own cases.
     */
    private boolean startOnLastGood(RulesRejectedException refused) {
        if (!config.startOnLastGood() || lastGood == null) {
            return false;
        }
        Optional<LastGoodRules.Kept> kept = lastGood.recall();
        if (kept.isEmpty()) {
            return false;
        }
        builds.lock();
        try {
            RuleBuild.Outcome outcome = buildWithinDeadline(kept.get().source(), STARTUP_ON_LAST_GOOD);
            if (outcome.ruleSet() == null) {
                LOG.errorf("The last good rules %s were refused too: %s", kept.get().source().version(),
                        outcome.problems().stream().map(RuleProblem::describe).toList());
                return false;
            }
            active.set(new ActiveRules(outcome.ruleSet(), STARTUP_ON_LAST_GOOD));
            metrics.reloaded("activated", outcome.ruleSet().version());
            LOG.errorf("The rules folder was refused at start-up (%s); serving the last good rules %s, activated at %s by %s, "
                    + "until the folder is fixed", refused.getMessage(), outcome.ruleSet().version(),
                    kept.get().activatedAt(), kept.get().activatedBy());
            return true;
        } finally {
            builds.unlock();
        }
    }

    /** The rule set in service. */
    public RuleSet current() {
        ActiveRules rules = active.get();
        if (rules == null) {
            throw new ProblemException(Problem.of("no-rules", "No rules in service", 503,
                    "The service has no rule set in service yet."));
        }
        return rules.ruleSet();
    }

    public boolean hasRules() {
        return active.get() != null;
    }

    /**
     * Rebuilds from the rules folder and activates the result. Unchanged files and cases keep the rule set in
     * service (and clear a refusal that came before).
     *
     * @throws RulesRejectedException when the folder's rules do not compile, fail a case or run out of time; the rules in service stay
     */
    public RulesStatus reloadFromDisk(String requestedBy) {
        Reload reload = activateFolder(requestedBy);
        if (reload.activated() != null) {
            // Outside the build lock: a slow database must not hold up the next build.
            keepAsLastGood(reload.activated(), requestedBy);
        }
        return reload.status();
    }

    /** The status a reload ended with, taken under the build lock, and the rules it activated (null: unchanged). */
    private record Reload(RulesStatus status, RuleSource activated) {
    }

    /** Activates the folder's rules under the build lock. */
    private Reload activateFolder(String requestedBy) {
        builds.lock();
        try {
            RuleSourceReader.Reading reading = RuleSourceReader.read(config.dir());
            List<RuleProblem> notRead = reading.notRead();
            if (!notRead.isEmpty()) {
                LOG.warnf("Files of the rules folder not read: %s", notRead.stream().map(RuleProblem::describe).toList());
            }
            if (reading.source() == null) {
                throw refuse(requestedBy, null, reading.problems(), notRead);
            }
            RuleSource source = reading.source();
            ActiveRules inService = active.get();
            if (inService != null && inService.ruleSet().version().equals(source.version())) {
                lastAttempt = new RulesStatus.Attempt(source.version(), "unchanged", Instant.now(clock), requestedBy, List.of(),
                        notRead);
                metrics.reloaded("unchanged", null);
                return new Reload(status(), null);
            }
            RuleBuild.Outcome outcome = buildWithinDeadline(source, requestedBy);
            if (outcome.ruleSet() == null) {
                throw refuse(requestedBy, source.version(), outcome.problems(), notRead);
            }
            RuleSet candidate = outcome.ruleSet();
            active.set(new ActiveRules(candidate, requestedBy));
            lastAttempt = new RulesStatus.Attempt(candidate.version(), "activated", Instant.now(clock), requestedBy, List.of(),
                    notRead);
            metrics.reloaded("activated", candidate.version());
            LOG.infof("Rules %s activated (%d rules, %d cases passed), requested by %s",
                    candidate.version(), candidate.ruleNames().size(), candidate.casesPassed(), requestedBy);
            if (!candidate.rulesNoCaseFires().isEmpty()) {
                LOG.warnf("No case fires %d rules of %s, which nothing but compiling checked: %s",
                        candidate.rulesNoCaseFires().size(), candidate.version(), candidate.rulesNoCaseFires());
            }
            List<RuleProblem> unpostable = candidate.unpostableFields();
            if (!unpostable.isEmpty()) {
                LOG.warnf("Declared fields of %s that no request can post: %s", candidate.version(),
                        unpostable.stream().map(RuleProblem::describe).toList());
            }
            return new Reload(status(), source);
        } finally {
            builds.unlock();
        }
    }

    /** Synchronized, and only while still in service: two reloads one after the other keep the later rules. */
    private synchronized void keepAsLastGood(RuleSource source, String activatedBy) {
        ActiveRules inService = active.get();
        if (lastGood == null || inService == null || !inService.ruleSet().version().equals(source.version())) {
            return;
        }
        try {
            lastGood.remember(source, Instant.now(clock), activatedBy);
        } catch (RuntimeException e) {
            LOG.warnf("The rules %s were activated but not kept as the last good ones (%s); an instance that starts on "
                    + "a refused folder serves the ones kept before", source.version(), e.getMessage());
        }
    }

    /** Compiles and runs the cases of the given text without activating anything (and without touching the status). */
    public RuleSet validate(RuleSource source, String requestedBy) {
        builds.lock();
        try {
            RuleBuild.Outcome outcome = buildWithinDeadline(source, requestedBy);
            if (outcome.ruleSet() == null) {
                throw new RulesRejectedException(new RuleRejection(Instant.now(clock), requestedBy, source.version(),
                        outcome.problems()));
            }
            return outcome.ruleSet();
        } finally {
            builds.unlock();
        }
    }

    /**
     * The rules folder as it is now, DRL and cases, for checking it as a candidate.
     *
     * @throws RulesRejectedException when a file cannot be read
     */
    public RuleSource folderSource(String requestedBy) {
        RuleSourceReader.Reading reading = RuleSourceReader.read(config.dir());
        if (reading.source() == null) {
            throw new RulesRejectedException(new RuleRejection(Instant.now(clock), requestedBy, null, reading.problems()));
        }
        return reading.source();
    }

    /** The cases in the rules folder, for validating text posted without cases of its own. */
    public Map<String, String> casesOnDisk() {
        RuleSourceReader.Reading reading = RuleSourceReader.read(config.dir());
        return reading.source() == null ? Map.of() : reading.source().cases();
    }

    public RulesStatus status() {
        ActiveRules rules = active.get();
        RulesStatus.Attempt attempt = lastAttempt;
        RuleRejection lastError = attempt != null && "refused".equals(attempt.result())
                ? new RuleRejection(attempt.at(), attempt.by(), attempt.version(), attempt.errors())
                : null;
        int stuckBuilds = (int) abandonedBuilds.stream().filter(Thread::isAlive).count();
        int stuckDecisions = stuckDecisions();
        if (rules == null) {
            return new RulesStatus(null, null, null, List.of(), List.of(), List.of(), 0, List.of(), building, attempt,
                    lastError, stuckBuilds, stuckDecisions, List.of());
        }
        RuleSet ruleSet = rules.ruleSet();
        return new RulesStatus(ruleSet.version(), ruleSet.builtAt(), rules.builtBy(), ruleSet.files(),
                ruleSet.ruleNames(), ruleSet.caseNames(), ruleSet.casesPassed(), ruleSet.rulesNoCaseFires(), building,
                attempt, lastError, stuckBuilds, stuckDecisions, ruleSet.stuckRules());
    }

    /** Decisions stuck in a consequence that ignores halt and interrupt (see {@link DecisionWatchdog}). */
    int stuckDecisions() {
        DecisionWatchdog decisions = watchdog;
        return decisions == null ? 0 : decisions.stuckDecisions();
    }

    /** Rules of the set in service held back since their consequence got stuck (see the engine's {@code StuckRules}). */
    int stuckRules() {
        ActiveRules rules = active.get();
        return rules == null ? 0 : rules.ruleSet().stuckRules().size();
    }

    private RuleBuild.Outcome buildWithinDeadline(RuleSource source, String requestedBy) {
        Instant since = Instant.now(clock);
        building = new RulesStatus.Building(since, requestedBy);
        try {
            if (watchdog == null) {
                watchdog = DecisionWatchdog.start(config.decisionTimeout(), config.stopStuckDecisions());
            }
            RuleBuild build = new RuleBuild(source, caseRunner, watchdog, RuleBuild.Gate.of(config), since);
            return build.runWithin(config.buildTimeout(), thread -> {
                abandonedBuilds.removeIf(old -> !old.isAlive());
                abandonedBuilds.add(thread);
                LOG.errorf("A rules build ran past its %d ms deadline and was abandoned (%s)",
                        config.buildTimeout().toMillis(), thread.getName());
            });
        } finally {
            building = null;
        }
    }

    private RulesRejectedException refuse(String requestedBy, String version, List<RuleProblem> problems,
            List<RuleProblem> notRead) {
        Instant at = Instant.now(clock);
        lastAttempt = new RulesStatus.Attempt(version, "refused", at, requestedBy, List.copyOf(problems), notRead);
        RulesRejectedException e = new RulesRejectedException(new RuleRejection(at, requestedBy, version, problems));
        metrics.reloaded("refused", null);
        LOG.warnf("Rules %s refused (%s): %s", version == null ? "" : version, keptMessage(), e.getMessage());
        return e;
    }

    private String keptMessage() {
        ActiveRules inService = active.get();
        return inService == null ? "no rules in service yet" : "rules " + inService.ruleSet().version() + " stay in service";
    }
}
