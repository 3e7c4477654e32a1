package io.expressrefund.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages are features that depend on each other one way only: the core decides and knows nothing of HTTP
 * problems' rendering, rule cases need nothing from recording decisions, and nothing depends on the console.
 */
class PackageDependenciesTest {
    private static final String[] RULES_PARTS = {"io.expressrefund.rules.source..", "io.expressrefund.rules.compile..",
        "io.expressrefund.rules.declared..", "io.expressrefund.rules.engine..", "io.expressrefund.rules.cases..",
        "io.expressrefund.rules.diagnostics..", "io.expressrefund.rules.facts.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.expressrefund");
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("io.expressrefund.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void rulesNeedNothingFromDecisions() {
        noClasses().that().resideInAPackage("io.expressrefund.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("io.expressrefund.decision..",
                        "io.expressrefund.strategy..", "io.expressrefund.events..", "io.expressrefund.replay..")
                .check(classes);
    }

    /**
     * The rules feature's parts sit under its service: reading files ({@code source}), compiling them
     * ({@code compile}), declared facts ({@code declared}), deciding ({@code engine}), running cases
     * ({@code cases}), all telling what went wrong and where through {@code diagnostics}.
     */
    @Test
    void rulesPartsNeedNothingFromTheRulesService() {
        noClasses().that().resideInAnyPackage(RULES_PARTS)
                .should().dependOnClassesThat().resideInAPackage("io.expressrefund.rules")
                .check(classes);
    }

    @Test
    void decidingNeedsNoCompilerAndNoCases() {
        noClasses().that().resideInAPackage("io.expressrefund.rules.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.expressrefund.rules.compile..",
                        "io.expressrefund.rules.cases..")
                .check(classes);
    }

    @Test
    void diagnosticsKnowNoOtherPartOfTheRules() {
        noClasses().that().resideInAPackage("io.expressrefund.rules.diagnostics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.expressrefund.rules",
                        "io.expressrefund.rules.source..", "io.expressrefund.rules.compile..",
                        "io.expressrefund.rules.declared..", "io.expressrefund.rules.engine..",
                        "io.expressrefund.rules.cases..")
                .check(classes);
    }

    @Test
    void problemsKnowNoFeature() {
        noClasses().that().resideInAPackage("io.expressrefund.problem..")
                .should().dependOnClassesThat().resideInAnyPackage("io.expressrefund.rules..",
                        "io.expressrefund.decision..", "io.expressrefund.strategy..", "io.expressrefund.events..",
                        "io.expressrefund.replay..", "io.expressrefund.console..")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheConsole() {
        noClasses().that().resideOutsideOfPackage("io.expressrefund.console..")
                .should().dependOnClassesThat().resideInAPackage("io.expressrefund.console..")
                .check(classes);
    }
}
