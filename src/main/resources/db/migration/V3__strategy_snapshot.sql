-- What a replay needs to decide a recorded request again: the shop's strategy as it stood when the request was
-- decided, with the day's usage before it, as JSON ("null": the shop had no strategy). Rows recorded before
-- this column existed have no snapshot (SQL NULL); a replay decides them as for a shop without a strategy.
ALTER TABLE refund_decision ADD COLUMN strategy_snapshot VARCHAR;

-- Replays read decisions in the order they were recorded, after a key (decided_at, refund_id).
CREATE INDEX refund_decision_in_order ON refund_decision (decided_at, refund_id);
