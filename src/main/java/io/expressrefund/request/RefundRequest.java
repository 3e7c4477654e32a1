package io.expressrefund.request;

import io.expressrefund.platform.Identifiers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.expressrefund.platform.Digests;
import io.expressrefund.platform.Instants;
import io.expressrefund.problem.FieldViolation;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.RefundType;

/** A buyer's refund request with the facts of its order and shop, as the after-sales system posts it. */
@Schema(description = "A buyer's refund request with the facts of its order and shop")
public record RefundRequest(
        @Schema(description = "The refund request's id on the platform; decisions are recorded once per id", example = "RF-1001") @NotNull @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String refundId,
        @Schema(description = "When the buyer asked, ISO-8601 with an offset (any offset to ±18:00), from 2000-01-01 up to 2100-01-01", example = "2025-11-21T11:17:45+08:00") @NotNull OffsetDateTime requestedAt,
        @Schema(description = "What the buyer asks for") @NotNull RefundType refundType,
        @Schema(description = "Yuan asked back, at most two decimals, not more than order.paidAmount", example = "120.50") @NotNull @Yuan BigDecimal refundAmount,
        @Schema(description = "The order as the platform back office shows it") @NotNull @Valid OrderFacts order,
        @Schema(description = "The shop's platform settings") @NotNull @Valid ShopFacts shop,
        @Schema(description = "Facts of types the rules declare in DRL, by type name (simple, or package.Name where two "
                + "packages declare the same name): one object of the type's fields, or an array of them for a type "
                + "declared @repeatable; at most 1000 objects in all. GET /api/v1/rules/fact-types lists the types and fields the rules in service "
                + "declare. Optional.", example = "{\"ProductFacts\": {\"category\": \"FRESH\"}}")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Size(max = 32, message = "may name at most 32 fact types") Map<@NotNull String, @NotNull JsonNode> facts) {

    /** Checks what spans fields; single fields are checked by their annotations before this runs. */
    public RefundRequest checked() {
        List<FieldViolation> violations = new ArrayList<>();
        if (!Instants.inRange(requestedAt)) {
            violations.add(new FieldViolation("requestedAt", Instants.RANGE_MESSAGE));
        }
        if (!Instants.inRange(order.paidAt())) {
            violations.add(new FieldViolation("order.paidAt", Instants.RANGE_MESSAGE));
        }
        if (violations.isEmpty() && order.paidAt().isAfter(requestedAt)) {
            violations.add(new FieldViolation("order.paidAt", "must not be after requestedAt"));
        }
        if (refundAmount.compareTo(order.paidAmount()) > 0) {
            violations.add(new FieldViolation("refundAmount", "must not be more than order.paidAmount"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return this;
    }

    /** The request as the rules see it, amounts in fen precision. */
    public RefundCase toFact() {
        return new RefundCase(refundId, order.orderId(), shop.shopId(), refundType, yuan(refundAmount),
                yuan(order.paidAmount()), order.paidAt().toInstant(), requestedAt.toInstant(), order.shippingStatus(),
                order.isVirtualGoods(), order.tags(), shop.isExpressRefundEnabled());
    }

    /**
     * Identifies the facts of this request whatever their spelling: the same instants in other offsets, 120.5
     * and 120.50, tags in another order, or declared facts with their keys in another order give the same
     * fingerprint. {@code declaredFacts} is the canonical text of the declared facts (empty without any).
     */
    public String fingerprint(RefundCase fact, String declaredFacts) {
        String canonical = String.join("|", fact.refundId(), fact.orderId(), fact.shopId(), fact.refundType().name(),
                fact.refundAmount().toPlainString(), fact.paidAmount().toPlainString(), fact.paidAt().toString(),
                fact.requestedAt().toString(), fact.shippingStatus().name(), String.valueOf(fact.virtualGoods()),
                String.join(",", new TreeSet<>(fact.serviceTags())), String.valueOf(fact.expressRefundEnabled()));
        // Requests without declared facts keep the fingerprint they had before facts existed.
        return Digests.sha256(declaredFacts.isEmpty() ? canonical : canonical + "|facts=" + declaredFacts);
    }

    /** The platform day on which the request was made. */
    public LocalDate day(ZoneId zone) {
        return requestedAt.atZoneSameInstant(zone).toLocalDate();
    }

    private static BigDecimal yuan(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }
}
