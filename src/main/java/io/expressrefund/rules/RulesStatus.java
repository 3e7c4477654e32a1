package io.expressrefund.rules;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.source.RuleFile;

/**
 * The rule set in service, the build in progress if any, and the latest build of the rules folder.
 * {@code lastError} is set only while that latest build was refused.
 */
@Schema(description = "The rule set in service, the build in progress, and the latest build of the rules folder")
public record RulesStatus(
        @Schema(description = "The version in service: a digest of its DRL files and cases", example = "sha256:a96920fccfb2db18") String version,
        Instant builtAt,
        String builtBy,
        List<RuleFile> files,
        List<String> rules,
        @Schema(description = "The cases under tests/ that the rule set in service passed") List<String> cases,
        int casesPassed,
        @Schema(description = "Rules of the rule set in service (package/name) that fired in none of its cases: nothing but "
                + "compiling checked them. Refused instead when refund.rules.require-case-per-rule is on") List<String> rulesNoCaseFires,
        @Schema(description = "The build running now, or null", nullable = true) Building building,
        @Schema(description = "The latest build of the rules folder, or null before the first", nullable = true) Attempt lastAttempt,
        @Schema(description = "The latest build of the folder, while it was refused; null otherwise", nullable = true) RuleRejection lastError,
        @Schema(description = "Build threads that ran out of time, ignoring halt, interrupt and the stop of a stuck decision; each keeps its thread (and a core, if it spins) until the consequence returns") int stuckBuildThreads,
        @Schema(description = "Decisions, of requests or of a build's cases, that ran past twice refund.rules.decision-timeout "
                + "ignoring halt and interrupt and have not returned. Their thread is stopped (refund.rules.stop-stuck-decisions); one whose "
                + "consequence catches even that, or on a JVM that cannot stop threads, holds its thread until the consequence returns") int stuckDecisions,
        @Schema(description = "Rules of the rule set in service whose consequence got stuck in a decision, or was found "
                + "waiting (a sleep, a wait) at the decision limit in 3 decisions (package/name): they are not fired again, and a request that reaches one is a RULE_FAILURE at once, until the rules change") List<String> stuckRules) {

    /** A build in progress: since when, at whose request. */
    public record Building(Instant since, String by) {
    }

    /** The latest build of the rules folder and what came of it. */
    public record Attempt(
            String version,
            @Schema(enumeration = { "activated", "refused", "unchanged" }) String result,
            Instant at,
            String by,
            List<RuleProblem> errors,
            @Schema(description = "Files below the rules folder that look meant as rule files or cases but are not read "
                    + "(a name ending in .DRL or .drl.txt, a .json outside tests/), each with why (kind FILE_NOT_READ); "
                    + "the rules were built without them") List<RuleProblem> filesNotRead) {
    }
}
