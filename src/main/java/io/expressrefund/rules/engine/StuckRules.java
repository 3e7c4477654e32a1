package io.expressrefund.rules.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kie.api.definition.rule.Rule;

/**
 * The rules of one rule set whose consequence got stuck in a decision (ignoring halt and interrupt past twice the
 * limit), or was found waiting (a sleep, a wait) at the limit in {@link #WAITS_BEFORE_HELD} decisions: they are not
 * fired again while the rule set serves. Each request that reached such a rule would hold a thread (and, stuck, a
 * core) until the watchdog stops it; now the first ones do, and every later one fails at once, as a rule failure at
 * that rule. A change of the rules starts a new rule set, in which the rule fires again; a reload that finds them
 * unchanged keeps this one, and its held rules.
 */
final class StuckRules {
    /**
     * Decisions in which a rule's consequence is found waiting at the limit before it is held back. Found by hand: a
     * rule that slept on inputs no case covered cost each request that reached it a worker thread for the whole
     * limit, however many came; a stuck rule was held back at once. A wait is the rule's own doing (a loaded machine
     * or a collection shows a running thread, never a waiting one), but a few are allowed, for a rule that waits on
     * some inputs only.
     */
    static final int WAITS_BEFORE_HELD = 3;
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

    /** Decisions in which each rule was found waiting at the limit, and the rules held back for it. */
    private final Map<Rule, Integer> waits = new HashMap<>();
    private final Set<Rule> heldForWaiting = new HashSet<>();

    /** A decision found {@code rule}'s consequence waiting at the limit; true when that holds the rule back. */
    synchronized boolean waitedPastLimit(Rule rule) {
        if (waits.merge(rule, 1, Integer::sum) < WAITS_BEFORE_HELD || holds(rules, rule)) {
            return false;
        }
        heldForWaiting.add(rule);
        add(rule);
        return true;
    }

    /** Why {@code rule} is held back: found waiting, or stuck, at the decision time {@code limit}. */
    synchronized String whyHeld(Rule rule, Duration limit) {
        return heldForWaiting.contains(rule)
                ? "the rule's consequence was found waiting (a sleep or a wait) at the " + limit.toMillis() + " ms limit in "
                        + WAITS_BEFORE_HELD + " earlier decisions"
                : "the rule got stuck in an earlier decision (its consequence ignored halt and interrupt for twice the "
                        + limit.toMillis() + " ms limit)";
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
