package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.junit.QuarkusTest;

import io.expressrefund.rules.cases.RuleCaseRunner;
import io.expressrefund.rules.compile.RuleCompiler;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;

/**
 * Runs every rule author's case in {@code rules/tests/} against the real rules, one test each, through the
 * same reader, compiler and runner as production. Adding a JSON file there adds a test here.
 */
@QuarkusTest
class RuleCasesTest {
    @Inject
    RuleCaseRunner runner;

    @TestFactory
    Stream<DynamicTest> everyCaseInRulesTestsPasses() {
        RuleSourceReader.Reading reading = RuleSourceReader.read(Path.of("rules"));
        assertEquals(List.of(), reading.problems());
        RuleSource source = reading.source();
        assertTrue(source.cases().size() >= 10, "rules/tests should hold the authors' cases");
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source);
        assertEquals(List.of(), compilation.problems());
        RuleSet rules = new RuleSet(compilation.kieBase(), source, java.time.Instant.now(), DecisionWatchdog.start(java.time.Duration.ofSeconds(2)));
        return source.cases().entrySet().stream().map(testCase -> DynamicTest.dynamicTest(testCase.getKey(),
                () -> assertEquals(List.of(), runner.run(rules, Map.of(testCase.getKey(), testCase.getValue())))));
    }
}
