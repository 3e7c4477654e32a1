package io.expressrefund.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Puts a replay's thread in Linux's {@code SCHED_IDLE} scheduling class, where it runs only on CPU time that no
 * other thread wants: a live request that wakes up takes the core from it at once. The JDK has no call for it, so
 * this asks {@code chrt} (util-linux) to do it for the thread's own id; lowering one's own priority needs no
 * privilege. Anywhere else (another OS, no {@code chrt}, a sandbox that refuses) the thread keeps its class and the
 * caller paces the replay instead.
 */
final class IdleScheduling {
    /** {@code SCHED_IDLE} in {@code <sched.h>}, as the 41st field of {@code /proc/…/stat} gives it. */
    static final int SCHED_IDLE = 5;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final int POLICY_FIELD = 41;

    private IdleScheduling() {
    }

    /** Moves the calling thread to {@code SCHED_IDLE}, once; true when it runs there now. */
    static boolean enter() {
        if (currentPolicy() == SCHED_IDLE) {
            return true;
        }
        String threadId = currentThreadId();
        if (threadId == null) {
            return false;
        }
        try {
            Process chrt = new ProcessBuilder("chrt", "--idle", "--pid", "0", threadId)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!chrt.waitFor(5, TimeUnit.SECONDS)) {
                chrt.destroyForcibly();
                return false;
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return currentPolicy() == SCHED_IDLE;
    }

    /** The calling thread's scheduling policy, or -1 where {@code /proc} does not tell. */
    static int currentPolicy() {
        return policyOf(THREAD_SELF);
    }

    /** The scheduling policy of the thread whose {@code /proc} folder this is ({@code /proc/<pid>/task/<tid>}), or -1. */
    static int policyOf(Path threadFolder) {
        try {
            String stat = Files.readString(threadFolder.resolve("stat"));
            // The thread's name, in parentheses, may hold spaces: count the fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.parseInt(fields[POLICY_FIELD - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String currentThreadId() {
        try {
            // /proc/thread-self links to <pid>/task/<tid> of the thread that reads it.
            return Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
