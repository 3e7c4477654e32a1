package io.expressrefund.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.bench.Requests;
import io.expressrefund.rules.declared.FactCatalogue;
import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;

/**
 * What declared facts cost one decision, in the same run: the shipped rules as they are ({@code shipped}), the
 * shipped rules plus two files that declare {@code ProductFacts} and a repeatable {@code OrderItem} with a rule
 * each, decided with no declared fact posted ({@code none}), with one ({@code one}: a ProductFacts) and with two
 * ({@code two}: a ProductFacts and an OrderItem). With {@code -p facts=item}, only an OrderItem, to tell each fact's
 * share of {@code two}. With {@code -p facts=interleaved}, the iterations of one fork take turns with no, one and two
 * facts (none, one, two, none, …; warm-up iterations included, so run a multiple of three of them), so that the
 * three are compared on the same compiled code, iteration by iteration ({@code declared-facts-interleaved.sh}). Each
 * measured decision makes the request's facts (see {@link #requestFacts}) and reads the posted facts from their JSON
 * tree through the rule set's FactCatalogue, as the service does, then decides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn" })
public class DeclaredFactsBenchmark {
    static final String PRODUCT_DRL = """
            package express;
            import io.expressrefund.rules.facts.RefundCase;
            import io.expressrefund.rules.facts.Unmet;
            declare ProductFacts
                category : String
                weight : java.math.BigDecimal
            end
            rule "Express refund excludes fresh food"
            when
                RefundCase()
                ProductFacts( category == "FRESH" )
            then
                insert( Unmet.expressRefund( "FRESH_FOOD", "Fresh food is reviewed by the merchant." ) );
            end
            """;
    static final String ITEMS_DRL = """
            package express;
            import io.expressrefund.rules.facts.RefundCase;
            import io.expressrefund.rules.facts.Unmet;
            declare OrderItem
                @repeatable
                sku : String
                quantity : Integer
                gift : Boolean
            end
            rule "Express refund excludes orders with a gift item"
            when
                RefundCase()
                exists OrderItem( gift == true )
            then
                insert( Unmet.expressRefund( "GIFT_ITEM", "Orders with a gift item are reviewed by the merchant." ) );
            end
            """;

    @Param("../rules")
    public String rulesDir;

    @Param({ "shipped", "none", "one", "two", "interleaved" })
    public String facts;

    /**
     * What the JVM decides before JMH's own warm-up: {@code alone}, only this variant's requests, so a JVM that
     * measures {@code none} has never seen a declared fact and its JIT has compiled the engine for the request's
     * facts only; {@code mixed}, first {@value #MIXED_WARMUP_SECONDS} s of requests with no, one and two declared
     * facts in turn, as a service whose callers post facts sees them, so that every variant is measured on the same
     * compiled code. For {@code shipped} (no declared type) both are the same.
     */
    @Param({ "alone", "mixed" })
    public String warmup;

    static final int MIXED_WARMUP_SECONDS = 10;

    /**
     * How the two rules on declared facts are written: {@code joined}, with a {@code RefundCase()} pattern before
     * the one on the declared fact, as the README's walk-through writes it (every decision holds a RefundCase, so
     * the rule also joins the request); {@code alone}, the pattern on the declared fact only.
     */
    @Param({ "joined", "alone" })
    public String conditions;

    /**
     * Whether each decision makes the request's own facts anew ({@code each}: a new {@code RefundCase}, and a new
     * {@code ShopStrategy} where the shop has one, as the service makes them from every request it is posted), or
     * decides the mix's facts made once ({@code reused}, the measure of the runs up to 2026-12-07). With
     * {@code reused}, only the declared facts are new objects, so only they pay what the engine does the first time
     * it stores an object (its identity hash), which the service pays for the request's facts too.
     */
    @Param({ "each", "reused" })
    public String requestFacts;

    private RuleSet ruleSet;
    private Requests.Request[] mix;
    private Map<String, JsonNode> posted;
    private List<Map<String, JsonNode>> turns;
    private int iteration;

    @State(Scope.Thread)
    public static class Cursor {
        int next;

        Requests.Request take(Requests.Request[] mix) {
            return mix[next++ & (mix.length - 1)];
        }
    }

    @Setup
    public void setUp() throws Exception {
        BenchSupport.requireQuietLogging();
        RuleSource shipped = BenchSupport.read(rulesDir);
        RuleSource source = shipped;
        if (!facts.equals("shipped")) {
            Map<String, String> drl = new HashMap<>(shipped.drlFiles());
            drl.put("express/fresh-food.drl", shaped(PRODUCT_DRL));
            drl.put("express/gift-items.drl", shaped(ITEMS_DRL));
            source = new RuleSource(drl, shipped.cases());
        }
        ruleSet = BenchSupport.ruleSet(BenchSupport.compile(source), source);
        mix = Requests.mix().toArray(new Requests.Request[0]);
        // As the service reads JSON: decimals as BigDecimal, never through a double.
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        turns = facts.equals("interleaved") ? List.of(posted("none", json), posted("one", json), posted("two", json))
                : List.of(posted(facts, json));
        // The facts never change a decision of the mix (not fresh food, no gift): every variant decides alike.
        RuleSet plainRules = BenchSupport.ruleSet(BenchSupport.compile(shipped), shipped);
        for (Map<String, JsonNode> turn : turns) {
            posted = turn;
            for (Requests.Request request : mix) {
                Evaluation plain = plainRules.evaluate(request.refundCase(), request.context());
                Evaluation withFacts = decide(request);
                if (plain.approvedBy() != withFacts.approvedBy() || !plain.reasons().equals(withFacts.reasons())) {
                    throw new IllegalStateException("declared facts changed a decision of the mix: " + request);
                }
            }
        }
        if (warmup.equals("mixed") && !facts.equals("shipped")) {
            warmUpOnMixedTraffic(json);
        }
    }

    private String shaped(String drl) {
        return conditions.equals("joined") ? drl : drl.replace("    RefundCase()\n", "");
    }

    private static Map<String, JsonNode> posted(String facts, ObjectMapper json) throws Exception {
        return switch (facts) {
            case "one" -> Map.of("ProductFacts", json.readTree("{\"category\":\"TOYS\",\"weight\":1.50}"));
            case "two" -> Map.of("ProductFacts", json.readTree("{\"category\":\"TOYS\",\"weight\":1.50}"),
                    "OrderItem", json.readTree("[{\"sku\":\"A-1\",\"quantity\":2,\"gift\":false}]"));
            case "item" -> Map.of("OrderItem", json.readTree("[{\"sku\":\"A-1\",\"quantity\":2,\"gift\":false}]"));
            default -> Map.of();
        };
    }

    /** Decides the mix with no, one and two declared facts in turn (see {@link #warmup}). */
    private void warmUpOnMixedTraffic(ObjectMapper json) throws Exception {
        List<Map<String, JsonNode>> kinds = List.of(posted("none", json), posted("one", json), posted("two", json));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(MIXED_WARMUP_SECONDS);
        Object last = null;
        for (int i = 0; System.nanoTime() < until; i++) {
            Requests.Request request = made(mix[i & (mix.length - 1)]);
            FactCatalogue.Facts declared = ruleSet.factTypes().read(kinds.get(i % kinds.size()));
            last = ruleSet.evaluate(request.refundCase(), request.context(), declared.instances());
        }
        if (last == null) {
            throw new IllegalStateException("the mixed warm-up decided nothing");
        }
    }

    /** The facts this iteration posts: always the same, or the next turn when {@code interleaved}. */
    @Setup(Level.Iteration)
    public void nextTurn() {
        posted = turns.get(iteration++ % turns.size());
    }

    @Benchmark
    public Evaluation decide(Cursor cursor) {
        return decide(cursor.take(mix));
    }

    /** Only reading the posted facts into instances, to tell its share of the cost from the engine's. */
    @Benchmark
    public FactCatalogue.Facts readOnly() {
        return ruleSet.factTypes().read(posted);
    }

    private Requests.Request made(Requests.Request mixed) {
        return requestFacts.equals("each") ? mixed.madeAnew() : mixed;
    }

    private Evaluation decide(Requests.Request mixed) {
        Requests.Request request = made(mixed);
        FactCatalogue.Facts declared = ruleSet.factTypes().read(posted);
        return ruleSet.evaluate(request.refundCase(), request.context(), declared.instances());
    }
}
