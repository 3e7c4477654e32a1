package io.expressrefund.decision;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How recorded decisions reach the database: in batches, one transaction and one durable commit each. */
@ConfigMapping(prefix = "refund.recording")
public interface RecordingConfig {

    /**
     * Writer threads per instance. A shop's requests always go to the same writer, so one instance never takes
     * a shop's locks from two transactions at once. Unset: one on H2, two on PostgreSQL (see
     * {@link RecordingWriters#defaultWriters}).
     */
    Optional<Integer> writers();

    /** The most requests one transaction records. */
    @WithDefault("64")
    int maxBatch();

    /** Requests waiting for a writer, per writer; past it, 503 with Retry-After. */
    @WithDefault("2000")
    int queueCapacity();
}
