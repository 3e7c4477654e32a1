package io.expressrefund.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "refund.events")
public interface EventsConfig {

    /** How long events are kept for ERPs to read; older ones are removed in the background. */
    @WithDefault("30d")
    Duration retention();

    /**
     * How often the instance's one poller looks at the database for events committed by other instances, for all
     * its waiting long-polls and streams at once. Events this instance commits wake their waiters at once.
     */
    @WithDefault("250ms")
    Duration pollInterval();

    /** Long-polls and streams one caller may have waiting at once on this instance; beyond it, 429. */
    @WithDefault("20")
    int maxWaitingPerCaller();

    /** Long-polls and streams this instance holds at once; beyond it, 429. Each holds a socket, no thread. */
    @WithDefault("10000")
    int maxWaiting();

    /** The {@code Retry-After} given with a 429 for too many waiting requests. */
    @WithDefault("5s")
    Duration retryAfter();

    /** How often an idle stream sends a heartbeat comment, so that proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();
}
