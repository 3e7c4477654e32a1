package io.expressrefund.decision;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The shop's platform settings at the time of the request. */
public record ShopFacts(
        @NotNull @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId,
        Boolean expressRefundEnabled) {

    public boolean isExpressRefundEnabled() {
        return Boolean.TRUE.equals(expressRefundEnabled);
    }
}
