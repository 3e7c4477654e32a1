package io.expressrefund.problem;

/** One offending field of a request, named by its JSON path ({@code order.paidAmount}), and why. */
public record FieldViolation(String field, String message) {
}
