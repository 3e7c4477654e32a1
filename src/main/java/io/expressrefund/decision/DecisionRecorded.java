package io.expressrefund.decision;

/**
 * A decision being recorded, fired inside the transaction that records it. Observers that write (the refund-event
 * outbox) take the transaction's connection, so that what they write commits or fails with the decision;
 * observers of {@code TransactionPhase.AFTER_SUCCESS} hear of it once it is committed.
 */
public record DecisionRecorded(RecordedDecision decision) {
}
