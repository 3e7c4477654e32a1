package io.expressrefund.rules.facts;

/** The order's status in the platform's back office: what counts, not what happened at the warehouse. */
public enum ShippingStatus {
    UNSHIPPED,
    SHIPPED,
    DELIVERED
}
