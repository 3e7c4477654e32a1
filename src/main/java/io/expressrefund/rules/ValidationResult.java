package io.expressrefund.rules;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.List;

import io.expressrefund.rules.diagnostics.RuleProblem;

/** A candidate that compiled and passed its cases. */
@Schema(description = "A candidate that compiled and passed its cases")
public record ValidationResult(boolean valid, String version, List<String> rules, int casesPassed,
        @Schema(description = "Rules (package/name) that fired in none of the cases: nothing but compiling checked them. "
                + "Refused instead when refund.rules.require-case-per-rule is on") List<String> rulesNoCaseFires,
        @Schema(description = "What passed but deserves a look, each at its file and line: a rule no case fires "
                + "(RULE_UNTESTED), a declared field of a type no request can post (FIELD_NOT_POSTABLE)") List<RuleProblem> warnings) {
}
