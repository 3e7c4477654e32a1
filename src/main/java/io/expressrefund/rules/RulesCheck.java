package io.expressrefund.rules;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.platform.JsonCustomizer;
import io.expressrefund.rules.cases.RuleCaseRunner;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSourceReader;

/**
 * Checks a rules folder with no service around it: no database, no port. It compiles the DRL and runs the
 * cases exactly as the service's gate does, and prints each problem as {@code file:line:column: message},
 * the form editors and CI annotate. Exit status: 0 good, 1 refused, 2 usage error. Run it with
 * {@code bin/check-rules [folder]}.
 */
public final class RulesCheck {
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(2);
    private static final String REQUIRE_CASE_PER_RULE = "--require-case-per-rule";

    private RulesCheck() {
    }

    public static void main(String[] args) {
        // Only what is wrong: the libraries' start-up notes would bury the problems.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> given = new ArrayList<>(List.of(args));
        boolean requireCasePerRule = given.remove(REQUIRE_CASE_PER_RULE);
        if (given.size() != 1 || given.get(0).startsWith("-")) {
            err.println("usage: check-rules [" + REQUIRE_CASE_PER_RULE + "] RULES_FOLDER");
            err.println("  compiles the DRL below RULES_FOLDER and runs the cases under RULES_FOLDER/tests;");
            err.println("  exit 0 when the rules are good, 1 when they are refused, 2 on a usage error;");
            err.println("  " + REQUIRE_CASE_PER_RULE + " refuses a rule that no case fires (else a warning)");
            return 2;
        }
        Path folder = Path.of(given.get(0));
        if (!Files.isDirectory(folder)) {
            err.println("check-rules: " + folder + " is not a folder");
            return 2;
        }
        List<RuleProblem> problems;
        RuleSet checked = null;
        RuleSourceReader.Reading reading = RuleSourceReader.read(folder);
        if (reading.source() == null) {
            problems = reading.problems();
        } else {
            RuleBuild.Outcome outcome = new RuleBuild(reading.source(), caseRunner(), DecisionWatchdog.start(DECISION_TIMEOUT),
                    new RuleBuild.Gate(true, requireCasePerRule), Instant.now()).runWithin(BUILD_TIMEOUT, thread -> {
                    });
            problems = outcome.problems();
            checked = outcome.ruleSet();
        }
        for (RuleProblem problem : problems) {
            out.println(place(folder, problem) + ": " + oneLine(problem));
        }
        for (RuleProblem notRead : reading.notRead()) {
            out.println(place(folder, notRead) + ": warning: " + oneLine(notRead));
        }
        if (checked == null) {
            err.println("check-rules: refused, " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
            return 1;
        }
        for (RuleProblem warning : checked.warnings()) {
            boolean untested = warning.kind().equals("RULE_UNTESTED");
            out.println(place(folder, warning) + ": warning: " + oneLine(warning) + (untested ? " (" + REQUIRE_CASE_PER_RULE
                    + " refuses it)" : ""));
        }
        out.println("check-rules: " + folder + " is good: " + checked.ruleNames().size() + " rules, "
                + checked.casesPassed() + " cases passed (version " + checked.version() + ")");
        return 0;
    }

    private static String place(Path folder, RuleProblem problem) {
        StringBuilder where = new StringBuilder(problem.file() == null ? folder.toString()
                : folder.resolve(problem.file()).toString());
        if (problem.line() != null) {
            where.append(':').append(problem.line());
            if (problem.column() != null) {
                where.append(':').append(problem.column());
            }
        }
        return where.toString();
    }

    private static String oneLine(RuleProblem problem) {
        String message = problem.message().replaceAll("\\s*\\n\\s*", " ").strip();
        if (problem.expected() != null) {
            message += " (expected " + problem.expected() + "; got " + problem.actual() + ")";
        }
        return message;
    }

    private static RuleCaseRunner caseRunner() {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        new JsonCustomizer().customize(json);
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
        return new RuleCaseRunner(json, validator);
    }
}
