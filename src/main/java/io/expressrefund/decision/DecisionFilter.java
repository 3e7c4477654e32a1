package io.expressrefund.decision;

import io.expressrefund.rules.Outcome;

import java.time.OffsetDateTime;

import io.expressrefund.rules.facts.DecisionPath;

/** What a list of decisions is narrowed to; null fields do not narrow. {@code from} is inclusive, {@code to} exclusive. */
public record DecisionFilter(String shopId, DecisionPath path, Outcome outcome, OffsetDateTime from, OffsetDateTime to,
        int limit, PageCursor after) {
}
