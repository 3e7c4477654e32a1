package io.expressrefund.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdleSchedulingTest {

    /** Whether this machine can move threads to SCHED_IDLE: Linux, with chrt (util-linux). */
    static boolean available() {
        return Files.isDirectory(Path.of("/proc/thread-self"))
                && (Files.isExecutable(Path.of("/usr/bin/chrt")) || Files.isExecutable(Path.of("/bin/chrt")));
    }

    @BeforeAll
    static void onLinuxWithChrt() {
        assumeTrue(available(), "needs Linux and chrt (util-linux)");
    }

    @Test
    void aThreadMovesToTheIdleClassAndTheOthersStayWhereTheyWere() throws Exception {
        int before = IdleScheduling.currentPolicy();
        assertNotEquals(IdleScheduling.SCHED_IDLE, before, "a test thread starts in the normal class");

        CompletableFuture<int[]> moved = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            boolean entered = IdleScheduling.enter();
            boolean again = IdleScheduling.enter();
            moved.complete(new int[] { entered ? 1 : 0, again ? 1 : 0, IdleScheduling.currentPolicy() });
        }, "idle-scheduling-test");
        thread.start();
        int[] result = moved.get(10, TimeUnit.SECONDS);

        assertEquals(1, result[0], "the thread entered the idle class");
        assertEquals(1, result[1], "entering again is a no-op that still says yes");
        assertEquals(IdleScheduling.SCHED_IDLE, result[2]);
        assertEquals(before, IdleScheduling.currentPolicy(), "only the thread that asked moved");
    }
}
