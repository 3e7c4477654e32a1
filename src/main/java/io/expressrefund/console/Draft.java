package io.expressrefund.console;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.expressrefund.rules.ValidationRequest;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;


/**
 * One file of the rules folder as an operator changes it: a DRL file ({@code express/eligibility.drl}) or a
 * case ({@code tests/some-case.json}). The candidate is the folder with this one file replaced or added.
 */
public record Draft(String name, String text) {
    private static final Pattern DRL = Pattern.compile(ValidationRequest.DRL_NAME);
    private static final Pattern CASE = Pattern.compile(RuleSourceReader.CASES_FOLDER + "/" + ValidationRequest.CASE_NAME);

    /** Refuses a name outside the rules folder or of a kind the rules do not read. */
    public Draft checked() {
        if (name == null || !(DRL.matcher(name).matches() || CASE.matcher(name).matches())) {
            throw new ConsoleException(400, "A draft's name is a relative path ending in .drl, or tests/<name>.json for a case: "
                    + (name == null || name.isBlank() ? "(none)" : name));
        }
        return this;
    }

    boolean isCase() {
        return name.startsWith(RuleSourceReader.CASES_FOLDER + "/");
    }

    String caseName() {
        return name.substring(RuleSourceReader.CASES_FOLDER.length() + 1);
    }

    /** The folder with this draft in place of (or next to) its files. */
    RuleSource candidate(RuleSource folder) {
        Map<String, String> drl = new TreeMap<>(folder.drlFiles());
        Map<String, String> cases = new TreeMap<>(folder.cases());
        if (isCase()) {
            cases.put(caseName(), text);
        } else {
            drl.put(name, text);
        }
        return new RuleSource(drl, cases);
    }

    /** Which problems fall on this file, by line, for the editor's gutter. */
    Set<Integer> problemLines(List<RuleProblem> problems) {
        Set<Integer> lines = new HashSet<>();
        for (RuleProblem problem : problems) {
            if (name.equals(problem.file()) && problem.line() != null) {
                lines.add(problem.line());
            }
        }
        return lines;
    }

    /** The draft's lines, numbered from 1, marked where a problem is. */
    List<Line> lines(List<RuleProblem> problems) {
        Set<Integer> marked = problemLines(problems);
        String[] texts = text.split("\n", -1);
        List<Line> lines = new java.util.ArrayList<>(texts.length);
        for (int i = 0; i < texts.length; i++) {
            lines.add(new Line(i + 1, texts[i], marked.contains(i + 1)));
        }
        return lines;
    }
}
