package io.expressrefund.strategy;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;

/** What a shop's strategy refunded automatically on one platform day. */
@Schema(description = "What the strategy refunded on one platform day")
public record DailyUsage(LocalDate date, int count, BigDecimal amount) {

    public static DailyUsage none(LocalDate date) {
        return new DailyUsage(date, 0, BigDecimal.ZERO.setScale(2));
    }
}
