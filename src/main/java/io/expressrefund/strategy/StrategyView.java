package io.expressrefund.strategy;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A strategy as the merchant reads it, with today's usage. */
@Schema(description = "A shop's strategy with today's usage")
public record StrategyView(
        String shopId,
        boolean enabled,
        BigDecimal maxRefundAmount,
        Integer dailyLimit,
        BigDecimal dailyAmountLimit,
        OffsetDateTime updatedAt,
        String updatedBy,
        DailyUsage usageToday) {

    static StrategyView of(Strategy strategy, DailyUsage usage) {
        return new StrategyView(strategy.shopId(), strategy.enabled(), strategy.maxRefundAmount(),
                strategy.dailyLimit(), strategy.dailyAmountLimit(), strategy.updatedAt(), strategy.updatedBy(), usage);
    }
}
