-- A replay first counts the decisions requested in its range (its progress total), a range of the time-order
-- index bounded by decided_at. With requested_at outside that index, the count fetched every row of the range
-- whole, request JSON and all, only to read its requested_at: on H2, counting a week of 1,000,000 decisions
-- took seconds and about 30% of the replay's allocations before the first decision was replayed. With
-- requested_at as the index's last column the count reads the index alone. The order of the keys, which replays
-- and the newest-first listing read, is unchanged, and so is the name.
-- On PostgreSQL, CREATE INDEX holds writes to refund_decision back while it builds; on a large table, build it
-- by hand beforehand with CREATE INDEX CONCURRENTLY under the same name, and this migration only swaps the names.
CREATE INDEX IF NOT EXISTS refund_decision_in_order_v5 ON refund_decision (decided_at, refund_id, requested_at);
DROP INDEX IF EXISTS refund_decision_in_order;
ALTER INDEX refund_decision_in_order_v5 RENAME TO refund_decision_in_order;
