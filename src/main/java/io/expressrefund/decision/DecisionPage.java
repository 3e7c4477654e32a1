package io.expressrefund.decision;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.List;

/** One page of recorded decisions, newest first; {@code nextCursor} fetches the next page, null at the end. */
@Schema(description = "A page of recorded decisions, newest first")
public record DecisionPage(List<RecordedDecision> items, String nextCursor) {
}
