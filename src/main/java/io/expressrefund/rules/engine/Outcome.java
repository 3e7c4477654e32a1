package io.expressrefund.rules.engine;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
/** What happens to the refund request. */
@Schema(description = "AUTO_REFUND: refunded at once; MANUAL_REVIEW: left to the merchant")
public enum Outcome {
    /** Approved and refunded by the system at once. */
    AUTO_REFUND,
    /** Left to the merchant to review. */
    MANUAL_REVIEW
}
