package io.expressrefund.rules;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The rule set in service and the last candidate that was refused, if any. */
@Schema(description = "The rule set in service and the last refused candidate")
public record RulesStatus(
        String version,
        Instant builtAt,
        String builtBy,
        List<RuleFile> files,
        List<String> rules,
        int casesPassed,
        RuleRejection lastError) {
}
