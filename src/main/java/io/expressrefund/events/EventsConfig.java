package io.expressrefund.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "refund.events")
public interface EventsConfig {

    /** How long events are kept for ERPs to read; older ones are removed in the background. */
    @WithDefault("30d")
    Duration retention();

    /** How often a waiting long-poll or stream looks at the database for events of other instances. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** How often an idle stream sends a heartbeat comment, so that proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();
}
