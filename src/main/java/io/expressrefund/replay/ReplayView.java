package io.expressrefund.replay;

import java.time.Instant;
import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A replay job as callers see it. */
@Schema(description = "A replay job: its state and progress and, once done, its summary")
public record ReplayView(
        String id,
        @Schema(enumeration = { "running", "done", "failed", "cancelled" }) String state,
        Progress progress,
        String candidateVersion,
        @Schema(description = "The rules in service it is compared with, or 'recorded'") String baselineVersion,
        LocalDate from,
        LocalDate to,
        @Schema(nullable = true) String shopId,
        ReplayRequest.Baseline baseline,
        String requestedBy,
        Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(description = "Why a failed replay failed", nullable = true) String error,
        @Schema(description = "Once done", nullable = true) ReplaySummary summary) {

    /** How many recorded decisions were replayed of how many the range holds. */
    public record Progress(long done, long total) {
    }
}
