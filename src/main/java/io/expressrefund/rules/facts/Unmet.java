package io.expressrefund.rules.facts;

/**
 * A condition of one decision path that the request does not meet, inserted by the rules. The code is
 * what machines read; the message is what a merchant reads. The service itself gives one without a path,
 * {@code RULE_FAILURE}, when the rules could not decide.
 */
public record Unmet(DecisionPath path, String code, String message) {

    public static Unmet expressRefund(String code, String message) {
        return new Unmet(DecisionPath.EXPRESS_REFUND, code, message);
    }

    public static Unmet strategy(String code, String message) {
        return new Unmet(DecisionPath.CUSTOM_STRATEGY, code, message);
    }

    public static Unmet ruleFailure(String message) {
        return new Unmet(null, "RULE_FAILURE", message);
    }
}
