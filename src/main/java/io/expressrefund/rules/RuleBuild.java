package io.expressrefund.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.expressrefund.rules.cases.RuleCaseRunner;
import io.expressrefund.rules.compile.RuleCompiler;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.diagnostics.ThrowableText;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;

/**
 * One candidate built on a thread of its own: compiled, then checked against its cases. The caller waits at
 * most the build's deadline; a build that runs over it is halted and interrupted, named by the case and rule
 * that did not finish, and left behind, so that it never holds up the next build.
 */
final class RuleBuild implements Runnable {
    private static final Logger LOG = Logger.getLogger(RuleBuild.class);
    private static final AtomicLong THREADS = new AtomicLong();

    /** A candidate that passed, or the problems that refuse it. */
    record Outcome(RuleSet ruleSet, List<RuleProblem> problems) {
    }

    /**
     * What a candidate must bring besides compiling and passing its cases: at least one case, and a case that fires
     * each of its rules.
     */
    record Gate(boolean requireCases, boolean requireCasePerRule) {
        static Gate of(RulesConfig config) {
            return new Gate(config.requireCases(), config.requireCasePerRule());
        }
    }

    private final RuleSource source;
    private final RuleCaseRunner caseRunner;
    private final DecisionWatchdog watchdog;
    private final Gate gate;
    private final Instant startedAt;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile RuleSet candidate;
    private volatile String caseRunning;
    private volatile boolean abandoned;

    RuleBuild(RuleSource source, RuleCaseRunner caseRunner, DecisionWatchdog watchdog, Gate gate, Instant startedAt) {
        this.source = source;
        this.caseRunner = caseRunner;
        this.watchdog = watchdog;
        this.gate = gate;
        this.startedAt = startedAt;
    }

    /** Runs the build and waits for it at most {@code deadline}; the thread it ran on is given to {@code onStuck} when it does not stop. */
    Outcome runWithin(Duration deadline, java.util.function.Consumer<Thread> onStuck) {
        Thread thread = new Thread(this, "rules-build-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        try {
            return outcome.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Outcome late = abandon(thread, deadline);
            onStuck.accept(thread);
            return late;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(thread, deadline);
            throw new IllegalStateException("interrupted while waiting for a rules build", e);
        } catch (ExecutionException e) {
            // Whatever else the engine throws on the way is the candidate's problem too: refused, never a 500.
            LOG.warnf(e.getCause(), "A rules build failed unexpectedly; the candidate is refused");
            return new Outcome(null, List.of(RuleProblem.compileError(null, null, null,
                    "the rules could not be built (" + ThrowableText.of(e.getCause()) + ")")));
        }
    }

    @Override
    public void run() {
        try {
            outcome.complete(build());
        } catch (Throwable e) {
            outcome.completeExceptionally(e);
        }
    }

    private Outcome build() {
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source);
        List<RuleProblem> problems = new ArrayList<>(compilation.problems());
        if (gate.requireCases() && source.cases().isEmpty()) {
            problems.add(RuleProblem.noCases());
        }
        if (!problems.isEmpty()) {
            return new Outcome(null, problems);
        }
        RuleSet built = new RuleSet(compilation.kieBase(), source, startedAt, watchdog);
        candidate = built;
        RuleCaseRunner.CaseRun run = caseRunner.run(built, source.cases(), name -> {
            if (abandoned) {
                throw new CancellationException("the build ran out of time");
            }
            caseRunning = name;
        });
        if (!run.problems().isEmpty()) {
            return new Outcome(null, run.problems());
        }
        RuleSet checked = built.afterCases(run.firedRules());
        if (gate.requireCasePerRule() && !checked.rulesNoCaseFires().isEmpty()) {
            return new Outcome(null, checked.rulesNoCaseFires().stream()
                    .map(rule -> RuleProblem.noCaseFires(checked.locate(rule)))
                    .toList());
        }
        return new Outcome(checked, List.of());
    }

    /** Stops what can be stopped and names what did not finish. */
    private Outcome abandon(Thread thread, Duration deadline) {
        abandoned = true;
        RuleSet running = candidate;
        String caseName = caseRunning;
        if (running == null) {
            thread.interrupt();
            return new Outcome(null, List.of(RuleProblem.unreadable(null,
                    "compiling the rules did not finish within " + deadline.toMillis() + " ms")));
        }
        String rule = running.ruleFiringNow();
        running.stopDecisions();
        thread.interrupt();
        return new Outcome(null, List.of(RuleProblem.caseTimedOut(caseName, rule,
                rule == null ? null : running.locate(rule), deadline)));
    }
}
