package io.expressrefund.decision;

/** Why a request was not refunded automatically: a code for machines, a message for the merchant. */
public record Reason(String code, String message) {
}
