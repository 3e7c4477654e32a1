package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.expressrefund.rules.compile.RuleCompiler;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;

/** A declared field no request can post is named where it is declared, with the type to declare instead. */
class UnpostableFieldsTest {
    static final String PRODUCT_FACTS = """
            package fresh;

            declare ProductFacts
                category : String
                weight : double
                packedOn : java.time.LocalDate
                attrs : java.util.Map
                grams : int
            end
            """;

    @Test
    void eachFieldNoRequestCanPostIsAWarningAtItsDeclaration() {
        RuleSource shipped = RuleSourceReader.read(Path.of("rules")).source();
        TreeMap<String, String> drl = new TreeMap<>(shipped.drlFiles());
        drl.put("fresh/product.drl", PRODUCT_FACTS);
        RuleSource source = new RuleSource(drl, shipped.cases());
        RuleCompiler.Compilation compilation = RuleCompiler.compile(source);
        assertEquals(List.of(), compilation.problems());

        RuleSet rules = new RuleSet(compilation.kieBase(), source, Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));

        assertEquals(List.of(
                "fresh/product.drl:7:5: the field attrs of ProductFacts is a Map, which no request can post (one that does is "
                        + "refused): declare it String, Boolean, Integer, Long, BigDecimal, Instant, OffsetDateTime or "
                        + "List<String>, unless only rules set it",
                "fresh/product.drl:6:5: the field packedOn of ProductFacts is a LocalDate, which no request can post (one that "
                        + "does is refused): declare it Instant or OffsetDateTime (a moment with its offset), unless only "
                        + "rules set it",
                "fresh/product.drl:5:5: the field weight of ProductFacts is a double, which no request can post (one that does "
                        + "is refused): declare it BigDecimal (exact, as amounts are), unless only rules set it"),
                rules.unpostableFields().stream().map(RuleProblem::describe).toList());
        assertEquals(List.of("FIELD_NOT_POSTABLE"), rules.warnings().stream().map(RuleProblem::kind).distinct().toList());
    }
}
