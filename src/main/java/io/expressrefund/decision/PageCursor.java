package io.expressrefund.decision;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.expressrefund.problem.InvalidRequestException;

/** Where a page of decisions ended: the last item's decision time and refund id, opaque to callers. */
public record PageCursor(Instant decidedAt, String refundId) {

    public String encode() {
        String text = decidedAt.getEpochSecond() + ":" + decidedAt.getNano() + ":" + refundId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
            return new PageCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cursor", "is not a cursor this service gave out");
        }
    }
}
