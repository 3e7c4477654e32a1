-- refund_decision_by_time (decided_at DESC, refund_id DESC) and refund_decision_in_order (decided_at, refund_id)
-- hold the same keys in opposite orders. Both databases read an index backwards (newest first from the second),
-- so the first only cost every recorded decision one more index entry to write. The listing's plan is checked in
-- the tests (RecordedDecisionsContract), so that it stays served by an index without a sort.
DROP INDEX IF EXISTS refund_decision_by_time;
