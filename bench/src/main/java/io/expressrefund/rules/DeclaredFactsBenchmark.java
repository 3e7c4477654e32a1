package io.expressrefund.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/**
 * What declared facts cost one decision, in the same run: the shipped rules as they are ({@code shipped}), the
 * shipped rules plus two files that declare {@code ProductFacts} and a repeatable {@code OrderItem} with a rule
 * each, decided with no declared fact posted ({@code none}), with one ({@code one}: a ProductFacts) and with two
 * ({@code two}: a ProductFacts and an OrderItem). Each measured decision reads the posted facts from their JSON
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

    @Param({ "shipped", "none", "one", "two" })
    public String facts;

    private RuleSet ruleSet;
    private Requests.Request[] mix;
    private Map<String, JsonNode> posted;

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
            drl.put("express/fresh-food.drl", PRODUCT_DRL);
            drl.put("express/gift-items.drl", ITEMS_DRL);
            source = new RuleSource(drl, shipped.cases());
        }
        ruleSet = BenchSupport.ruleSet(BenchSupport.compile(source), source);
        mix = Requests.mix().toArray(new Requests.Request[0]);
        // As the service reads JSON: decimals as BigDecimal, never through a double.
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        posted = switch (facts) {
            case "one" -> Map.of("ProductFacts", json.readTree("{\"category\":\"TOYS\",\"weight\":1.50}"));
            case "two" -> Map.of("ProductFacts", json.readTree("{\"category\":\"TOYS\",\"weight\":1.50}"),
                    "OrderItem", json.readTree("[{\"sku\":\"A-1\",\"quantity\":2,\"gift\":false}]"));
            default -> Map.of();
        };
        // The facts never change a decision of the mix (not fresh food, no gift): every variant decides alike.
        RuleSet plainRules = BenchSupport.ruleSet(BenchSupport.compile(shipped), shipped);
        for (Requests.Request request : mix) {
            Evaluation plain = plainRules.evaluate(request.refundCase(), request.context());
            Evaluation withFacts = decide(request);
            if (plain.approvedBy() != withFacts.approvedBy() || !plain.reasons().equals(withFacts.reasons())) {
                throw new IllegalStateException("declared facts changed a decision of the mix: " + request);
            }
        }
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

    private Evaluation decide(Requests.Request request) {
        FactCatalogue.Facts declared = ruleSet.factTypes().read(posted);
        return ruleSet.evaluate(request.refundCase(), request.context(), declared.instances());
    }
}
