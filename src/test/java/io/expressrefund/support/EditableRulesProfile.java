package io.expressrefund.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Runs the service on a temporary copy of the real rules that tests edit while it runs. */
public class EditableRulesProfile implements QuarkusTestProfile {
    public static final TempRules RULES = TempRules.copyOfRealRules("editable-rules");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "refund.rules.dir", RULES.folder().toString(),
                "refund.rules.debounce", "200ms");
    }
}
