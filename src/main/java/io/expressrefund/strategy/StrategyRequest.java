package io.expressrefund.strategy;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.expressrefund.problem.InvalidRequestException;

/**
 * A merchant's "before shipment, automatic refund-only" strategy: a per-order cap of 1 to 99,999 yuan and a
 * daily limit as a count, an amount of yuan, or both.
 */
@Schema(description = "A merchant's before-shipment automatic refund-only strategy; set dailyLimit, dailyAmountLimit or both")
public record StrategyRequest(
        @Schema(description = "Whether the strategy refunds at all", example = "true") @NotNull Boolean enabled,
        @Schema(description = "The per-order cap in yuan, 1.00 to 99,999.00", example = "500.00")
        @NotNull
        @DecimalMin(value = "1.00", message = "must be at least 1.00 yuan")
        @DecimalMax(value = "99999.00", message = "must be at most 99999.00 yuan")
        @Digits(integer = Integer.MAX_VALUE, fraction = 2, message = "must have at most two decimals")
        BigDecimal maxRefundAmount,
        @Schema(description = "Automatic refunds by the strategy per platform day, 1 to 1,000,000", example = "20") @Min(1) @Max(1_000_000) Integer dailyLimit,
        @Schema(description = "Yuan refunded by the strategy per platform day; a refund that would pass it is not automatic", example = "5000.00")
        @DecimalMin(value = "0.01", message = "must be at least 0.01 yuan")
        @DecimalMax(value = "100000000000.00", message = "must be at most 100000000000.00 yuan")
        @Digits(integer = Integer.MAX_VALUE, fraction = 2, message = "must have at most two decimals")
        BigDecimal dailyAmountLimit) {

    /** Checks what spans fields; single fields are checked by their annotations before this runs. */
    public StrategyRequest checked() {
        if (dailyLimit == null && dailyAmountLimit == null) {
            throw new InvalidRequestException("dailyLimit", "set dailyLimit, dailyAmountLimit, or both");
        }
        return this;
    }
}
