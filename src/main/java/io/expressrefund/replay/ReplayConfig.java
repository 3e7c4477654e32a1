package io.expressrefund.replay;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "refund.replay")
public interface ReplayConfig {

    /** How many replays run at once on this instance; more wait in line. */
    @WithDefault("1")
    int maxRunning();

    /** How many replays may wait for their turn; one more is refused with 429. */
    @WithDefault("4")
    int maxWaiting();

    /** How long a finished replay and its changes are kept. */
    @WithDefault("1d")
    Duration retention();

    /** How many recorded decisions are read per query. */
    @WithDefault("2000")
    int pageSize();
}
