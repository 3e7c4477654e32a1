package io.expressrefund.rules;

import java.time.Instant;
import java.util.List;

/** The rule set in service and the last candidate that was refused, if any. */
public record RulesStatus(
        String version,
        Instant builtAt,
        String builtBy,
        List<RuleFile> files,
        List<String> rules,
        int casesPassed,
        RuleRejection lastError) {
}
