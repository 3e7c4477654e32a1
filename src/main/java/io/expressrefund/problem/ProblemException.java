package io.expressrefund.problem;

/** Ends a request with the given problem response; services throw it, the mapper renders it. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
