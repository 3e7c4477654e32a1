package io.expressrefund.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.expressrefund.request.RefundRequest;
import io.expressrefund.request.ShopFacts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The writers' queueing, with a recorder that holds each batch until the test lets it go: a full queue and a
 * stopping service refuse with 503 at once, and nothing accepted is left without an answer.
 */
class RecordingWritersTest {
    private final HeldRecorder recorder = new HeldRecorder();
    private RecordingWriters writers;

    @AfterEach
    void stopWriters() throws InterruptedException {
        recorder.releaseAll();
        if (writers != null) {
            writers.stop();
        }
    }

    @Test
    void aFullQueueIsRefusedWith503AndRetryAfterWhileWhatItAcceptedIsRecorded() throws Exception {
        writers = new RecordingWriters(recorder, new DecisionMetrics(new SimpleMeterRegistry()), config(1, 64, 2), 1);
        CompletableFuture<DecisionService.Recording> first = writers.submit(pending("RF-1"));
        assertTrue(recorder.entered.await(5, TimeUnit.SECONDS), "the writer should take the first request");
        List<CompletableFuture<DecisionService.Recording>> queued = List.of(writers.submit(pending("RF-2")),
                writers.submit(pending("RF-3")));

        RecordingRefusedException refused = assertThrows(RecordingRefusedException.class,
                () -> writers.submit(pending("RF-4")));
        assertEquals(503, refused.problem().status());
        assertEquals(Optional.of(Duration.ofSeconds(1)), refused.retryAfter());
        assertTrue(refused.problem().detail().contains("refund.recording.queue-capacity"), refused.problem().detail());

        recorder.releaseAll();
        first.get(5, TimeUnit.SECONDS);
        for (CompletableFuture<DecisionService.Recording> answer : queued) {
            answer.get(5, TimeUnit.SECONDS);
        }
        assertEquals(List.of(List.of("RF-1"), List.of("RF-2", "RF-3")), recorder.batches);
    }

    @Test
    void stoppingRecordsWhatIsQueuedThenRefusesWhatComesLater() throws Exception {
        writers = new RecordingWriters(recorder, new DecisionMetrics(new SimpleMeterRegistry()), config(1, 64, 10), 1);
        CompletableFuture<DecisionService.Recording> first = writers.submit(pending("RF-1"));
        assertTrue(recorder.entered.await(5, TimeUnit.SECONDS));
        CompletableFuture<DecisionService.Recording> queued = writers.submit(pending("RF-2"));

        Thread stopper = new Thread(() -> {
            try {
                writers.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        awaitJoining(stopper);
        RecordingRefusedException refused = assertThrows(RecordingRefusedException.class,
                () -> writers.submit(pending("RF-3")));
        assertEquals(503, refused.problem().status());
        assertTrue(refused.problem().detail().contains("stopping"), refused.problem().detail());

        recorder.releaseAll();
        stopper.join(5_000);
        first.get(5, TimeUnit.SECONDS);
        queued.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(List.of("RF-1"), List.of("RF-2")), recorder.batches);
    }

    /** Waits until stop() has set the writers stopping and waits for them (join, a timed wait). */
    private static void awaitJoining(Thread stopper) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stopper.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stop() did not start waiting for the writers: " + stopper.getState());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void atLeastOneWriter() {
        assertThrows(IllegalArgumentException.class, () -> new RecordingWriters(null, null, config(0, 64, 2), 0));
    }

    private static PendingRecord pending(String refundId) {
        RefundRequest request = new RefundRequest(refundId, null, null, null, null, new ShopFacts("S-1", true), null);
        return new PendingRecord(request, null, null, null, null, "test", null, System.nanoTime(),
                new CompletableFuture<>());
    }

    private static RecordingConfig config(int writers, int maxBatch, int queueCapacity) {
        return new RecordingConfig() {
            @Override
            public Optional<Integer> writers() {
                return Optional.of(writers);
            }

            @Override
            public int maxBatch() {
                return maxBatch;
            }

            @Override
            public int queueCapacity() {
                return queueCapacity;
            }
        };
    }

    /** Holds every batch until released, then answers each request in it; notes the batches' refund ids. */
    private static final class HeldRecorder extends DecisionRecorder {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        final List<List<String>> batches = java.util.Collections.synchronizedList(new ArrayList<>());

        HeldRecorder() {
            super(null, null, null, null, null, null, null);
        }

        @Override
        void record(List<PendingRecord> batch) {
            entered.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batches.add(batch.stream().map(pending -> pending.request().refundId()).toList());
            batch.forEach(pending -> pending.answer().complete(null));
        }

        void releaseAll() {
            released.countDown();
        }
    }
}
