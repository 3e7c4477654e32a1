package io.expressrefund.events;

import java.util.List;

/** Events after a cursor, oldest first; {@code nextAfter} is the cursor for the next call. */
public record EventPage(List<RefundEvent> items, long nextAfter) {
}
