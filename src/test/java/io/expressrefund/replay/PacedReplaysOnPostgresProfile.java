package io.expressrefund.replay;

import java.util.HashMap;
import java.util.Map;

import io.expressrefund.support.PostgresProfile;

/**
 * PostgreSQL, with replays paced by refund.replay.cpu-share as where the idle scheduling class is not allowed, and
 * read in pages of 4 decisions, so that the few decisions a test records take several pages.
 */
public class PacedReplaysOnPostgresProfile extends PostgresProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("refund.replay.idle-scheduling", "false");
        overrides.put("refund.replay.page-size", "4");
        return overrides;
    }
}
