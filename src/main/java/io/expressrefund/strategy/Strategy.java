package io.expressrefund.strategy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A shop's stored strategy; {@code updatedAt} versions it. */
public record Strategy(
        String shopId,
        boolean enabled,
        BigDecimal maxRefundAmount,
        Integer dailyLimit,
        BigDecimal dailyAmountLimit,
        OffsetDateTime updatedAt,
        String updatedBy) {
}
