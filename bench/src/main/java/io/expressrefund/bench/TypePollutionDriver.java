package io.expressrefund.bench;

import java.util.List;

import io.expressrefund.bench.pollution.Agent;
import io.expressrefund.bench.pollution.Tracker;
import io.expressrefund.rules.BenchSupport;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;

/**
 * Decides the benchmarks' 16-request mix with the rules of a folder on some threads: a warm-up, then a counted
 * stretch, under the {@link Agent} (its classes come from the boot class path, where this class cannot be). Arguments: the rules folder, the threads, the decisions per thread counted.
 */
public final class TypePollutionDriver {
    private static final int WARM_UP_PER_THREAD = 200_000;

    private TypePollutionDriver() {
    }

    public static void main(String[] args) throws InterruptedException {
        String rulesDir = args[0];
        int threads = Integer.parseInt(args[1]);
        int counted = Integer.parseInt(args[2]);
        BenchSupport.requireQuietLogging();
        RuleSource source = BenchSupport.read(rulesDir);
        RuleSet ruleSet = BenchSupport.ruleSet(BenchSupport.compile(source), source);
        List<Requests.Request> mix = Requests.mix();
        onThreads(threads, () -> decide(ruleSet, mix, WARM_UP_PER_THREAD));
        Tracker.count(true);
        onThreads(threads, () -> decide(ruleSet, mix, counted));
        Tracker.count(false);
        Tracker.decided((long) threads * counted);
    }

    private static void onThreads(int threads, Runnable work) throws InterruptedException {
        Thread[] running = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            running[i] = new Thread(work);
            running[i].start();
        }
        for (Thread thread : running) {
            thread.join();
        }
    }

    private static void decide(RuleSet ruleSet, List<Requests.Request> mix, int count) {
        for (int i = 0; i < count; i++) {
            Requests.Request request = mix.get(i % mix.size());
            if (ruleSet.evaluate(request.refundCase(), request.context()) == null) {
                throw new IllegalStateException("no evaluation");
            }
        }
    }
}
