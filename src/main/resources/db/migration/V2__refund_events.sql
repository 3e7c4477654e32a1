-- The refund-event feed for merchants' ERPs: one event per automatic refund, written in the same
-- transaction as the decision (an outbox). seq counts per shop, with no gaps and no reuse: the counter
-- row is locked until the transaction ends, and it outlives the events that retention removes.

CREATE TABLE shop_event_counter (
    shop_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    last_seq BIGINT      NOT NULL
);

CREATE TABLE refund_event (
    shop_id       VARCHAR(64)              NOT NULL,
    seq           BIGINT                   NOT NULL,
    refund_id     VARCHAR(64)              NOT NULL,
    order_id      VARCHAR(64)              NOT NULL,
    path          VARCHAR(32)              NOT NULL,
    refund_amount NUMERIC(12, 2)           NOT NULL,
    decided_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (shop_id, seq)
);
CREATE INDEX refund_event_by_time ON refund_event (decided_at);
