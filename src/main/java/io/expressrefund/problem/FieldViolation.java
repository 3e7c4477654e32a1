package io.expressrefund.problem;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
/** One offending field of a request, named by its JSON path ({@code order.paidAmount}), and why. */
@Schema(description = "An offending field, by its JSON path, and why")
public record FieldViolation(String field, String message) {
}
