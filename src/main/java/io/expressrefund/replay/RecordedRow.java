package io.expressrefund.replay;

import java.math.BigDecimal;
import java.time.Instant;

/** One recorded decision as a replay reads it: the request as posted, what was decided, and its strategy snapshot. */
record RecordedRow(
        String refundId,
        String shopId,
        String outcome,
        String path,
        BigDecimal refundAmount,
        Instant requestedAt,
        Instant decidedAt,
        String requestJson,
        String reasonsJson,
        String firedRulesJson,
        String strategySnapshot) {
}
