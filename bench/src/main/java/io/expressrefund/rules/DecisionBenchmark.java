package io.expressrefund.rules;

import java.util.ArrayList;
import java.util.List;
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
import io.expressrefund.bench.HandWrittenRules;
import io.expressrefund.bench.Requests;
import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;

/**
 * One decision of the 16-request mix through the shipped DRL, three ways, in the same run:
 * <ul>
 * <li>{@code drl}: the service's RuleSet.evaluate as it is (a pooled session per thread of work);</li>
 * <li>{@code drlNewSession}: the first way of the service, a new session and listeners per request;</li>
 * <li>{@code handWritten}: the same rules in plain Java, the floor.</li>
 * </ul>
 * Before measuring, the setup checks that all three decide the mix and 20,000 random requests alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn" })
public class DecisionBenchmark {
    @Param("../rules")
    public String rulesDir;

    private RuleSet ruleSet;
    private NewSessionEvaluator newSession;
    private Requests.Request[] mix;

    @State(Scope.Thread)
    public static class Cursor {
        int next;

        Requests.Request take(Requests.Request[] mix) {
            return mix[next++ & (mix.length - 1)];
        }
    }

    @Setup
    public void setUp() {
        BenchSupport.requireQuietLogging();
        RuleSource source = BenchSupport.read(rulesDir);
        KieBase kieBase = BenchSupport.compile(source);
        ruleSet = BenchSupport.ruleSet(kieBase, source);
        if (!ruleSet.emptiedByDeletes()) {
            throw new IllegalStateException("the shipped rules should be emptied by deletes, not by a session reset");
        }
        newSession = new NewSessionEvaluator(kieBase);
        mix = Requests.mix().toArray(new Requests.Request[0]);
        if (Integer.bitCount(mix.length) != 1) {
            throw new IllegalStateException("the mix must have a power-of-two size");
        }
        List<Requests.Request> checked = new ArrayList<>(Requests.mix());
        checked.addAll(Requests.random(20_261_127, 20_000));
        Agreement.require("RuleSet.evaluate and a new session per decision", checked, Agreement::exact, newSession::evaluate,
                ruleSet::evaluate);
        Agreement.require("the DRL and the hand-written rules", checked, Agreement::decided, ruleSet::evaluate,
                HandWrittenRules::evaluate);
    }

    @Benchmark
    public Evaluation drl(Cursor cursor) {
        Requests.Request request = cursor.take(mix);
        return ruleSet.evaluate(request.refundCase(), request.context());
    }

    @Benchmark
    public Evaluation drlNewSession(Cursor cursor) {
        Requests.Request request = cursor.take(mix);
        return newSession.evaluate(request.refundCase(), request.context());
    }

    @Benchmark
    public Evaluation handWritten(Cursor cursor) {
        Requests.Request request = cursor.take(mix);
        return HandWrittenRules.evaluate(request.refundCase(), request.context());
    }
}
