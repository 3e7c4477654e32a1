package io.expressrefund.bench.pollution;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the type checks that would rewrite HotSpot's one-entry cache of a class's last matched interface (its
 * "secondary super cache", JDK 17 to 22): a check that succeeds against an interface the object's class implements,
 * when the class's last successful check was against another interface. Each such write takes the cache line of a
 * class shared by every thread away from the other cores. Counted per check site and class while
 * {@link #count(boolean) counting} is on, written at exit, most first.
 */
public final class Tracker {
    private static final List<String> SITES = new ArrayList<>();
    private static final ClassValue<AtomicReference<Class<?>>> LAST_MATCHED = new ClassValue<>() {
        @Override
        protected AtomicReference<Class<?>> computeValue(Class<?> type) {
            return new AtomicReference<>();
        }
    };
    private static final Map<String, LongAdder> REWRITES = new ConcurrentHashMap<>();
    private static volatile boolean counting;
    private static volatile long decisions;

    private Tracker() {
    }

    /** Counts from now on (true) or no longer (false): a driver counts only once the JVM is warm. */
    public static void count(boolean on) {
        counting = on;
    }

    /** How many decisions were made while counting, for the report's rates. */
    public static void decided(long count) {
        decisions = count;
    }

    static synchronized int site(String description) {
        SITES.add(description);
        return SITES.size() - 1;
    }

    private static synchronized String siteOf(int site) {
        return SITES.get(site);
    }

    /** Called before each instrumented check of {@code value} against {@code target}. */
    public static void check(Object value, Class<?> target, int site) {
        if (value == null || !target.isInterface() || !target.isAssignableFrom(value.getClass())) {
            return;
        }
        AtomicReference<Class<?>> last = LAST_MATCHED.get(value.getClass());
        Class<?> before = last.get();
        if (before == target) {
            return;
        }
        last.set(target);
        if (before != null && counting) {
            REWRITES.computeIfAbsent(siteOf(site) + " <- " + value.getClass().getName() + " (last matched "
                    + before.getName() + ")", key -> new LongAdder()).increment();
        }
    }

    static void reportAtExit(String report) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(report)))) {
                long total = REWRITES.values().stream().mapToLong(LongAdder::sum).sum();
                out.printf("cache rewrites: %d in %d decisions (%.2f per decision)%n", total, decisions,
                        decisions == 0 ? 0.0 : (double) total / decisions);
                out.println("per decision\tcount\tsite <- class (last matched)");
                REWRITES.entrySet().stream()
                        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                        .limit(40)
                        .forEach(entry -> out.printf("%.3f\t%d\t%s%n", decisions == 0 ? 0.0
                                : (double) entry.getValue().sum() / decisions, entry.getValue().sum(), entry.getKey()));
            } catch (IOException e) {
                e.printStackTrace();
            }
        }));
    }
}
