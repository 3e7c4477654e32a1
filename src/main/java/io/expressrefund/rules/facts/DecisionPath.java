package io.expressrefund.rules.facts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
/** The way by which a refund was approved automatically. */
@Schema(description = "EXPRESS_REFUND: the platform rule; CUSTOM_STRATEGY: the merchant's strategy")
public enum DecisionPath {
    /** The platform's express refund rule. */
    EXPRESS_REFUND,
    /** The merchant's own "before shipment, automatic refund-only" strategy. */
    CUSTOM_STRATEGY
}
