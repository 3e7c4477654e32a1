package io.expressrefund.decision;

/** What happens to the refund request. */
public enum Outcome {
    /** Approved and refunded by the system at once. */
    AUTO_REFUND,
    /** Left to the merchant to review. */
    MANUAL_REVIEW
}
