package io.expressrefund.replay;

import java.util.HashMap;
import java.util.Map;

import io.expressrefund.support.PostgresProfile;

/** PostgreSQL, with replays paced by refund.replay.cpu-share as where the idle scheduling class is not allowed. */
public class PacedReplaysOnPostgresProfile extends PostgresProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("refund.replay.idle-scheduling", "false");
        return overrides;
    }
}
