package io.expressrefund.problem;

import java.util.List;

/** A request that is well-formed JSON but breaks a rule that spans fields, such as paidAt ≤ requestedAt. */
public class InvalidRequestException extends RuntimeException {
    private final List<FieldViolation> violations;

    /** Without a stack trace: the violations say all there is, it is answered as a 400 and never logged. */
    public InvalidRequestException(List<FieldViolation> violations) {
        super(violations.toString(), null, false, false);
        this.violations = List.copyOf(violations);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldViolation(field, message)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
