package io.expressrefund.decision;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.engine.RuleFailure;
import io.expressrefund.rules.facts.DecisionPath;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Counts decisions by outcome, path and reason, times them, and logs each at DEBUG (INFO would be too much). */
@ApplicationScoped
public class DecisionMetrics {
    private static final Logger LOG = Logger.getLogger(DecisionMetrics.class);

    private final MeterRegistry registry;
    private final Timer latency;
    private final DistributionSummary batchSizes;
    private final Counter limitReached;
    private final Counter usageLocks;
    // Every decision counts: its counters are looked up here rather than built and registered each time.
    private final Map<DecisionKind, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<String, Counter> reasons = new ConcurrentHashMap<>();

    private record DecisionKind(Outcome outcome, DecisionPath path, boolean recorded) {
    }

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("refund.decision.duration")
                .description("Time to decide one refund request, rules and storage included")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
        this.batchSizes = DistributionSummary.builder("refund.recording.batch.size")
                .description("Decisions recorded in one transaction (one durable commit)")
                .register(registry);
        this.limitReached = Counter.builder("refund.strategy.limit.reached")
                .description("Requests a merchant strategy did not refund because its daily limit was used up")
                .register(registry);
        this.usageLocks = Counter.builder("refund.recording.usage.locks")
                .description("Shops' daily usage rows locked to decide strategy refunds on the current count "
                        + "(once per shop and day in a batch)")
                .register(registry);
    }

    private Counter decisionCounter(DecisionKind kind) {
        return Counter.builder("refund.decisions")
                .description("Refund requests decided")
                .tag("outcome", kind.outcome().name())
                .tag("path", kind.path() == null ? "none" : kind.path().name())
                .tag("recorded", Boolean.toString(kind.recorded()))
                .register(registry);
    }

    private Counter reasonCounter(String code) {
        return Counter.builder("refund.decision.reasons")
                .description("Reasons given for manual reviews")
                .tag("code", code)
                .register(registry);
    }

    /** A rule that failed: the request went to review with RULE_FAILURE; operators must hear of it. */
    void ruleFailed(String refundId, String ruleSetVersion, RuleFailure failure) {
        String rule = failure.rule() == null ? "unknown" : failure.rule();
        Counter.builder("refund.rule.failures")
                .description("Decisions whose rules failed (threw, looped or ran out of time) and went to review")
                .tag("rule", rule)
                .register(registry).increment();
        LOG.warnf("Rules %s failed on refund %s: %s%s: %s; decided MANUAL_REVIEW with RULE_FAILURE", ruleSetVersion,
                refundId, failure.subject(), failure.location() == null ? "" : " (" + failure.location() + ")", failure.cause());
    }

    /** A batch taken by a writer: its size tells how many requests shared one commit. */
    void batch(int size) {
        batchSizes.record(size);
    }

    /** A batch that could not be recorded as one: each of its requests was recorded alone. */
    void batchSplit() {
        Counter.builder("refund.recording.batch.splits")
                .description("Batches of decisions recorded one by one after the batch as a whole failed")
                .register(registry).increment();
    }

    /** A shop's usage row for a day locked by a batch, to decide a strategy refund on the current count. */
    void usageLocked() {
        usageLocks.increment();
    }

    void decided(Decision decision, boolean recorded, long startedNanos) {
        latency.record(Duration.ofNanos(System.nanoTime() - startedNanos));
        decisions.computeIfAbsent(new DecisionKind(decision.outcome(), decision.path(), recorded), this::decisionCounter)
                .increment();
        for (Reason reason : decision.reasons()) {
            reasons.computeIfAbsent(reason.code(), this::reasonCounter).increment();
            if ("DAILY_LIMIT_REACHED".equals(reason.code())) {
                limitReached.increment();
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Refund %s: %s by %s (rules %s, reasons %s)", decision.refundId(), decision.outcome(),
                    decision.path(), decision.ruleSetVersion(), decision.reasons().stream().map(Reason::code).toList());
        }
    }
}
