package io.expressrefund.decision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.facts.Unmet;

/** Why a request was not refunded automatically: a code for machines, a message for the merchant. */
public record Reason(
        @Schema(description = "What machines read: EXPRESS_REFUND_NOT_ENABLED, NO_EXPRESS_REFUND_TAG, AMOUNT_OVER_LIMIT, VIRTUAL_GOODS, ALREADY_SHIPPED, NOT_REFUND_ONLY, REQUEST_WINDOW_EXPIRED, OVER_STRATEGY_CAP, DAILY_LIMIT_REACHED, STRATEGY_DISABLED, or a code a rule author added", example = "AMOUNT_OVER_LIMIT") String code,
        @Schema(description = "What a merchant reads") String message) {

    /**
     * The reasons of a decision, as merchants read them. Made for every decision (and for both sides of every replayed
     * one): a loop, where a stream would build a pipeline each time.
     */
    public static List<Reason> of(Evaluation evaluation) {
        List<Unmet> unmet = evaluation.reasons();
        List<Reason> reasons = new ArrayList<>(unmet.size());
        for (int i = 0; i < unmet.size(); i++) {
            reasons.add(new Reason(unmet.get(i).code(), unmet.get(i).message()));
        }
        return Collections.unmodifiableList(reasons);
    }
}
