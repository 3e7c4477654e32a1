package io.expressrefund.events;

import java.time.Duration;

import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;

/** A long-poll or stream refused because its caller, or the instance, already has as many waiting as allowed. */
public class TooManyWaitersException extends ProblemException {

    private TooManyWaitersException(String detail, Duration retryAfter) {
        super(Problem.of("too-many-waiting", "Too many waiting requests", 429, detail), retryAfter);
    }

    static TooManyWaitersException perCaller(int cap, Duration retryAfter) {
        return new TooManyWaitersException("This caller already has " + cap + " long-polls or streams waiting, the most"
                + " allowed (refund.events.max-waiting-per-caller). Close one, or retry after "
                + retryAfter.toSeconds() + " seconds.", retryAfter);
    }

    static TooManyWaitersException perInstance(int cap, Duration retryAfter) {
        return new TooManyWaitersException("This instance already has " + cap + " long-polls or streams waiting, the"
                + " most it takes (refund.events.max-waiting). Retry after " + retryAfter.toSeconds() + " seconds.",
                retryAfter);
    }
}
