package io.expressrefund.strategy;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "refund.strategy")
public interface StrategyConfig {

    /**
     * How long a shop's usage of a platform day is kept; older days are removed in the background. A day a request
     * may still be recorded for ({@code refund.platform.max-request-age}) is always kept, whatever this says.
     */
    @WithDefault("30d")
    Duration usageRetention();
}
