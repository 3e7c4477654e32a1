package io.expressrefund.rules;

import java.time.Instant;
import java.util.List;

/** A candidate rule set that was refused: when, at whose request, and every problem found. */
public record RuleRejection(Instant at, String requestedBy, String version, List<RuleProblem> errors) {
}
