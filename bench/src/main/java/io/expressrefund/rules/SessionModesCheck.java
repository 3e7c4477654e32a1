package io.expressrefund.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.expressrefund.bench.Agreement;
import io.expressrefund.bench.Requests;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;

/**
 * Checks that RuleSet's pooled sessions decide exactly as a new session per decision does (path, unmet
 * conditions and fired rules, in order), over the mix and 20,000 random requests decided one after another in
 * the same pooled session, for the shipped rules and for rules that exercise the pool's other paths:
 * <ul>
 * <li>a rule that matches on no fact of the request ({@code not Unmet()}): the session is then reset, not
 * emptied by deletes;</li>
 * <li>a rule that deletes a fact the rules inserted: the trace must not delete it twice.</li>
 * </ul>
 * Run by bench/run.sh before the benchmarks: {@code java -cp ... io.expressrefund.rules.SessionModesCheck RULES_DIR}.
 */
public final class SessionModesCheck {
    private SessionModesCheck() {
    }

    public static void main(String[] args) {
        BenchSupport.requireQuietLogging();
        RuleSource shipped = BenchSupport.read(args.length > 0 ? args[0] : "../rules");
        List<Requests.Request> requests = new ArrayList<>(Requests.mix());
        requests.addAll(Requests.random(7, 20_000));

        check("shipped rules", shipped, requests, true);
        check("with a rule on no fact of the request", with(shipped, """
                package extra;
                import io.expressrefund.rules.facts.Unmet;
                rule "Nothing unmet at all"
                salience -200
                when
                    not Unmet()
                then
                end
                """), requests, false);
        check("with a rule that deletes what rules inserted", with(shipped, """
                package extra;
                import io.expressrefund.rules.facts.Unmet;
                import io.expressrefund.rules.facts.DecisionPath;
                rule "Virtual goods are not a strategy matter"
                salience -50
                when
                    $unmet : Unmet( path == DecisionPath.CUSTOM_STRATEGY, code == "ALREADY_SHIPPED" )
                then
                    delete( $unmet );
                end
                """), requests, true);
        System.out.println("pooled sessions decide exactly as new sessions: all checks passed");
    }

    private static RuleSource with(RuleSource shipped, String drl) {
        Map<String, String> files = new TreeMap<>(shipped.drlFiles());
        files.put("extra/extra.drl", drl);
        return new RuleSource(files, shipped.cases());
    }

    private static void check(String what, RuleSource source, List<Requests.Request> requests, boolean emptiedByDeletes) {
        var kieBase = BenchSupport.compile(source);
        RuleSet ruleSet = BenchSupport.ruleSet(kieBase, source);
        if (ruleSet.emptiedByDeletes() != emptiedByDeletes) {
            throw new IllegalStateException(what + ": expected the session to be emptied by "
                    + (emptiedByDeletes ? "deletes" : "a reset"));
        }
        NewSessionEvaluator newSession = new NewSessionEvaluator(kieBase);
        Agreement.require(what, requests, Agreement::exact, newSession::evaluate, ruleSet::evaluate);
        System.out.println("ok: " + what + " (" + requests.size() + " requests, emptied by "
                + (emptiedByDeletes ? "deletes" : "reset") + ")");
    }
}
