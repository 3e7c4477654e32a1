package io.expressrefund.rules;

import java.util.stream.Collectors;

import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;

/**
 * Thrown when a rule set is refused: a 422 problem carrying every problem, and a message that lists them as
 * {@code file:line: message}.
 */
public class RulesRejectedException extends ProblemException {
    private final transient RuleRejection rejection;

    public RulesRejectedException(RuleRejection rejection) {
        super("the rules were refused:\n" + rejection.errors().stream()
                .map(problem -> "  " + problem.describe())
                .collect(Collectors.joining("\n")), problemOf(rejection), null);
        this.rejection = rejection;
    }

    public RuleRejection rejection() {
        return rejection;
    }

    private static Problem problemOf(RuleRejection rejection) {
        int count = rejection.errors().size();
        return Problem.of("rules-rejected", "Rules refused", 422, "The rules were refused with " + count
                + (count == 1 ? " problem" : " problems") + "; nothing was activated.").withErrors(rejection.errors());
    }
}
