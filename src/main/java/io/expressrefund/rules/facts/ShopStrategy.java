package io.expressrefund.rules.facts;

import java.math.BigDecimal;

/**
 * The shop's "before shipment, automatic refund-only" strategy with what it has refunded so far on the
 * request's platform day. Present only when the shop has a strategy. A null limit does not apply.
 */
public record ShopStrategy(
        boolean enabled,
        BigDecimal maxRefundAmount,
        Integer dailyLimit,
        BigDecimal dailyAmountLimit,
        int usedCountToday,
        BigDecimal usedAmountToday) {

    /** What the strategy will have refunded today if it refunds this amount too. */
    public BigDecimal amountAfter(BigDecimal refundAmount) {
        return usedAmountToday.add(refundAmount);
    }
}
