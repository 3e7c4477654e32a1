package io.expressrefund.request;

import io.expressrefund.platform.Identifiers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The shop's platform settings at the time of the request. */
public record ShopFacts(
        @Schema(description = "The shop's id", example = "S-1") @NotNull @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String shopId,
        @Schema(description = "Whether the merchant enabled the express refund service; default false", example = "true") Boolean expressRefundEnabled) {

    public boolean isExpressRefundEnabled() {
        return Boolean.TRUE.equals(expressRefundEnabled);
    }
}
