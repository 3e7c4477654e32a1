package io.expressrefund.rules.compile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.expressrefund.rules.diagnostics.RuleProblem;

/**
 * What could leave a rule unreached, over a whole rule set: the rules in an agenda group and what gives groups the
 * focus, the patterns on an entry point and whether a consequence inserts into one.
 */
final class UnreachedRules {
    record GroupedRule(String file, int line, int column, String attribute, String group, boolean autoFocus) {
    }

    private final List<GroupedRule> rules = new ArrayList<>();
    private final List<RuleProblem> entryPoints = new ArrayList<>();
    private boolean focusSet;
    private boolean entryPointFed;

    /** A rule in an agenda or ruleflow group, where its group attribute is written. */
    void grouped(GroupedRule rule) {
        rules.add(rule);
    }

    /** A pattern on an entry point other than the default one, refused unless a consequence inserts into one. */
    void onEntryPoint(RuleProblem pattern) {
        entryPoints.add(pattern);
    }

    /** A consequence gives a group the focus ({@code drools.setFocus}). */
    void focusSet() {
        focusSet = true;
    }

    /** A consequence inserts into an entry point ({@code drools.getEntryPoint}). */
    void entryPointFed() {
        entryPointFed = true;
    }

    void add(UnreachedRules other) {
        rules.addAll(other.rules);
        entryPoints.addAll(other.entryPoints);
        focusSet |= other.focusSet;
        entryPointFed |= other.entryPointFed;
    }

    /** The rules that would never fire: in a group nothing focuses, or matching an entry point nothing feeds. */
    List<RuleProblem> neverFiring() {
        List<RuleProblem> problems = new ArrayList<>(unfocused());
        if (!entryPointFed) {
            problems.addAll(entryPoints);
        }
        return problems;
    }

    private List<RuleProblem> unfocused() {
        if (focusSet) {
            return List.of(); // which group a consequence focuses is up to its code: the cases tell
        }
        Set<String> autoFocused = new HashSet<>();
        rules.stream().filter(GroupedRule::autoFocus).forEach(rule -> autoFocused.add(rule.group()));
        List<RuleProblem> problems = new ArrayList<>();
        for (GroupedRule rule : rules) {
            if (!rule.group().equals("MAIN") && !autoFocused.contains(rule.group())) {
                problems.add(RuleProblem.compileError(rule.file(), rule.line(), rule.column(), rule.attribute()
                        + " \"" + rule.group() + "\" holds this rule back until its group has the focus, and "
                        + "nothing gives it: a decision fires the MAIN group, so this rule would never fire; add "
                        + "auto-focus true to a rule of the group, give the group the focus from a consequence "
                        + "(drools.setFocus), or leave the rule in no group"));
            }
        }
        return problems;
    }
}
