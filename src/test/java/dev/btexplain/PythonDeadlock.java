package dev.btexplain;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's python3.11 running src/test/python/dumps/lock_deadlock.py, for the tests that read a Python process's
 * threads through gdb with CPython's extension (py-bt), which python3.11-dbg installs where gdb loads it (./test
 * does); the test is skipped, by name, where either is missing.
 */
public final class PythonDeadlock {
    private PythonDeadlock() {
    }

    /** The running deadlock, its two threads blocked in their second lock's acquire. */
    public static Process start() throws Exception {
        Path python = Path.of("/usr/bin/python3.11");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python)
                && Files.exists(Path.of("/usr/share/gdb/auto-load/usr/bin/python3.11-gdb.py")), "needs python3.11 and python3.11-dbg");
        Process p = new ProcessBuilder(python.toString(), "src/test/python/dumps/lock_deadlock.py")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(1500); // past the threads' 0.2 s sleeps, into their blocked acquires
        return p;
    }

    /** How many frames of a JSON report are a with statement's acquire as py-bt names it. */
    public static long acquires(com.fasterxml.jackson.databind.JsonNode report) {
        long n = 0;
        for (com.fasterxml.jackson.databind.JsonNode t : report.get("threads")) {
            for (com.fasterxml.jackson.databind.JsonNode f : t.get("frames")) {
                n += f.get("function").asText().equals("_thread.lock.__enter__") ? 1 : 0;
            }
        }
        return n;
    }
}
