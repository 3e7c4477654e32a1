package io.expressrefund.problem;

import java.util.List;

/** A request that is well-formed JSON but breaks a rule that spans fields, such as paidAt ≤ requestedAt. */
public class InvalidRequestException extends RuntimeException {
    private final List<FieldViolation> violations;

    public InvalidRequestException(List<FieldViolation> violations) {
        super(violations.toString());
        this.violations = List.copyOf(violations);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldViolation(field, message)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
