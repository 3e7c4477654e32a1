package io.expressrefund.decision;


import java.time.OffsetDateTime;

import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;

/** What a list of decisions is narrowed to; null fields do not narrow. {@code from} is inclusive, {@code to} exclusive. */
public record DecisionFilter(String shopId, DecisionPath path, Outcome outcome, OffsetDateTime from, OffsetDateTime to,
        int limit, PageCursor after) {

    /** A range that holds no instant is a caller's mistake (from and to swapped, say), not an empty list to answer. */
    public DecisionFilter {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidRequestException("to", "must be after from (from is inclusive, to exclusive)");
        }
    }
}
