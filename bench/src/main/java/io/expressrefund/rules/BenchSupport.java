package io.expressrefund.rules;

import java.nio.file.Path;
import java.time.Instant;

import org.kie.api.KieBase;
import org.slf4j.LoggerFactory;

import io.expressrefund.rules.compile.RuleCompiler;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;

/**
 * What the benchmarks need from the service's rules: a rule set built as the service builds it, and the checks that
 * make a measurement trustworthy.
 */
public final class BenchSupport {
    private BenchSupport() {
    }

    public static RuleSource read(String folder) {
        RuleSourceReader.Reading reading = RuleSourceReader.read(Path.of(folder));
        if (reading.source() == null) {
            throw new IllegalStateException("cannot read the rules in " + folder + ": " + reading.problems());
        }
        return reading.source();
    }

    private static final DecisionWatchdog WATCHDOG = DecisionWatchdog.start(java.time.Duration.ofSeconds(2));

    public static KieBase compile(RuleSource source) {
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source);
        if (!compilation.succeeded()) {
            throw new IllegalStateException("the rules do not compile: " + compilation.problems());
        }
        return compilation.kieBase();
    }

    /** The rule set as the service builds it (less the case run, which needs the service's JSON and validator). */
    public static RuleSet ruleSet(KieBase kieBase, RuleSource source) {
        return new RuleSet(kieBase, source, Instant.now(), WATCHDOG);
    }

    /**
     * Outside the Quarkus runtime, the JBoss log manager on the classpath turns every logger to TRACE and makes
     * Drools several times slower. The benchmark classpath has no Quarkus; this makes sure of it.
     */
    public static void requireQuietLogging() {
        String manager = System.getProperty("java.util.logging.manager");
        if (manager != null) {
            throw new IllegalStateException("java.util.logging.manager is set (" + manager + "): unset it for benchmarks");
        }
        try {
            Class.forName("org.jboss.logmanager.LogManager", false, BenchSupport.class.getClassLoader());
            throw new IllegalStateException("the JBoss log manager is on the benchmark classpath");
        } catch (ClassNotFoundException expected) {
            // as it should be
        }
        for (String name : new String[] { "org.drools", "org.kie", "org.drools.core.reteoo", "org.drools.mvel" }) {
            if (LoggerFactory.getLogger(name).isInfoEnabled()) {
                throw new IllegalStateException("logger " + name + " logs at INFO or finer: run with "
                        + "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
            }
        }
    }
}
