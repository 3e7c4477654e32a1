package io.expressrefund.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;


/**
 * An error response in RFC 9457 form ({@code application/problem+json}). {@code violations} names each
 * offending field of a bad request; {@code errors} carries a refused rule set's problems.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An RFC 9457 problem: type, title, status, detail, and the offending fields or rule errors")
public record Problem(
        @Schema(description = "What kind of problem, as a URI", example = "https://express-refund.dev/problems/invalid-request") String type,
        @Schema(example = "Invalid request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "refundType: must be one of [REFUND_ONLY, RETURN_AND_REFUND], not 'REFUND'") String detail,
        @Schema(description = "For a 400: each offending field, query or path parameter, or header") List<FieldViolation> violations,
        @Schema(description = "For a refused rule set (422): each problem", type = SchemaType.ARRAY) List<?> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://express-refund.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
    }

    public static Problem invalidRequest(List<FieldViolation> violations) {
        String detail = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).message()
                : violations.size() + " fields are invalid";
        return new Problem(TYPE_BASE + "invalid-request", "Invalid request", 400, detail, List.copyOf(violations), null);
    }

    public Problem withErrors(List<?> errors) {
        return new Problem(type, title, status, detail, violations, List.copyOf(errors));
    }
}
