package io.expressrefund.decision;

import io.expressrefund.platform.Identifiers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.expressrefund.platform.Instants;
import io.expressrefund.problem.InvalidRequestException;

/** Where a page of decisions ended: the last item's decision time and refund id, opaque to callers. */
public record PageCursor(Instant decidedAt, String refundId) {

    public String encode() {
        String text = decidedAt.getEpochSecond() + ":" + decidedAt.getNano() + ":" + refundId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's place; one that does not decode, or decodes to an instant or id no decision can have, is a 400. */
    public static PageCursor decode(String cursor) {
        PageCursor decoded;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
            decoded = new PageCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
        } catch (RuntimeException e) {
            throw notOurs();
        }
        if (!Instants.inRange(decoded.decidedAt()) || !decoded.refundId().matches(Identifiers.PATTERN)) {
            throw notOurs();
        }
        return decoded;
    }

    private static InvalidRequestException notOurs() {
        return new InvalidRequestException("cursor", "is not a cursor this service gave out");
    }
}
