package io.expressrefund.rules.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.expressrefund.rules.OfflineCheck;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;

/** An author's likely slips are refused with what to write instead, against the real compiler and rules. */
class CompilerHintsTest {
    private static final RuleSource SHIPPED = RuleSourceReader.read(Path.of("rules")).source();

    @Test
    void theHintsKnowEveryFactClass() {
        // A fact class added to rules.facts and not to the hints would get no "did you mean" and no import line.
        var facts = new com.tngtech.archunit.core.importer.ClassFileImporter()
                .withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.expressrefund.rules.facts");
        assertEquals(new java.util.TreeSet<>(facts.stream().filter(type -> type.isTopLevelClass())
                        .map(com.tngtech.archunit.core.domain.JavaClass::getName).toList()),
                new java.util.TreeSet<>(CompilerHints.FACTS.stream().map(Class::getName).toList()));
    }

    @Test
    void aMisspeltFieldIsRefusedWithTheFieldMeant() {
        assertTrue(only(refused("RefundCase( virtualGoods )", "RefundCase( virtualgoods )"))
                .endsWith(": RefundCase has no field virtualgoods; did you mean virtualGoods?"));
        assertTrue(only(refused("RefundCase( virtualGoods )", "RefundCase( timeSincePaymnt != null )"))
                .endsWith(": RefundCase has no field timeSincePaymnt; did you mean timeSincePayment?"), "a getter's field too");
        String far = only(refused("RefundCase( virtualGoods )", "RefundCase( warehouseCode != null )"));
        assertTrue(far.contains("RefundCase.warehouseCode()") && !far.contains("did you mean"), "nothing offered: " + far);
    }

    @Test
    void aMisspeltEnumConstantIsRefusedWithTheConstantMeant() {
        assertTrue(only(refused("ShippingStatus.UNSHIPPED,", "ShippingStatus.UNSHIPED,"))
                .endsWith(": ShippingStatus has no constant UNSHIPED; did you mean UNSHIPPED?"));
    }

    @Test
    void hoursWrittenAsANumberAreRefusedWithTheDurationToWrite() {
        List<RuleProblem> problems = problemsWith("express/old-rule-window.drl", SHIPPED.drlFiles().get("express/old-rule-window.drl")
                .replace("timeSincePayment > oldRuleRequestWindow()", "timeSincePayment > 6"));
        String message = only(problems);
        assertTrue(message.contains("Found class java.time.Duration and class java.lang.Integer") && message.endsWith(
                "^: the field is a Duration and the value an Integer; write Duration.ofHours(6) (import java.time.Duration)"),
                message);
    }

    @Test
    void aRuleThatSetsAFieldOfTheRequestIsToldItIsNeverChanged() {
        List<RuleProblem> problems = problemsWith("express/mark.drl", """
                package express;
                import io.expressrefund.rules.facts.RefundCase;
                rule "Marks big refunds"
                when
                    $c : RefundCase( paidAmount > 1000B )
                then
                    modify( $c ) { setShopId( "BIG" ) }
                end
                """);
        assertTrue(only(problems).endsWith("The method setShopId(String) is undefined for the type RefundCase: a RefundCase is "
                + "what the caller posted and is never changed; a rule concludes by inserting a fact (Unmet, Approval, or a "
                + "type declared for it)"), problems.toString());
    }

    @Test
    void anAmountComparedWithAnOperatorInJavaIsPlacedAtTheOperatorWithWhatToWrite() {
        List<String> problems = problemsWith("express/big.drl", """
                package express;
                import io.expressrefund.rules.facts.RefundCase;
                rule "Big refunds"
                when
                    $c : RefundCase( paidAmount > 100B )
                    eval( $c.paidAmount() > 300 )
                then
                end
                """).stream().map(RuleProblem::describe).toList();
        assertEquals(List.of("express/big.drl:6:27: Rule Compilation error The operator > is undefined for the argument type(s) "
                + "BigDecimal, int: in Java (an eval or a consequence) a BigDecimal is compared with compareTo, not >; or write "
                + "it as a constraint, where > compares them: RefundCase( paidAmount > 300B )"), problems,
                "at the eval's operator, not the constraint's before it");
    }

    @Test
    void aReasonMadeWithAConstructorItDoesNotHaveIsPlacedAtItWithTheFactoriesToCall() {
        List<String> problems = problemsWith("express/reason.drl", """
                package express;
                import io.expressrefund.rules.facts.RefundCase;
                import io.expressrefund.rules.facts.Unmet;
                rule "A reason of its own"
                when
                    RefundCase( shopId == "CT" )
                then
                    insert( new Unmet( "CT", "A reason." ) );
                end
                """).stream().map(RuleProblem::describe).toList();
        assertEquals(List.of("express/reason.drl:8:17: Rule Compilation error The constructor Unmet(String, String) is undefined: "
                + "make one with Unmet.expressRefund(code, message) or Unmet.strategy(code, message)"), problems);
    }

    @Test
    void aSingleEqualsInAConditionIsRefusedWithTheComparison() {
        assertTrue(only(refused("RefundCase( virtualGoods )", "RefundCase( shopId = \"S-1\" )"))
                .endsWith("mismatched input '=' in rule \"Express refund excludes virtual goods\": a condition compares with =="
                        + " (a single = assigns, in a consequence)"));
    }

    @Test
    void aFactNamedWithoutItsImportInANewPackageIsRefusedWithTheImport() {
        List<String> problems = problemsWith("fresh/fresh-food.drl", """
                package fresh;

                declare ProductFacts
                    category : String
                end

                rule "Express refund excludes fresh food"
                when
                    RefundCase()
                    ProductFact( category == "FRESH" )
                    ProductFacts( categroy == "FRESH" )
                then
                    insert( Unmet.expressRefund( "FRESH_FOOD", "Fresh food is reviewed by the merchant." ) );
                end
                """).stream().map(RuleProblem::describe).toList();

        assertTrue(problems.contains("fresh/fresh-food.drl:9:5: Unable to resolve ObjectType 'RefundCase': add import "
                + "io.expressrefund.rules.facts.RefundCase; to the file (a package names the facts it imports)"), problems.toString());
        assertTrue(problems.contains("fresh/fresh-food.drl:10:5: Unable to resolve ObjectType 'ProductFact': did you mean "
                + "ProductFacts?"), problems.toString());
        assertTrue(problems.stream().anyMatch(problem -> problem.endsWith("ProductFacts has no field categroy; did you mean "
                + "category?")), "a declared type's field: " + problems);
        assertTrue(problems.stream().anyMatch(problem -> problem.endsWith("Unmet cannot be resolved: add import "
                + "io.expressrefund.rules.facts.Unmet; to the file (a package names the facts it imports)")), problems.toString());
    }

    @Test
    void aConsequencesMisspeltMethodIsPlacedAtItsLineWithTheMethodMeantAndARuleWithoutEndIsSaidToLackIt() {
        String probe = """
                package express;

                rule "Probe"
                when
                    RefundCase( shopId == "PROBE" )
                then
                    insert( Unmet.expresRefund( "PROBE", "Probe." ) );
                end
                """;
        assertEquals(List.of("express/probe.drl:7:19: Rule Compilation error The method expresRefund(String, String) is "
                + "undefined for the type Unmet: did you mean Unmet.expressRefund?"),
                problemsWith("express/probe.drl", probe).stream().map(RuleProblem::describe).toList());

        assertTrue(problemsWith("express/probe.drl", probe.replace("end\n", "")).get(0).message()
                .endsWith("mismatched input '<eof>' in rule \"Probe\": the file ends inside a rule (does a rule lack its end?)"));
    }

    @Test
    void aMisspeltFunctionIsPlacedWhereItIsCalledWithTheFunctionMeant() {
        // Found by hand: the condition's error had no line, the consequence's was placed at the condition's call,
        // and neither said which function was meant.
        List<String> problems = refused("maxPaidAmountForExpressRefund()", "maxPaidAmountForExpresRefund()").stream()
                .map(RuleProblem::describe).toList();
        String meant = ": did you mean maxPaidAmountForExpressRefund()? It is a function of package express, in express/policy.drl";
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("express/eligibility.drl:29:17: Unable to Analyse Expression paidAmount > "
                + "maxPaidAmountForExpresRefund()") && problems.get(0).endsWith(meant), problems.get(0));
        assertTrue(problems.get(1).startsWith("express/eligibility.drl:33:15: Rule Compilation error The method "
                + "maxPaidAmountForExpresRefund() is undefined") && problems.get(1).endsWith(meant), problems.get(1));
    }

    @Test
    void aFunctionOfAnotherPackageCalledWithoutItsImportIsRefusedWithTheImport() {
        List<RuleProblem> problems = problemsWith("fresh/fresh.drl", FRESH_CALLING_A_FUNCTION);
        assertTrue(only(problems).endsWith(": maxPaidAmountForExpressRefund() is a function of package express, in "
                + "express/policy.drl, which only the rules of that package call: write this rule in package express (a file "
                + "of any folder may say package express;)"), problems.toString());
        assertEquals(7, problems.get(0).line());
        assertEquals(List.of(), problemsWith("fresh/fresh.drl", FRESH_CALLING_A_FUNCTION.replace("package fresh;",
                "package express;")), "the advice works");
    }

    @Test
    void aDateWrittenAsTextIsRefusedWithTheMomentToWriteAndTheCasesItReachedCounted(@org.junit.jupiter.api.io.TempDir Path folder)
            throws Exception {
        String printed = String.join("\n", OfflineCheck.refusalOf(folder,
                drl -> drl.replace("paidAt < upgradeEffectiveFrom()", "paidAt < \"2023-09-13\""), null));

        assertTrue(printed.contains("(compared from: class java.time.Instant)]: the field is an Instant and the value a String; "
                + "write Moments.instant(\"2023-09-13T00:00+08:00\")"), printed);
        assertTrue(printed.contains(", reached by cases express-refund-when-every-condition-holds.json, "
                + "old-order-after-six-hours-goes-to-review.json, old-order-within-six-hours-qualifies.json and "
                + (SHIPPED.cases().size() - 3) + " more)"), printed);
    }

    private static final String FRESH_CALLING_A_FUNCTION = """
            package fresh;

            import io.expressrefund.rules.facts.RefundCase;

            rule "Fresh over the bound"
            when
                RefundCase( paidAmount > maxPaidAmountForExpressRefund(), shopId == "FRESH" )
            then
            end
            """;

    private static List<RuleProblem> refused(String condition, String written) {
        return problemsWith("express/eligibility.drl", SHIPPED.drlFiles().get("express/eligibility.drl").replace(condition, written));
    }

    /** What the real compiler finds in the shipped rules with {@code file} added or replaced. */
    static List<RuleProblem> problemsWith(String file, String text) {
        TreeMap<String, String> drl = new TreeMap<>(SHIPPED.drlFiles());
        drl.put(file, text);
        return RuleCompiler.compile(new RuleSource(drl, SHIPPED.cases())).problems();
    }

    private static String only(List<RuleProblem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0).message();
    }
}
