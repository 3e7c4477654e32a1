package io.expressrefund.decision;

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
        @NotNull @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String orderId,
        @NotNull @Yuan BigDecimal paidAmount,
        @NotNull OffsetDateTime paidAt,
        @NotNull ShippingStatus shippingStatus,
        Boolean virtualGoods,
        @Size(max = 32) List<@NotNull @Pattern(regexp = "[A-Z0-9_]{1,64}",
                message = "must be 1 to 64 characters of A-Z 0-9 _") String> serviceTags) {

    public boolean isVirtualGoods() {
        return Boolean.TRUE.equals(virtualGoods);
    }

    public Set<String> tags() {
        return serviceTags == null ? Set.of() : Set.copyOf(serviceTags);
    }
}
