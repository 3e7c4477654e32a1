package io.expressrefund.rules;

/** Placeholder replaced when merchant strategies exist. */
public record CaseStrategy() {
}
