package io.expressrefund.rules;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.Map;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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

    /**
     * A folder's name, or a file's less its ending: letters of any script, digits, marks, {@code _ -}, and inside it
     * spaces and dots. Found by hand: a file the folder served ({@code 生鲜/生鲜 规则.drl}) could be neither posted nor
     * opened in the console. A part may not start with a dot: the folder passes such hidden files over, so one saved
     * from the console would never have gone live.
     */
    private static final String PART = "[\\p{L}\\p{N}_\\-][\\p{L}\\p{M}\\p{N}_\\- .]*";
    private static final String PATH = "(?!.*\\.\\.)(?=.{1,200}\\.[a-z]{3,4}$)(?:" + PART + "/)*" + PART;
    public static final String DRL_NAME = PATH + "\\.drl";
    public static final String CASE_NAME = PATH + "\\.json";

    public RuleSource toSource(Map<String, String> casesOnDisk) {
        if (cases == null) {
            return new RuleSource(files, casesOnDisk);
        }
        Map<String, String> caseTexts = new java.util.TreeMap<>();
        cases.forEach((name, body) -> caseTexts.put(name, JsonText.of(body)));
        return new RuleSource(files, caseTexts);
    }
}
