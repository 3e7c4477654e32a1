package io.expressrefund.platform;

import java.time.Duration;
import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "refund.platform")
public interface PlatformConfig {

    /** The platform's time zone: its calendar day is the day of a strategy's daily limit. */
    @WithDefault("Asia/Shanghai")
    ZoneId zone();

    /** How far in the future a request's requestedAt may lie (callers' clocks drift) before it is refused. */
    @WithDefault("5m")
    Duration maxClockSkew();

    /**
     * How old a request's requestedAt may be when it is recorded: a decision belongs to the day it is made, and a
     * backdated request must not be counted against a day whose limit was already used up.
     */
    @WithDefault("P1D")
    Duration maxRequestAge();
}
