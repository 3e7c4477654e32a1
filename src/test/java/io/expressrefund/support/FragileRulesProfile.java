package io.expressrefund.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the service on a temporary copy of the real rules that tests break on purpose, with short limits: a
 * decision may take 1 s, a build 8 s.
 */
public class FragileRulesProfile implements QuarkusTestProfile {
    public static final TempRules RULES = TempRules.copyOfRealRules("fragile-rules");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "refund.rules.dir", RULES.folder().toString(),
                "refund.rules.debounce", "200ms",
                "refund.rules.build-timeout", "8s",
                "refund.rules.decision-timeout", "1s");
    }
}
