package io.expressrefund.rules;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts rule reloads by result, shows the active rule-set version as an info gauge, how many decisions are
 * stuck in a consequence that ignores halt and interrupt, and how many rules are held back for it.
 */
@ApplicationScoped
public class RulesMetrics {
    private final MeterRegistry registry;
    private final AtomicReference<Gauge> activeVersion = new AtomicReference<>();

    public RulesMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Shows {@link RuleService#stuckDecisions()} and {@link RuleService#stuckRules()} as gauges; zero while no rule set
     * was built.
     */
    void watchStuck(RuleService rules) {
        Gauge.builder("refund.rules.stuck.decisions", rules, RuleService::stuckDecisions)
                .description("Decisions that ignored halt and interrupt past twice the decision limit and have not returned")
                .strongReference(true)
                .register(registry);
        Gauge.builder("refund.rules.stuck.rules", rules, RuleService::stuckRules)
                .description("Rules of the set in service held back since their consequence got stuck in a decision")
                .strongReference(true)
                .register(registry);
    }

    /** @param result {@code activated}, {@code refused} or {@code unchanged}; the version when activated */
    void reloaded(String result, String version) {
        Counter.builder("refund.rules.reloads").description("Rule set builds by result").tag("result", result)
                .register(registry).increment();
        if (version != null) {
            Gauge info = Gauge.builder("refund.rules.active", () -> 1)
                    .description("The rule set in service (1 for its version)")
                    .tag("version", version)
                    .register(registry);
            Gauge previous = activeVersion.getAndSet(info);
            if (previous != null && previous != info) {
                registry.remove(previous);
            }
        }
    }
}
