package io.expressrefund.strategy;

/** A shop's strategy was saved or removed, fired in the transaction that does it. */
public record StrategyChanged(String shopId) {
}
