package io.expressrefund.decision;

import java.time.Duration;

import io.expressrefund.problem.Problem;
import io.expressrefund.problem.ProblemException;

/**
 * A request to record a decision refused before it was decided: its writer's queue is full, or the service is
 * stopping. Nothing was recorded, so the caller retries the same request. Expected under overload, so it is
 * answered without a stack trace in the log.
 */
public class RecordingRefusedException extends ProblemException {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private RecordingRefusedException(String detail) {
        super(Problem.of("recording-unavailable", "Recording unavailable", 503, detail), RETRY_AFTER);
    }

    static RecordingRefusedException queueFull(int capacity) {
        return new RecordingRefusedException("Too many requests are waiting to be recorded (" + capacity
                + " for this shop's writer, refund.recording.queue-capacity); nothing was recorded."
                + " Retry the same request.");
    }

    static RecordingRefusedException stopping() {
        return new RecordingRefusedException("This instance is stopping; nothing was recorded."
                + " Retry the same request on another instance.");
    }
}
