package io.expressrefund.events;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.expressrefund.rules.facts.DecisionPath;

/** Tells a merchant's ERP that an order was refunded automatically: stop its parcel. */
@Schema(description = "Tells a merchant's ERP that an order was refunded automatically: stop its parcel")
public record RefundEvent(
        long seq,
        String refundId,
        String orderId,
        String shopId,
        DecisionPath path,
        BigDecimal refundAmount,
        OffsetDateTime decidedAt,
        String action) {

    public static final String STOP_SHIPMENT = "STOP_SHIPMENT";
}
