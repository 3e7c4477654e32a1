package io.expressrefund.replay;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a replay's changed decisions; {@code nextCursor} fetches the next, null at the end. */
@Schema(description = "A page of a replay's changed decisions, in the order they were recorded")
public record ReplayChanges(List<ReplayChange> items, @Schema(nullable = true) String nextCursor) {
}
