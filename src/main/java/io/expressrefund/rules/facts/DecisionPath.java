package io.expressrefund.rules.facts;

/** The way by which a refund was approved automatically. */
public enum DecisionPath {
    /** The platform's express refund rule. */
    EXPRESS_REFUND,
    /** The merchant's own "before shipment, automatic refund-only" strategy. */
    CUSTOM_STRATEGY
}
