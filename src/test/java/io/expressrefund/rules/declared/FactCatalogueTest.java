package io.expressrefund.rules.declared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.problem.FieldViolation;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.rules.compile.RuleCompiler;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;

/**
 * Posted facts become instances of the declared types with every kind of field a caller may post, written through
 * the declared class's own setters, and read back through Drools' {@link FactType} as the rules see them.
 */
class FactCatalogueTest {
    private static final String DRL = """
            package extra;
            declare enum Storage AMBIENT, FROZEN; end
            declare AllKinds
                text : String
                flag : Boolean
                plainFlag : boolean
                count : Integer
                plainCount : int
                big : Long
                amount : java.math.BigDecimal
                at : java.time.Instant
                local : java.time.OffsetDateTime
                tags : java.util.List
                xRay : String
                storage : Storage
            end
            """;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void everyKindOfFieldIsSetAndReadsBackThroughTheFactTypeApi() throws Exception {
        RuleCompiler.Compilation compilation = compile();
        RuleSet rules = new RuleSet(compilation.kieBase(), source(), Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));
        JsonNode posted = json.readTree("""
                {"text": "FRESH", "flag": true, "plainFlag": true, "count": 3, "plainCount": -4, "big": 9007199254740993,
                 "amount": 120.50, "at": "2025-11-21T11:17:45+08:00", "local": "2025-11-21T11:17:45+08:00",
                 "tags": ["A", "B"], "xRay": "x", "storage": "FROZEN"}
                """);
        List<Object> instances = rules.factTypes().read(Map.of("AllKinds", posted)).instances();

        assertEquals(1, instances.size());
        FactType type = compilation.kieBase().getFactType("extra", "AllKinds");
        Object fact = instances.get(0);
        assertEquals("FRESH", type.get(fact, "text"));
        assertEquals(Boolean.TRUE, type.get(fact, "flag"));
        assertEquals(Boolean.TRUE, type.get(fact, "plainFlag"));
        assertEquals(3, type.get(fact, "count"));
        assertEquals(-4, type.get(fact, "plainCount"));
        assertEquals(9007199254740993L, type.get(fact, "big"));
        assertEquals(0, new BigDecimal("120.50").compareTo((BigDecimal) type.get(fact, "amount")));
        assertEquals(Instant.parse("2025-11-21T03:17:45Z"), type.get(fact, "at"));
        assertEquals(OffsetDateTime.parse("2025-11-21T11:17:45+08:00"), type.get(fact, "local"));
        assertEquals(List.of("A", "B"), type.get(fact, "tags"));
        assertEquals("x", type.get(fact, "xRay"));
        assertEquals("FROZEN", ((Enum<?>) type.get(fact, "storage")).name());
    }

    @Test
    void fieldsLeftOutKeepTheirDefaults() throws Exception {
        RuleCompiler.Compilation compilation = compile();
        RuleSet rules = new RuleSet(compilation.kieBase(), source(), Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));
        Object fact = rules.factTypes().read(Map.of("extra.AllKinds", json.readTree("{\"text\": null}"))).instances().get(0);

        FactType type = compilation.kieBase().getFactType("extra", "AllKinds");
        assertNull(type.get(fact, "text"));
        assertEquals(0, type.get(fact, "plainCount"));
        assertEquals(Boolean.FALSE, type.get(fact, "plainFlag"));
    }

    @Test
    void theCanonicalTextOfAnEnumIsItsConstantsName() throws Exception {
        RuleCompiler.Compilation compilation = compile();
        RuleSet rules = new RuleSet(compilation.kieBase(), source(), Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));

        String canonical = rules.factTypes().read(Map.of("AllKinds", json.readTree("{\"storage\": \"FROZEN\"}"))).canonical();
        assertTrue(canonical.contains("\"storage\":\"FROZEN\","), canonical);
        assertEquals(List.of("extra.AllKinds"), rules.factTypes().describe().stream().map(FactTypeView::qualifiedName).toList());
    }

    @Test
    void aTypePostedUnderItsSimpleAndItsQualifiedNameIsRefusedAtTheQualifiedOneInEitherOrder() throws Exception {
        RuleCompiler.Compilation compilation = compile();
        RuleSet rules = new RuleSet(compilation.kieBase(), source(), Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));
        for (List<String> names : List.of(List.of("AllKinds", "extra.AllKinds"), List.of("extra.AllKinds", "AllKinds"))) {
            Map<String, JsonNode> posted = new java.util.LinkedHashMap<>();
            names.forEach(name -> posted.put(name, json.createObjectNode().put("text", name)));
            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> rules.factTypes().read(posted));
            assertEquals(List.of(new FieldViolation("facts.extra.AllKinds", "names the same type as facts.AllKinds: post it once")),
                    refused.violations(), names.toString());
        }
    }

    @Test
    void aDecimalIsTakenUpTo64DigitsBeforeThePointAnd32AfterIt() throws Exception {
        RuleCompiler.Compilation compilation = compile();
        RuleSet rules = new RuleSet(compilation.kieBase(), source(), Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));
        String integer = "9".repeat(64);
        String fraction = "0." + "0".repeat(31) + "1";
        for (String taken : List.of(integer, "-" + integer, fraction, integer + "." + "9".repeat(32), "1e63", "12.50")) {
            Object fact = rules.factTypes().read(Map.of("AllKinds", json.readTree("{\"amount\": " + taken + "}"))).instances().get(0);
            assertEquals(0, new BigDecimal(taken).compareTo((BigDecimal) compilation.kieBase().getFactType("extra", "AllKinds")
                    .get(fact, "amount")), taken);
        }
        for (String refused : List.of(integer + "9", fraction + "1", "1e64", "1e-33", "1e999999999")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> rules.factTypes().read(Map.of("AllKinds", json.readTree("{\"amount\": " + refused + "}"))));
            assertEquals("facts.AllKinds.amount", e.violations().get(0).field(), refused);
        }
    }

    @Test
    void aRequestPostsAtMostAThousandDeclaredFactsInAll() throws Exception {
        // Found by hand: 15,000 posted items, each matching a rule, failed the decision as "a rule loops".
        RuleSource source = new RuleSource(Map.of("extra/lines.drl", """
                package extra;
                declare OrderLine
                    @repeatable
                    sku : String
                end
                """, "extra/kinds.drl", DRL), Map.of());
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source);
        assertEquals(List.of(), compilation.problems());
        RuleSet rules = new RuleSet(compilation.kieBase(), source, Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));
        JsonNode line = json.readTree("{\"sku\": \"A\"}");

        Map<String, JsonNode> thousand = new java.util.LinkedHashMap<>();
        thousand.put("AllKinds", json.readTree("{\"text\": \"x\"}"));
        thousand.put("OrderLine", json.createArrayNode().addAll(java.util.Collections.nCopies(FactCatalogue.MAX_FACTS - 1, line)));
        assertEquals(FactCatalogue.MAX_FACTS, rules.factTypes().read(thousand).instances().size());

        thousand.put("OrderLine", json.createArrayNode().addAll(java.util.Collections.nCopies(FactCatalogue.MAX_FACTS, line)));
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> rules.factTypes().read(thousand));
        assertEquals(List.of(new FieldViolation("facts.OrderLine", "has 1000 objects: a request posts at most 1000 declared facts in all")),
                refused.violations());
    }

    @Test
    void everyDeclaredFieldIsWrittenThroughTheClassesOwnSetter() {
        FactType type = compile().kieBase().getFactType("extra", "AllKinds");
        for (FactField field : type.getFields()) {
            assertTrue(new DeclaredField(field, type.getFactClass()).hasSetter(), field.getName());
        }
    }

    private static RuleSource source() {
        return new RuleSource(Map.of("extra/kinds.drl", DRL), Map.of());
    }

    private static RuleCompiler.Compilation compile() {
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source());
        assertEquals(List.of(), compilation.problems());
        return compilation;
    }
}
