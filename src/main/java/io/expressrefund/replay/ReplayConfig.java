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

    /**
     * Whether replays run in Linux's {@code SCHED_IDLE} scheduling class, on the CPU time live requests leave, at
     * full speed and with no pacing. Where the OS does not allow it, a replay falls back to {@link #cpuShare()}.
     */
    @WithDefault("true")
    boolean idleScheduling();

    /**
     * The share of one core a replay may take (0.1 to 1) when it does not run in the idle scheduling class: below
     * 1 it works in slices of 10 ms and rests between them, trading its speed for live requests' latency. The
     * default, 0.6, kept {@code /evaluate}'s p99 near 10 ms beside a replay on 2 cores under a light load; at half
     * the warm peak it does not (bench/README.md, "Replay").
     */
    @WithDefault("0.6")
    double cpuShare();

    /** How many recorded decisions are read per query. */
    @WithDefault("2000")
    int pageSize();
}
