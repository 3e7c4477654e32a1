package io.expressrefund.rules.facts;

/** What the buyer asks for. Before shipment only a refund without return exists. */
public enum RefundType {
    REFUND_ONLY,
    RETURN_AND_REFUND
}
