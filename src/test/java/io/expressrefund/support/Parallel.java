package io.expressrefund.support;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends requests at once from many threads. */
public final class Parallel {
    private static final int THREADS = 16;

    private Parallel() {
    }

    /** Runs every call in parallel and counts the outcomes that are AUTO_REFUND. */
    public static long autoRefunds(List<Callable<String>> outcomes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            long refunded = 0;
            for (Future<String> outcome : pool.invokeAll(outcomes)) {
                refunded += "AUTO_REFUND".equals(outcome.get()) ? 1 : 0;
            }
            return refunded;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs every call in parallel and gives their results in order. */
    public static <T> List<T> all(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<T> results = new java.util.ArrayList<>();
            for (Future<T> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
