package io.expressrefund.replay;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** One replay: what it compares, how far it got, and its result. Written by its worker, read by anyone. */
final class ReplayJob {
    enum State {
        running, done, failed, cancelled
    }

    private final String id;
    private final ReplayRequest request;
    private final String candidateVersion;
    private final String baselineVersion;
    private final String requestedBy;
    private final Instant startedAt;
    private final AtomicLong done = new AtomicLong();
    private final ChangeLog changes;
    private volatile long total;
    private volatile State state = State.running;
    private volatile boolean cancelRequested;
    private volatile Instant finishedAt;
    private volatile ReplaySummary summary;
    private volatile String error;

    ReplayJob(String id, ReplayRequest request, String candidateVersion, String baselineVersion, String requestedBy,
            Instant startedAt, ChangeLog changes) {
        this.id = id;
        this.request = request;
        this.candidateVersion = candidateVersion;
        this.baselineVersion = baselineVersion;
        this.requestedBy = requestedBy;
        this.startedAt = startedAt;
        this.changes = changes;
    }

    String id() {
        return id;
    }

    ReplayRequest request() {
        return request;
    }

    ChangeLog changes() {
        return changes;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    void total(long total) {
        this.total = total;
    }

    void replayedOne() {
        done.incrementAndGet();
    }

    boolean finished() {
        return state != State.running;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    void finish(State end, ReplaySummary summary, String error, Instant at) {
        this.summary = summary;
        this.error = error;
        this.finishedAt = at;
        this.state = end;
    }

    ReplayView view() {
        return new ReplayView(id, state.name(), new ReplayView.Progress(done.get(), total), candidateVersion,
                baselineVersion, request.from(), request.to(), request.shopId(), request.baselineOrDefault(), requestedBy,
                startedAt, finishedAt, error, summary);
    }
}
