package io.expressrefund.strategy;

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
public record StrategyRequest(
        @NotNull Boolean enabled,
        @NotNull
        @DecimalMin(value = "1.00", message = "must be at least 1.00 yuan")
        @DecimalMax(value = "99999.00", message = "must be at most 99999.00 yuan")
        @Digits(integer = 5, fraction = 2, message = "must have at most two decimals")
        BigDecimal maxRefundAmount,
        @Min(1) @Max(1_000_000) Integer dailyLimit,
        @DecimalMin(value = "0.01", message = "must be at least 0.01 yuan")
        @DecimalMax(value = "100000000000.00", message = "must be at most 100000000000.00 yuan")
        @Digits(integer = 12, fraction = 2, message = "must have at most two decimals")
        BigDecimal dailyAmountLimit) {

    /** Checks what spans fields; single fields are checked by their annotations before this runs. */
    public StrategyRequest checked() {
        if (dailyLimit == null && dailyAmountLimit == null) {
            throw new InvalidRequestException("dailyLimit", "set dailyLimit, dailyAmountLimit, or both");
        }
        return this;
    }
}
