package io.expressrefund.rules;

import java.util.Map;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the rule set in service. A candidate is compiled, then checked against every case of
 * {@code rules/tests/}, and only then swapped in with one atomic write: a request decides wholly on the rule
 * set it read, and a refused candidate never serves.
 */
@ApplicationScoped
public class RuleService {
    private static final Logger LOG = Logger.getLogger(RuleService.class);

    private final RulesConfig config;
    private final RuleCaseRunner caseRunner;
    private final Clock clock;
    private final RulesMetrics metrics;
    private final AtomicReference<ActiveRules> active = new AtomicReference<>();
    private final ReentrantLock builds = new ReentrantLock();
    private volatile RuleRejection lastError;

    private record ActiveRules(RuleSet ruleSet, String builtBy) {
    }

    public RuleService(RulesConfig config, RuleCaseRunner caseRunner, Clock clock, RulesMetrics metrics) {
        this.config = config;
        this.caseRunner = caseRunner;
        this.clock = clock;
        this.metrics = metrics;
    }

    void loadAtStartup(@Observes StartupEvent startup) {
        reloadFromDisk("startup");
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
     * Rebuilds from the rules folder and activates the result. Unchanged files keep the rule set in service.
     *
     * @throws RulesRejectedException when the folder's rules do not compile or fail a case; the rules in service stay
     */
    public RulesStatus reloadFromDisk(String requestedBy) {
        builds.lock();
        try {
            RuleSourceReader.Reading reading = RuleSourceReader.read(config.dir());
            if (reading.source() == null) {
                throw reject(requestedBy, null, reading.problems());
            }
            ActiveRules inService = active.get();
            if (inService != null && inService.ruleSet().version().equals(reading.source().version())) {
                metrics.reloaded("unchanged", null);
                return status();
            }
            RuleSet candidate = build(reading.source(), requestedBy);
            active.set(new ActiveRules(candidate, requestedBy));
            metrics.reloaded("activated", candidate.version());
            LOG.infof("Rules %s activated (%d rules, %d cases passed), requested by %s",
                    candidate.version(), candidate.ruleNames().size(), candidate.casesPassed(), requestedBy);
            return status();
        } finally {
            builds.unlock();
        }
    }

    /** Compiles and runs the cases of the given text without activating anything. */
    public RuleSet validate(RuleSource source, String requestedBy) {
        builds.lock();
        try {
            return buildChecked(source, requestedBy);
        } finally {
            builds.unlock();
        }
    }

    /** The cases in the rules folder, for validating text posted without cases of its own. */
    public Map<String, String> casesOnDisk() {
        RuleSourceReader.Reading reading = RuleSourceReader.read(config.dir());
        return reading.source() == null ? Map.of() : reading.source().cases();
    }

    public RulesStatus status() {
        ActiveRules rules = active.get();
        if (rules == null) {
            return new RulesStatus(null, null, null, List.of(), List.of(), 0, lastError);
        }
        RuleSet ruleSet = rules.ruleSet();
        return new RulesStatus(ruleSet.version(), ruleSet.builtAt(), rules.builtBy(), ruleSet.files(),
                ruleSet.ruleNames(), ruleSet.casesPassed(), lastError);
    }

    private RuleSet build(RuleSource source, String requestedBy) {
        try {
            return buildChecked(source, requestedBy);
        } catch (RulesRejectedException e) {
            lastError = e.rejection();
            metrics.reloaded("refused", null);
            LOG.warnf("Rules %s refused (%s): %s", source.version(), keptMessage(), e.getMessage());
            throw e;
        }
    }

    private RuleSet buildChecked(RuleSource source, String requestedBy) {
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source);
        if (!compilation.succeeded()) {
            throw rejection(requestedBy, source.version(), compilation.problems());
        }
        RuleSet candidate = new RuleSet(compilation.kieBase(), source, Instant.now(clock), source.cases().size());
        List<RuleProblem> failures = caseRunner.run(candidate, source.cases());
        if (!failures.isEmpty()) {
            throw rejection(requestedBy, source.version(), failures);
        }
        return candidate;
    }

    private RulesRejectedException reject(String requestedBy, String version, List<RuleProblem> problems) {
        RulesRejectedException e = rejection(requestedBy, version, problems);
        lastError = e.rejection();
        metrics.reloaded("refused", null);
        LOG.warnf("Rules refused (%s): %s", keptMessage(), e.getMessage());
        return e;
    }

    private String keptMessage() {
        ActiveRules inService = active.get();
        return inService == null ? "no rules in service yet" : "rules " + inService.ruleSet().version() + " stay in service";
    }

    private RulesRejectedException rejection(String requestedBy, String version, List<RuleProblem> problems) {
        return new RulesRejectedException(new RuleRejection(Instant.now(clock), requestedBy, version, problems));
    }
}
