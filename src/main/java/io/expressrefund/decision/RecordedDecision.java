package io.expressrefund.decision;

import io.expressrefund.request.RefundRequest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;

/**
 * A decision as recorded: the answer, who asked and when, the rules that decided, and the input facts
 * ({@code request}, left out of lists).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A recorded decision with its caller, time and input facts")
public record RecordedDecision(
        String refundId,
        String shopId,
        String orderId,
        Outcome outcome,
        DecisionPath path,
        BigDecimal refundAmount,
        List<Reason> reasons,
        List<String> firedRules,
        String ruleSetVersion,
        OffsetDateTime requestedAt,
        OffsetDateTime decidedAt,
        String decidedBy,
        RefundRequest request) {

    /** The answer part, as {@code /evaluate} gives it. */
    Decision answer() {
        return new Decision(refundId, outcome, path, reasons, firedRules, ruleSetVersion);
    }

    RecordedDecision withoutRequest() {
        return new RecordedDecision(refundId, shopId, orderId, outcome, path, refundAmount, reasons, firedRules,
                ruleSetVersion, requestedAt, decidedAt, decidedBy, null);
    }
}
