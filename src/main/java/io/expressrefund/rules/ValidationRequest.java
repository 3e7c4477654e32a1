package io.expressrefund.rules;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.Map;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.expressrefund.rules.source.RuleFileNames;
import io.expressrefund.rules.source.RuleSource;

/**
 * Rule text to check: DRL files by name and, optionally, cases by name. Without cases, the cases in the rules
 * folder's {@code tests/} are run, so that an author learns whether the change keeps them passing.
 */
@Schema(description = "DRL files by relative name, and optionally cases; without cases the folder's cases run")
public record ValidationRequest(
        @NotEmpty @Size(max = 200) Map<@NotNull @Pattern(regexp = DRL_NAME, message = "must be a relative path ending in .drl") String,
                @NotNull String> files,
        @Size(max = 1000) Map<@NotNull @Pattern(regexp = CASE_NAME, message = "must be a relative path ending in .json") String,
                @NotNull Object> cases) {

    /** {@link RuleFileNames}: a name the folder serves can be posted, and one posted can be served. */
    public static final String DRL_NAME = RuleFileNames.DRL;
    public static final String CASE_NAME = RuleFileNames.CASE;

    public RuleSource toSource(Map<String, String> casesOnDisk) {
        if (cases == null) {
            return new RuleSource(files, casesOnDisk);
        }
        Map<String, String> caseTexts = new java.util.TreeMap<>();
        cases.forEach((name, body) -> caseTexts.put(name, JsonText.of(body)));
        return new RuleSource(files, caseTexts);
    }
}
