package io.expressrefund.rules;

import java.util.Arrays;
import java.util.List;

import org.kie.api.definition.rule.Rule;

/**
 * The rules of one rule set whose consequence got stuck in a decision (ignoring halt and interrupt past twice the
 * limit): they are not fired again while the rule set serves. Each request that reached such a rule would hold a
 * thread and a core until the watchdog stops it, seconds later; now the first one does, and every later one fails
 * at once, as a rule failure at that rule. A change of the rules starts a new rule set, in which the rule fires
 * again; a reload that finds them unchanged keeps this one, and its held rules.
 */
final class StuckRules {
    private static final Rule[] NONE = new Rule[0];

    /** Read once per decision: an array, empty but for a stuck rule, costs a length check per firing. */
    private volatile Rule[] rules = NONE;

    /** The rules held now, read once per decision: a rule found stuck meanwhile is held from the next one on. */
    Rule[] now() {
        return rules;
    }

    /** Whether {@code rule} is among {@code held} (as {@link #now()} gave them). */
    static boolean holds(Rule[] held, Rule rule) {
        for (Rule stuck : held) {
            if (stuck == rule) {
                return true;
            }
        }
        return false;
    }

    synchronized void add(Rule rule) {
        if (!holds(rules, rule)) {
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
