package io.expressrefund.rules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Where the rules, types and functions of DRL text are written, whatever script their names are in. */
class RuleLocatorTest {
    private static final String FRESH = """
            package 生鲜;

            declare 商品
                类目 : String
            end

            function boolean 是生鲜(String 类目) {
                return "生鲜".equals(类目);
            }

            rule "生鲜商品不极速退款"
            when
                商品( 是生鲜(类目) )
            then
            end
            """;

    @Test
    void namesInAnyScriptAreFoundWhereTheyAreWritten() {
        // Found by hand: GET /rules/fact-types gave "file": null for a type of package 生鲜, whose name \w did not match.
        RuleLocator locator = new RuleLocator(Map.of("生鲜/规则.drl", FRESH));

        assertEquals("生鲜/规则.drl", locator.declaringFile("生鲜", "商品"));
        RuleLocator.Location rule = locator.rule("生鲜/生鲜商品不极速退款");
        assertEquals("生鲜/规则.drl:11", rule.describe());
        RuleLocator.Location function = locator.function(new StackTraceElement("生鲜.是生鲜", "是生鲜", null, 1));
        assertEquals("生鲜/规则.drl:7:18", function.describe());
        assertEquals(java.util.Set.of("类目"), locator.declaredFields("生鲜.商品"));
    }

    @Test
    void declaredFieldsAreReadOnTheirOwnLinesOrAfterTheTypesNameAndAnEnumIsFoundByItsName() {
        RuleLocator locator = new RuleLocator(Map.of("extra/items.drl", """
                package extra;

                declare OrderItem @repeatable sku : String gift : Boolean end
                declare enum Storage AMBIENT, FROZEN; end
                declare ProductFacts
                    category : String = "NONE"
                    storage : Storage
                end
                """));

        assertEquals(java.util.Set.of("sku", "gift"), locator.declaredFields("extra.OrderItem"));
        assertEquals(java.util.Set.of("category", "storage"), locator.declaredFields("extra.ProductFacts"));
        assertEquals("extra/items.drl", locator.declaringFile("extra", "Storage"));
    }
}
