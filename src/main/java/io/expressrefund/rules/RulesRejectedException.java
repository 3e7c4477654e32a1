package io.expressrefund.rules;

import java.util.stream.Collectors;

/** Thrown when a rule set is refused; its message lists every problem as {@code file:line: message}. */
public class RulesRejectedException extends RuntimeException {
    private final transient RuleRejection rejection;

    public RulesRejectedException(RuleRejection rejection) {
        super("the rules were refused:\n" + rejection.errors().stream()
                .map(problem -> "  " + problem.describe())
                .collect(Collectors.joining("\n")));
        this.rejection = rejection;
    }

    public RuleRejection rejection() {
        return rejection;
    }
}
