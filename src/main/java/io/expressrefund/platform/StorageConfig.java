package io.expressrefund.platform;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "refund.storage")
public interface StorageConfig {

    /**
     * How long one request may spend in the database, waiting for a connection included (the datasources'
     * acquisition timeout is set to it) and the whole transaction: past it the work is aborted, rolled back, and
     * answered 503 with Retry-After.
     */
    @WithDefault("5s")
    Duration timeout();
}
