package io.expressrefund.rules;

import java.time.Instant;
import java.util.List;

import io.expressrefund.rules.diagnostics.RuleProblem;

/** A candidate rule set that was refused: when, at whose request, and every problem found. */
public record RuleRejection(Instant at, String requestedBy, String version, List<RuleProblem> errors) {
}
