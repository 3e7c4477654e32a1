package io.expressrefund.strategy;

import java.util.List;
import java.util.Optional;

import io.expressrefund.rules.facts.ShopStrategy;

/** The facts a shop's strategy brings to the rules: none without a strategy. */
public final class StrategyFacts {
    private StrategyFacts() {
    }

    public static List<Object> of(Optional<Strategy> strategy, DailyUsage usage) {
        ShopStrategy fact = fact(strategy, usage);
        return fact == null ? List.of() : List.of(fact);
    }

    /** The strategy with the day's usage, as the rules see it; null without a strategy. */
    public static ShopStrategy fact(Optional<Strategy> strategy, DailyUsage usage) {
        return strategy.map(found -> new ShopStrategy(found.enabled(), found.maxRefundAmount(), found.dailyLimit(),
                found.dailyAmountLimit(), usage.count(), usage.amount())).orElse(null);
    }
}
