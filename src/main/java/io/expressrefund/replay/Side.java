package io.expressrefund.replay;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.expressrefund.decision.Reason;
import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.facts.DecisionPath;

/** One side of a replayed decision: what the rules decided, and why. */
@Schema(description = "One side of a replayed decision: outcome, path and reasons")
public record Side(Outcome outcome, DecisionPath path, List<Reason> reasons, @JsonIgnore List<String> firedRules) {

    static Side of(Evaluation evaluation) {
        return new Side(evaluation.approved() ? Outcome.AUTO_REFUND : Outcome.MANUAL_REVIEW, evaluation.approvedBy(),
                Reason.of(evaluation), evaluation.firedRules());
    }

    /** The request's declared facts do not fit this rule set's types: a live request would have been refused. */
    static Side refused(String why) {
        return new Side(Outcome.MANUAL_REVIEW, null, List.of(new Reason("REQUEST_REFUSED",
                "The request's facts do not fit this rule set: " + why)), List.of());
    }

    boolean automatic() {
        return outcome == Outcome.AUTO_REFUND;
    }

    boolean differsFrom(Side other) {
        return outcome != other.outcome || path != other.path;
    }
}
