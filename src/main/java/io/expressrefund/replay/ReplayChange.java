package io.expressrefund.replay;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A recorded decision that the candidate decides otherwise: before (the baseline) and after (the candidate). */
@Schema(description = "A decision the candidate decides otherwise than the baseline")
public record ReplayChange(String refundId, String shopId, Side before, Side after) {
}
