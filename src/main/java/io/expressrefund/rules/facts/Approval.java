package io.expressrefund.rules.facts;

/** Inserted by the rules when a path approves the refund at once. */
public record Approval(DecisionPath path) {
}
