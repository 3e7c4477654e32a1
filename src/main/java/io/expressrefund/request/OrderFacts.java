package io.expressrefund.request;

import io.expressrefund.platform.Identifiers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.expressrefund.rules.facts.ShippingStatus;

/**
 * The order as the platform's back office shows it. {@code serviceTags} are the tags the product carried
 * when the order was placed.
 */
public record OrderFacts(
        @Schema(description = "The order's id", example = "O-1") @NotNull @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String orderId,
        @Schema(description = "What the buyer paid for the order after discounts, in yuan; express refund needs it not over 300.00", example = "120.50") @NotNull @Yuan BigDecimal paidAmount,
        @Schema(description = "When the order was paid, ISO-8601 with an offset, from 2000-01-01 up to 2100-01-01; decides which rule applies", example = "2025-11-21T09:00:00+08:00") @NotNull OffsetDateTime paidAt,
        @Schema(description = "The order's status in the platform back office") @NotNull ShippingStatus shippingStatus,
        @Schema(description = "Vouchers, top-ups, services: never refunded by express refund; default false", example = "false") Boolean virtualGoods,
        @Schema(description = "The product's service tags when the order was placed; EXPRESS_REFUND is the express refund badge") @Size(max = 32) List<@NotNull @Pattern(regexp = "[A-Z0-9_]{1,64}",
                message = "must be 1 to 64 characters of A-Z 0-9 _") String> serviceTags) {

    public boolean isVirtualGoods() {
        return Boolean.TRUE.equals(virtualGoods);
    }

    public Set<String> tags() {
        return serviceTags == null ? Set.of() : Set.copyOf(serviceTags);
    }
}
