package io.expressrefund.rules;

import java.util.Arrays;
import java.util.List;

import org.kie.api.definition.rule.Rule;

/**
 * The rules of one rule set whose consequence got stuck in a decision (ignoring halt and interrupt past twice the
 * limit): they are not fired again while the rule set serves. Each request that reached such a rule would hold a
 * thread and a core until the watchdog stops it, seconds later; now the first one does, and every later one fails
 * at once, as a rule failure at that rule. A rules change (any edit, or a reload) starts a new rule set, in which
 * the rule fires again.
 */
final class StuckRules {
    private static final Rule[] NONE = new Rule[0];

    /** Read at every firing: an array, empty but for a stuck rule, costs one read and a length check. */
    private volatile Rule[] rules = NONE;

    /** Whether the rule got stuck in an earlier decision of this rule set. */
    boolean holds(Rule rule) {
        Rule[] stuck = rules;
        for (Rule held : stuck) {
            if (held == rule) {
                return true;
            }
        }
        return false;
    }

    synchronized void add(Rule rule) {
        if (!holds(rule)) {
            Rule[] more = Arrays.copyOf(rules, rules.length + 1);
            more[rules.length] = rule;
            rules = more;
        }
    }

    /** The rules held, as {@code package/name}. */
    List<String> names() {
        return Arrays.stream(rules).map(rule -> rule.getPackageName() + "/" + rule.getName()).sorted().toList();
    }
}
