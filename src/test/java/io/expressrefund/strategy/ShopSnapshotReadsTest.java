package io.expressrefund.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.expressrefund.platform.Database;
import io.expressrefund.platform.StorageException;
import io.expressrefund.strategy.StrategyRepository.Snapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The snapshots {@code /evaluate} keeps, in process, with a repository whose reads wait until the test lets them go: a burst
 * of evaluations of one shop whose snapshot ran out costs one read, and a change during a read is not hidden by it.
 */
class ShopSnapshotReadsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    private final HeldReads repository = new HeldReads();
    private final ExecutorService threads = Executors.newFixedThreadPool(16);

    @AfterEach
    void stop() {
        repository.release.countDown();
        threads.shutdownNow();
    }

    @Test
    void manyEvaluationsOfAShopAtOnceReadItsSnapshotOnce() throws Exception {
        ShopSnapshots snapshots = snapshots(Duration.ofMinutes(1));
        List<Future<Snapshot>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(threads.submit(() -> snapshots.of("S-1", DAY)));
        }
        assertTrue(repository.started.await(5, TimeUnit.SECONDS));
        Thread.sleep(100); // the other 15 reach the read in flight and wait for it
        repository.release.countDown();
        for (Future<Snapshot> answer : answers) {
            assertSame(repository.answer, answer.get(5, TimeUnit.SECONDS));
        }
        assertEquals(1, repository.reads.get());
        snapshots.of("S-1", DAY);
        assertEquals(1, repository.reads.get(), "kept for its time-to-live");
    }

    @Test
    void aShopForgottenWhileItIsReadIsReadAgainNextTime() throws Exception {
        ShopSnapshots snapshots = snapshots(Duration.ofMinutes(1));
        Future<Snapshot> first = threads.submit(() -> snapshots.of("S-1", DAY));
        assertTrue(repository.started.await(5, TimeUnit.SECONDS));
        snapshots.forget("S-1");
        repository.release.countDown();
        first.get(5, TimeUnit.SECONDS);
        snapshots.of("S-1", DAY);
        assertEquals(2, repository.reads.get(), "what was read before the change must not be kept");
    }

    @Test
    void aFailedReadFailsEveryoneWaitingForItAndIsNotKept() throws Exception {
        repository.fail = true;
        ShopSnapshots snapshots = snapshots(Duration.ofMinutes(1));
        List<Future<Snapshot>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(threads.submit(() -> snapshots.of("S-1", DAY)));
        }
        assertTrue(repository.started.await(5, TimeUnit.SECONDS));
        Thread.sleep(100);
        repository.release.countDown();
        for (Future<Snapshot> answer : answers) {
            java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> answer.get(5, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof StorageException, failed.getCause().toString());
        }
        repository.fail = false;
        assertSame(repository.answer, snapshots.of("S-1", DAY));
    }

    private ShopSnapshots snapshots(Duration ttl) {
        return new ShopSnapshots(new DirectDatabase(), repository, ttl, new SimpleMeterRegistry());
    }

    /** Runs the work on no connection: the repository below needs none. */
    private static final class DirectDatabase extends Database {
        DirectDatabase() {
            super(null, null, null);
        }

        @Override
        public <T> T read(Work<T> work) {
            try {
                return work.run(null);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Counts its reads; each waits until released. */
    private static final class HeldReads extends StrategyRepository {
        final Snapshot answer = Snapshot.none(DAY);
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean fail;

        HeldReads() {
            super(null);
        }

        @Override
        public Snapshot snapshot(Connection connection, String shopId, LocalDate date) {
            reads.incrementAndGet();
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new StorageException("the database did not answer", null);
            }
            return answer;
        }
    }
}
