package io.expressrefund.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.expressrefund.rules.diagnostics.RuleProblem;


/** One case of a validated draft: passed, or failed with what it expected and what the rules did. */
public record CaseResult(String name, boolean passed, String message, Object expected, Object actual) {

    /**
     * The cases of a candidate after validation. When a file did not compile, no case ran, and the list is
     * empty (the page says so).
     */
    static List<CaseResult> of(Iterable<String> caseNames, List<RuleProblem> problems) {
        Map<String, RuleProblem> failed = new TreeMap<>();
        for (RuleProblem problem : problems) {
            if ("COMPILE_ERROR".equals(problem.kind()) || "UNREADABLE".equals(problem.kind())) {
                return List.of();
            }
            if (problem.caseName() != null) {
                failed.putIfAbsent(problem.caseName(), problem);
            }
        }
        List<CaseResult> results = new ArrayList<>();
        for (String name : caseNames) {
            RuleProblem problem = failed.get(name);
            results.add(problem == null ? new CaseResult(name, true, null, null, null)
                    : new CaseResult(name, false, problem.message(), problem.expected(), problem.actual()));
        }
        return results;
    }
}
