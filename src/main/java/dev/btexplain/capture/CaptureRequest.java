package dev.btexplain.capture;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What to capture: a live process (pid) or a core file (with its executable when known).
 *
 * @param pid      the process to attach to, null for a core
 * @param core     the core file, null for a live process
 * @param exe      the executable of the core; null: the one the core names
 * @param samples  how many listings to take of a live process
 * @param interval time between them
 * @param full     "thread apply all bt full" (locals) instead of "thread apply all bt"
 * @param timeout  the longest one gdb run may take before it is stopped
 * @param saveDir  where to keep gdb's raw output of every sample, null for nowhere
 * @param gdb      the gdb program to run
 */
public record CaptureRequest(Long pid, Path core, Path exe, int samples, Duration interval, boolean full,
                             Duration timeout, Path saveDir, String gdb) {
    /** The most listings one capture takes. */
    public static final int MAX_SAMPLES = 100;
}
