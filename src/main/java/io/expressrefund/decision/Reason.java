package io.expressrefund.decision;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a request was not refunded automatically: a code for machines, a message for the merchant. */
public record Reason(
        @Schema(description = "What machines read: EXPRESS_REFUND_NOT_ENABLED, NO_EXPRESS_REFUND_TAG, AMOUNT_OVER_LIMIT, VIRTUAL_GOODS, ALREADY_SHIPPED, NOT_REFUND_ONLY, REQUEST_WINDOW_EXPIRED, OVER_STRATEGY_CAP, DAILY_LIMIT_REACHED, STRATEGY_DISABLED, or a code a rule author added", example = "AMOUNT_OVER_LIMIT") String code,
        @Schema(description = "What a merchant reads") String message) {
}
