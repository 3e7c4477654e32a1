package io.expressrefund.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.expressrefund.platform.Database;
import io.expressrefund.platform.Dialect;

/**
 * The threads that record decisions: each takes what has queued up for it since its last commit, up to
 * {@code refund.recording.max-batch}, and records it in one transaction. Requests that arrive together share one
 * durable commit, and nobody hears of a decision before that commit. A shop's requests always queue for the same
 * writer. No request thread waits for the database: the caller's answer completes when its batch commits.
 */
@ApplicationScoped
public class RecordingWriters {
    private static final Logger LOG = Logger.getLogger(RecordingWriters.class);

    private final DecisionRecorder recorder;
    private final DecisionMetrics metrics;
    private final int maxBatch;
    private final int queueCapacity;
    private final List<BlockingQueue<PendingRecord>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    @Inject
    public RecordingWriters(DecisionRecorder recorder, DecisionMetrics metrics, RecordingConfig config,
            Database database) {
        this(recorder, metrics, config, config.writers().orElseGet(() -> defaultWriters(database.dialectByUrl())));
    }

    RecordingWriters(DecisionRecorder recorder, DecisionMetrics metrics, RecordingConfig config, int writers) {
        if (writers < 1) {
            throw new IllegalArgumentException("refund.recording.writers must be at least 1, not " + writers);
        }
        this.recorder = recorder;
        this.metrics = metrics;
        this.maxBatch = config.maxBatch();
        this.queueCapacity = config.queueCapacity();
        for (int i = 0; i < writers; i++) {
            BlockingQueue<PendingRecord> queue = new ArrayBlockingQueue<>(config.queueCapacity());
            Thread thread = new Thread(() -> write(queue), "decision-writer-" + i);
            thread.setDaemon(true);
            queues.add(queue);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Writers when none are configured. H2 commits one transaction at a time under its store's lock, so a second
     * writer mostly waits for the first and halves every batch: on H2 one writer recorded about a third more
     * decisions a second than two (bench/README.md, "Reading the results"). PostgreSQL commits transactions side by
     * side, and there two writers recorded over a quarter more than one.
     */
    static int defaultWriters(Dialect dialect) {
        return dialect == Dialect.H2 ? 1 : 2;
    }

    /** How many writer threads record decisions. */
    int writerCount() {
        return threads.size();
    }

    /** Queues the request for its shop's writer; the answer completes once it is committed (or failed). */
    CompletableFuture<DecisionService.Recording> submit(PendingRecord pending) {
        BlockingQueue<PendingRecord> queue = queues.get(Math.floorMod(pending.shopId().hashCode(), queues.size()));
        if (stopping) {
            throw RecordingRefusedException.stopping();
        }
        if (!queue.offer(pending)) {
            throw RecordingRefusedException.queueFull(queueCapacity);
        }
        if (stopping) {
            // The writer may have seen its queue empty and left between the check above and the offer.
            refuseLeftovers();
        }
        return pending.answer();
    }

    private void write(BlockingQueue<PendingRecord> queue) {
        List<PendingRecord> batch = new ArrayList<>(maxBatch);
        while (!stopping || !queue.isEmpty()) {
            try {
                // A timed wait rather than an interrupt to stop: an interrupted thread would close H2's file.
                PendingRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                metrics.batch(batch.size());
                recorder.record(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "A batch of %d decisions failed unexpectedly", batch.size());
                batch.forEach(pending -> pending.answer().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** Records what is queued already, then stops; requests that come later are answered 503. */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        refuseLeftovers();
    }

    /** Answers 503 to whatever no writer will take any more: nothing is left waiting for ever. */
    private void refuseLeftovers() {
        if (threads.stream().anyMatch(Thread::isAlive)) {
            return;
        }
        for (BlockingQueue<PendingRecord> queue : queues) {
            for (PendingRecord pending; (pending = queue.poll()) != null;) {
                pending.answer().completeExceptionally(RecordingRefusedException.stopping());
            }
        }
    }
}
