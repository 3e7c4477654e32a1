package io.expressrefund.decision;

import java.util.List;

/** One page of recorded decisions, newest first; {@code nextCursor} fetches the next page, null at the end. */
public record DecisionPage(List<RecordedDecision> items, String nextCursor) {
}
