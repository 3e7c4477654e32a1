package io.expressrefund.rules.facts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
/** The order's status in the platform's back office: what counts, not what happened at the warehouse. */
@Schema(description = "The platform back office's shipping status of the order")
public enum ShippingStatus {
    UNSHIPPED,
    SHIPPED,
    DELIVERED
}
