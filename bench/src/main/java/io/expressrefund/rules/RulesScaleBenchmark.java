package io.expressrefund.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.kie.api.KieBase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.expressrefund.bench.Agreement;
import io.expressrefund.bench.GeneratedRules;
import io.expressrefund.bench.HandWrittenRules;
import io.expressrefund.bench.Requests;
import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;

/**
 * The shipped rules grown by generated rules that never match (see {@link GeneratedRules}): the cost of one
 * decision of the mix with them, and, measured once in each fork's setup, how long the rule set takes to build
 * (the first build in a fresh JVM, then the best of up to three rebuilds, as a running service rebuilds) and how
 * much heap one built rule set keeps (its KieBase, before any session). The setup's numbers go, one JSON line per fork, to the file named by -Dbench.scale.out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn" })
public class RulesScaleBenchmark {
    @Param("../rules")
    public String rulesDir;

    /** kind:count, kind one of GeneratedRules.KINDS ("none:0" is the shipped rules alone). */
    @Param({ "none:0", "indexed:10", "indexed:100", "indexed:1000", "indexed:5000", "predicate:10", "predicate:100",
            "predicate:1000", "predicate:5000", "joined:10", "joined:100", "joined:1000", "joined:5000" })
    public String grown;

    private RuleSet ruleSet;
    private Requests.Request[] mix;

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup
    public void setUp() {
        BenchSupport.requireQuietLogging();
        String kind = grown.substring(0, grown.indexOf(':'));
        int count = Integer.parseInt(grown.substring(grown.indexOf(':') + 1));
        RuleSource source = GeneratedRules.grow(BenchSupport.read(rulesDir), kind, count);

        // The first build in a fresh JVM (as at start-up), then rebuilds (as a running service rebuilds on an edit).
        long started = System.nanoTime();
        BenchSupport.ruleSet(build(source), source);
        double firstBuildMs = (System.nanoTime() - started) / 1e6;
        long heapBefore = usedHeapAfterGc();
        started = System.nanoTime();
        KieBase kieBase = build(source);
        ruleSet = BenchSupport.ruleSet(kieBase, source);
        double rebuildMs = (System.nanoTime() - started) / 1e6;
        long retained = usedHeapAfterGc() - heapBefore;
        for (int i = 0; i < (count >= 5000 ? 0 : 2); i++) {
            long again = System.nanoTime();
            BenchSupport.ruleSet(build(source), source);
            rebuildMs = Math.min(rebuildMs, (System.nanoTime() - again) / 1e6);
        }

        mix = Requests.mix().toArray(new Requests.Request[0]);
        List<Requests.Request> checked = new ArrayList<>(Requests.mix());
        checked.addAll(Requests.random(20_261_127, count >= 1000 ? 2_000 : 10_000));
        NewSessionEvaluator newSession = new NewSessionEvaluator(kieBase);
        Agreement.require("RuleSet.evaluate and a new session per decision", checked, Agreement::exact, newSession::evaluate,
                ruleSet::evaluate);
        // The generated rules never match: the decisions are the shipped rules' own.
        Agreement.require("the grown DRL and the hand-written shipped rules", checked, Agreement::decided, ruleSet::evaluate,
                HandWrittenRules::evaluate);

        String out = System.getProperty("bench.scale.out");
        if (out != null) {
            String line = String.format(Locale.ROOT, "{\"kind\":\"%s\",\"rules\":%d,\"totalRules\":%d,\"firstBuildMs\":%.1f,"
                    + "\"rebuildMs\":%.1f,\"retainedHeapMiB\":%.2f,\"emptiedByDeletes\":%b}%n", kind, count,
                    ruleSet.ruleNames().size(), firstBuildMs, rebuildMs, retained / 1048576.0, ruleSet.emptiedByDeletes());
            try {
                Files.writeString(Path.of(out), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static KieBase build(RuleSource source) {
        return BenchSupport.compile(source);
    }

    @Benchmark
    public Evaluation drl(Cursor cursor) {
        Requests.Request request = mix[cursor.next++ & (mix.length - 1)];
        return ruleSet.evaluate(request.refundCase(), request.context());
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
