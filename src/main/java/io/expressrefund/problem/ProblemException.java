package io.expressrefund.problem;

import java.time.Duration;
import java.util.Optional;

/**
 * Ends a request with the given problem response; each feature throws it (or its own subclass), and the one
 * mapper renders it. A problem the caller may retry later carries the time to wait ({@code Retry-After}).
 */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final transient Duration retryAfter;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    protected ProblemException(Problem problem, Duration retryAfter) {
        this(problem.detail(), problem, retryAfter);
    }

    /** For a problem whose log message says more than its detail. */
    protected ProblemException(String message, Problem problem, Duration retryAfter) {
        super(message);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
