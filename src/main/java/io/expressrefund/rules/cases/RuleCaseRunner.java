package io.expressrefund.rules.cases;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.expressrefund.problem.FieldViolation;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.problem.JsonProblems;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.Outcome;
import io.expressrefund.rules.engine.RuleFailure;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.facts.DecisionPath;

/** Runs rule authors' cases against a candidate rule set and reports each one that fails. */
@ApplicationScoped
public class RuleCaseRunner {
    private static final int MAX_CASES_NAMED = 3;

    private final ObjectReader caseReader;
    private final Validator validator;

    public RuleCaseRunner(ObjectMapper mapper, Validator validator) {
        // Strict: a misspelt key in a case would otherwise make it pass without testing anything.
        this.caseReader = mapper.readerFor(RuleCase.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.validator = validator;
    }

    /** The outcome, path and reason codes of a decision, as a case states and reports them. */
    public record Result(Outcome outcome, DecisionPath path, List<String> reasons) {
        static Result of(Evaluation evaluation) {
            return new Result(evaluation.approved() ? Outcome.AUTO_REFUND : Outcome.MANUAL_REVIEW,
                    evaluation.approvedBy(),
                    evaluation.reasons().stream().map(unmet -> unmet.code()).sorted().toList());
        }

        /**
         * As the console's replay writes a decision ({@code AUTO_REFUND / EXPRESS_REFUND}), with its reasons: what
         * check-rules and the console's draft show of a failing case, which showed {@code Result[outcome=…, …]}.
         */
        @Override
        public String toString() {
            String shown = outcome + (path == null ? "" : " / " + path);
            return reasons == null || reasons.isEmpty() ? shown : shown + ": " + String.join(", ", reasons);
        }
    }

    /**
     * What running the cases found: every case's problem (none when all passed), and the rules that fired in any
     * case, as {@code package/name} (every firing, not only those a decision lists).
     */
    public record CaseRun(List<RuleProblem> problems, Set<String> firedRules) {
    }

    /** Every case's problem; an empty list means all passed. */
    public List<RuleProblem> run(RuleSet candidate, Map<String, String> cases) {
        return run(candidate, cases, name -> {
        }).problems();
    }

    /**
     * Every case's problem, telling {@code onCase} which case starts, so that a build that runs out of time can
     * name the case that did not finish (it may stop the run by throwing). A rule that fails is one problem at
     * the rule's place in its DRL file, however many cases reach it; the first case that runs out of time ends
     * the run, since every further one could cost as long.
     */
    public CaseRun run(RuleSet candidate, Map<String, String> cases, Consumer<String> onCase) {
        List<RuleProblem> problems = new ArrayList<>();
        Map<RuleFailure, List<String>> failures = new LinkedHashMap<>();
        Set<String> fired = new HashSet<>();
        for (Map.Entry<String, String> ruleCase : cases.entrySet()) {
            String name = ruleCase.getKey();
            onCase.accept(name);
            Object outcome = runOne(candidate, name, ruleCase.getValue(), fired);
            if (outcome instanceof RuleFailure failure) {
                failures.computeIfAbsent(failure, f -> new ArrayList<>()).add(name);
                if (failure.kind() == RuleFailure.Kind.TIMED_OUT) {
                    break;
                }
            } else if (outcome instanceof RuleProblem problem) {
                problems.add(problem);
            }
        }
        failures.forEach((failure, names) -> problems.add(problemOf(failure, names)));
        return new CaseRun(problems, fired);
    }

    /** A rule that failed while deciding cases: at the rule's place, naming the cases that reached it. */
    private static RuleProblem problemOf(RuleFailure failure, List<String> caseNames) {
        String rule = failure.subject();
        String kind = switch (failure.kind()) {
            case THREW -> "RULE_FAILED";
            case LOOPED -> "RULE_LOOPED";
            case TIMED_OUT -> "CASE_TIMED_OUT";
            case APPROVED_TWICE -> "RULES_APPROVED_TWICE";
            case CONCLUDED_NOTHING -> "RULES_CONCLUDED_NOTHING";
        };
        String message = failure.cause() + " (" + rule + ", reached by " + casesNamed(caseNames) + ")";
        String file = failure.file() == null ? "tests/" + caseNames.get(0) : failure.file();
        return new RuleProblem(kind, file, failure.line(), failure.column(), message, caseNames.get(0), null, null);
    }

    /** The cases a failure reached, the first few by name: a failure in a rule every case reaches reached them all. */
    private static String casesNamed(List<String> caseNames) {
        if (caseNames.size() == 1) {
            return "case " + caseNames.get(0);
        }
        if (caseNames.size() <= MAX_CASES_NAMED) {
            return "cases " + String.join(", ", caseNames);
        }
        return "cases " + String.join(", ", caseNames.subList(0, MAX_CASES_NAMED)) + " and " + (caseNames.size() - MAX_CASES_NAMED)
                + " more";
    }

    /** A problem, a rule failure, or null when the case passed; the rules that fired go to {@code fired}. */
    private Object runOne(RuleSet candidate, String name, String json, Set<String> fired) {
        RuleCase ruleCase;
        try {
            ruleCase = caseReader.readValue(json);
        } catch (JsonProcessingException e) {
            return unreadable(name, json, e);
        }
        String invalid = describeViolations(validator.validate(ruleCase));
        if (invalid != null) {
            return RuleProblem.failingCase(name, "is not a valid case: " + invalid, null, null);
        }
        Evaluation evaluation;
        try {
            evaluation = candidate.evaluateCase(ruleCase.request().checked().toFact(), CaseFacts.of(ruleCase, candidate), fired);
        } catch (InvalidRequestException e) {
            return RuleProblem.failingCase(name, "is not a valid case: " + e.violations().stream()
                    .map(violation -> "request." + violation.field() + " " + violation.message())
                    .collect(Collectors.joining("; ")), null, null);
        }
        if (evaluation.failed()) {
            return evaluation.failure();
        }
        Result actual = Result.of(evaluation);
        RuleCase.Expected wanted = ruleCase.expected();
        Result expected = new Result(wanted.outcome(), wanted.path(), wanted.reasonCodes());
        if (expected.equals(actual)) {
            return null;
        }
        String about = ruleCase.description() == null ? "" : " (" + ruleCase.description() + ")";
        return RuleProblem.failingCase(name, "the rules decided otherwise than the case expects" + about, expected, actual);
    }

    /** In the words of a refused request (the field by its path in the case), never Jackson's or a class name. */
    private static RuleProblem unreadable(String name, String json, JsonProcessingException e) {
        FieldViolation violation = JsonProblems.violation(e);
        String field = violation.field().equals("body") ? "" : violation.field() + " ";
        JsonParseException syntax = JsonProblems.syntaxErrorIn(e);
        // The problem's line and column already say where a malformed case stops.
        String message = syntax != null && field.isEmpty() ? "is not valid JSON" + JsonProblems.syntaxWords(syntax)
                : violation.message();
        JsonParseException duplicate = JsonProblems.duplicateIn(e);
        JsonLocation at = duplicate != null ? duplicate.getLocation() : syntax != null ? syntax.getLocation()
                : e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                        ? JsonPlaces.of(json, mapping.getPath()) : e.getLocation();
        boolean located = at != null && at.getLineNr() > 0;
        return RuleProblem.unreadableCase(name, located ? at.getLineNr() : null, located && at.getColumnNr() > 0 ? at.getColumnNr() : null,
                "cannot be read: " + field + message);
    }

    private static String describeViolations(Set<ConstraintViolation<RuleCase>> violations) {
        if (violations.isEmpty()) {
            return null;
        }
        Map<String, String> byField = new LinkedHashMap<>();
        violations.stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .forEach(v -> byField.putIfAbsent(v.getPropertyPath().toString(), v.getMessage()));
        return byField.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; "));
    }
}
