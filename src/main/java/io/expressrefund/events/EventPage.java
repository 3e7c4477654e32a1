package io.expressrefund.events;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.List;

/** Events after a cursor, oldest first; {@code nextAfter} is the cursor for the next call. */
@Schema(description = "Events after a cursor, oldest first; pass nextAfter as after next time")
public record EventPage(List<RefundEvent> items, long nextAfter) {
}
