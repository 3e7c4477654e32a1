package io.expressrefund.replay;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.expressrefund.platform.Identifiers;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.rules.ValidationRequest;

/**
 * A replay to run: the candidate rules (as {@code /validate} takes them; without files, the rules folder as it
 * is now), the platform days of recorded decisions to decide again, and what to compare with.
 */
@Schema(description = "A candidate rule set and the recorded decisions to decide again with it")
public record ReplayRequest(
        @Schema(description = "DRL files by relative name; without them the candidate is the rules folder as it is now")
        @Size(max = 200) Map<@NotNull @Pattern(regexp = ValidationRequest.DRL_NAME, message = "must be a relative path ending in .drl") String,
                @NotNull String> files,
        @Schema(description = "Cases by name; without them the rules folder's cases run")
        @Size(max = 1000) Map<@NotNull @Pattern(regexp = ValidationRequest.CASE_NAME, message = "must be a relative path ending in .json") String,
                @NotNull Object> cases,
        @Schema(description = "The first platform day of recorded requests, inclusive", example = "2026-11-01") @NotNull LocalDate from,
        @Schema(description = "The last platform day, inclusive", example = "2026-11-28") @NotNull LocalDate to,
        @Schema(description = "Only this shop's decisions", example = "S-1") @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId,
        @Schema(description = "current (default): the rules in service decide the same facts; recorded: what was decided then")
        Baseline baseline) {

    /** The longest range one replay may cover. */
    static final int MAX_DAYS = 366;

    /** What the candidate is compared with. */
    public enum Baseline {
        /** The rules in service, run on the same facts with the same simulated daily limits. */
        current,
        /** The decisions as they were recorded. */
        recorded
    }

    ReplayRequest checked() {
        if (to.isBefore(from)) {
            throw new InvalidRequestException("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new InvalidRequestException("to", "must be at most " + MAX_DAYS + " days after from");
        }
        return this;
    }

    Baseline baselineOrDefault() {
        return baseline == null ? Baseline.current : baseline;
    }
}
