package io.expressrefund.rules.cases;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import io.expressrefund.request.RefundRequest;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;

/**
 * A rule author's example, kept as a JSON file under {@code rules/tests/}: a request (the same JSON the
 * evaluate endpoint takes), optionally the shop's strategy and its usage that day, and the decision expected.
 */
public record RuleCase(
        String description,
        @NotNull @Valid RefundRequest request,
        @Valid CaseStrategy strategy,
        @NotNull @Valid Expected expected) {

    /** The decision the rules must reach: outcome, path and the set of reason codes (order does not matter). */
    public record Expected(@NotNull Outcome outcome, DecisionPath path, List<String> reasons) {
        public List<String> reasonCodes() {
            return reasons == null ? List.of() : reasons.stream().sorted().toList();
        }
    }
}
