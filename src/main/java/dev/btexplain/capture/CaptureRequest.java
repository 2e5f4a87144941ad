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
 * @param runtimeDump the command that prints the live process's runtime's own dump of its threads (a JVM's jstack),
 *                 run before each sample while the process is not stopped; {@code {pid}} and {@code {exe_dir}} (the
 *                 folder of its executable) are filled in; empty for none
 * @param runtimeInGdb gdb commands that print the runtime's own view of each thread in the same gdb session, after the
 *                 listing (CPython's py-bt), and what to do when they print nothing (null: say nothing); null for none
 */
public record CaptureRequest(Long pid, Path core, Path exe, int samples, Duration interval, boolean full,
                             Duration timeout, Path saveDir, String gdb, java.util.List<String> runtimeDump, RuntimeInGdb runtimeInGdb) {
    /** gdb commands that print a runtime's view of each thread, and what the capture's note says when they print nothing. */
    public record RuntimeInGdb(java.util.List<String> commands, String whenMissing) {
        public RuntimeInGdb {
            commands = java.util.List.copyOf(commands);
        }
    }

    /** The most listings one capture takes. */
    public static final int MAX_SAMPLES = 100;

    public CaptureRequest {
        runtimeDump = java.util.List.copyOf(runtimeDump);
    }

    public CaptureRequest(Long pid, Path core, Path exe, int samples, Duration interval, boolean full, Duration timeout,
                          Path saveDir, String gdb) {
        this(pid, core, exe, samples, interval, full, timeout, saveDir, gdb, java.util.List.of(), null);
    }

    /**
     * The same request, reading the runtime's dump with this command before each sample, and its view of the threads
     * with these gdb commands (each may be empty).
     */
    public CaptureRequest withRuntimeDump(java.util.List<String> command, RuntimeInGdb inGdb) {
        return new CaptureRequest(pid, core, exe, samples, interval, full, timeout, saveDir, gdb, command,
                inGdb == null || inGdb.commands().isEmpty() ? null : inGdb);
    }
}
