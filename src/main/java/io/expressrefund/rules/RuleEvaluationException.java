package io.expressrefund.rules;

/** A rule in service failed at run time for one request: a bug in the rules, not in the request. */
public class RuleEvaluationException extends RuntimeException {
    public RuleEvaluationException(String message) {
        super(message);
    }

    public RuleEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
