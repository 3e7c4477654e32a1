package io.expressrefund.rules.cases;

import java.math.BigDecimal;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import io.expressrefund.rules.facts.ShopStrategy;

/**
 * The shop's strategy in a case, with what it has refunded so far that day (both default to nothing used).
 */
public record CaseStrategy(
        @NotNull Boolean enabled,
        @NotNull BigDecimal maxRefundAmount,
        Integer dailyLimit,
        BigDecimal dailyAmountLimit,
        @PositiveOrZero Integer usedCountToday,
        @PositiveOrZero BigDecimal usedAmountToday) {

    ShopStrategy toFact() {
        return new ShopStrategy(enabled, maxRefundAmount, dailyLimit, dailyAmountLimit,
                usedCountToday == null ? 0 : usedCountToday,
                usedAmountToday == null ? BigDecimal.ZERO : usedAmountToday);
    }
}
