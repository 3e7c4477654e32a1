package io.expressrefund.rules;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "refund.rules")
public interface RulesConfig {

    /** The folder the DRL files (and their cases under {@code tests/}) are read from, relative to the working directory. */
    @WithDefault("rules")
    Path dir();

    /** Whether edits to the rules folder are picked up by themselves, with no call and no restart. */
    @WithDefault("true")
    boolean watch();

    /** How long the folder must stay quiet after a change before the rules are rebuilt, so that one save gives one rebuild. */
    @WithDefault("500ms")
    Duration debounce();

    /** How long compiling a candidate and running its cases may take before the candidate is refused. */
    @WithDefault("10s")
    Duration buildTimeout();

    /** How long the rules may take to decide one request before they are halted and the request goes to review. */
    @WithDefault("2s")
    Duration decisionTimeout();

    /**
     * Whether a decision that ignores halt and interrupt for twice {@link #decisionTimeout()} (a consequence in a busy
     * loop) has its thread stopped, where the JVM can (up to Java 19); false leaves it busy until it returns, if ever.
     */
    @WithDefault("true")
    boolean stopStuckDecisions();

    /**
     * Whether an instance that starts on a rules folder that is refused serves the rule set last activated (kept in
     * the database) until the folder is fixed, as the running instances do; false, or none kept, exits with status 1.
     */
    @WithDefault("true")
    boolean startOnLastGood();

    /** Whether a rule set must bring at least one case under {@code tests/}; false is unsafe: nothing checks a change. */
    @WithDefault("true")
    boolean requireCases();

    /**
     * Whether every rule must fire in at least one case: a rule that no case fires is then refused, at its place;
     * off, it is only listed ({@code rulesNoCaseFires}) and logged.
     */
    @WithDefault("false")
    boolean requireCasePerRule();
}
