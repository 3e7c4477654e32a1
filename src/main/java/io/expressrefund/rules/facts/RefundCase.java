package io.expressrefund.rules.facts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The refund request as the rules see it: one flat, immutable fact. Amounts are exact yuan; instants are
 * absolute, so the offset a caller used does not matter.
 */
public record RefundCase(
        String refundId,
        String orderId,
        String shopId,
        RefundType refundType,
        BigDecimal refundAmount,
        BigDecimal paidAmount,
        Instant paidAt,
        Instant requestedAt,
        ShippingStatus shippingStatus,
        boolean virtualGoods,
        Set<String> serviceTags,
        boolean expressRefundEnabled) {

    public RefundCase {
        serviceTags = Set.copyOf(serviceTags);
    }

    /** Whether the product carried this service tag when the order was placed. */
    public boolean hasServiceTag(String tag) {
        return serviceTags.contains(tag);
    }

    /** How long after payment the buyer asked for the refund. */
    public Duration getTimeSincePayment() {
        return Duration.between(paidAt, requestedAt);
    }
}
