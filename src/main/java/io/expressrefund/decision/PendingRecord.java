package io.expressrefund.decision;

import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;

import io.expressrefund.request.RefundRequest;
import io.expressrefund.rules.declared.FactCatalogue;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.facts.RefundCase;

/**
 * A checked request waiting to be decided and recorded by a writer, with everything read from it on the way in,
 * and the answer its caller waits for.
 */
record PendingRecord(RefundRequest request, RefundCase fact, RuleSet ruleSet, FactCatalogue.Facts declared,
        String fingerprint, String caller, LocalDate day, long startedNanos,
        CompletableFuture<DecisionService.Recording> answer) {

    String shopId() {
        return request.shop().shopId();
    }
}
