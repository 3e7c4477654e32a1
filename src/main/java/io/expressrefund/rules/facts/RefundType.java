package io.expressrefund.rules.facts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
/** What the buyer asks for. Before shipment only a refund without return exists. */
@Schema(description = "REFUND_ONLY: money back without returning goods; RETURN_AND_REFUND: with return")
public enum RefundType {
    REFUND_ONLY,
    RETURN_AND_REFUND
}
