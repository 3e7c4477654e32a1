package io.expressrefund.decision;

import java.util.List;

/**
 * Decisions being recorded together, in shop-id order, fired inside the transaction that records them. Observers
 * that write (the refund-event outbox) take the transaction's connection, so that what they write commits or
 * fails with the decisions; observers of {@code TransactionPhase.AFTER_SUCCESS} hear of them once committed.
 */
public record DecisionsRecorded(List<RecordedDecision> decisions) {
}
