-- Recorded refund decisions, merchants' strategies and their daily usage.
-- Written for both H2 (in PostgreSQL mode) and PostgreSQL.

CREATE TABLE refund_decision (
    refund_id           VARCHAR(64)              NOT NULL PRIMARY KEY,
    shop_id             VARCHAR(64)              NOT NULL,
    order_id            VARCHAR(64)              NOT NULL,
    outcome             VARCHAR(16)              NOT NULL,
    path                VARCHAR(32),
    refund_amount       NUMERIC(12, 2)           NOT NULL,
    requested_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_by          VARCHAR(128)             NOT NULL,
    rule_set_version    VARCHAR(64)              NOT NULL,
    request_fingerprint VARCHAR(64)              NOT NULL,
    request_json        VARCHAR                  NOT NULL,
    reasons_json        VARCHAR                  NOT NULL,
    fired_rules_json    VARCHAR                  NOT NULL
);
CREATE INDEX refund_decision_by_shop ON refund_decision (shop_id, decided_at DESC, refund_id DESC);
CREATE INDEX refund_decision_by_time ON refund_decision (decided_at DESC, refund_id DESC);
CREATE INDEX refund_decision_by_order ON refund_decision (order_id);

CREATE TABLE auto_refund_strategy (
    shop_id            VARCHAR(64)              NOT NULL PRIMARY KEY,
    enabled            BOOLEAN                  NOT NULL,
    max_refund_amount  NUMERIC(12, 2)           NOT NULL,
    daily_limit        INTEGER,
    daily_amount_limit NUMERIC(14, 2),
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by         VARCHAR(128)             NOT NULL
);

-- What each shop's strategy refunded per platform day. The row is locked while a strategy refund is
-- decided, so that the limit holds under concurrency on one instance or many.
CREATE TABLE strategy_usage (
    shop_id       VARCHAR(64)    NOT NULL,
    usage_date    DATE           NOT NULL,
    refund_count  INTEGER        NOT NULL,
    refund_amount NUMERIC(14, 2) NOT NULL,
    PRIMARY KEY (shop_id, usage_date)
);
