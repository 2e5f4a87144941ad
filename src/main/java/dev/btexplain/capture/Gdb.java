package dev.btexplain.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs gdb in batch mode with a hard timeout. When gdb has to be killed while attached, the target is sent
 * SIGCONT, so that a process gdb stopped is never left stopped.
 */
final class Gdb {
    private Gdb() {
    }

    /**
     * gdb runs in a session of its own: a Ctrl-C in the terminal, or a signal to btexplain's process group, never reaches
     * it (gdb would pass SIGINT on to the target, or die attached); it finishes its batch and detaches by itself.
     */
    private static final java.nio.file.Path SETSID = java.nio.file.Path.of("/usr/bin/setsid");

    /** The gdb processes started and not yet ended, for {@link #awaitEnded}. */
    private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Waits, at most {@code limit}, until every gdb this JVM started has ended (detached, or been stopped). */
    static void awaitEnded(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (STARTED.stream().anyMatch(Process::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static GdbRun run(List<String> command, Duration timeout, Long pid) throws CaptureException {
        List<String> started = new java.util.ArrayList<>(command);
        if (java.nio.file.Files.isExecutable(SETSID)) {
            started.add(0, SETSID.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(started);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        long start = System.nanoTime();
        try {
            p = pb.start();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("spawn helper: pid: ")) {
                // the JDK's helper that starts gdb was killed by a signal to the process group (Ctrl-C as gdb started)
                throw CaptureException.interrupted("interrupted as gdb started (" + e.getMessage() + ")");
            }
            throw new CaptureException("cannot run gdb (" + e.getMessage() + "); install it (Debian: apt-get install gdb)");
        }
        STARTED.add(p);
        p.onExit().thenRun(() -> STARTED.remove(p));
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        // Ctrl-C while gdb runs: let it finish and detach for a few seconds, then stop it; the target is never left stopped
        Thread cleanup = new Thread(() -> {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    stop(p, pid);
                }
            } catch (InterruptedException e) {
                stop(p, pid);
            }
        });
        try {
            Runtime.getRuntime().addShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            stop(p, pid);
            throw CaptureException.interrupted("interrupted: btexplain is exiting" + (pid == null ? "" : "; process " + pid + " is running"));
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p, pid);
                throw new CaptureException("gdb did not finish within " + timeout.toSeconds() + " s and was stopped"
                        + (pid == null ? "" : "; process " + pid + " was sent SIGCONT and is running")
                        + " (raise --timeout, or look at gdb's own problem with: " + String.join(" ", command) + ")");
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            String stderr = err.join();
            if (p.exitValue() == 127 && stderr.startsWith("setsid: failed to execute")) {
                throw new CaptureException("cannot run gdb (" + command.get(0) + ": " + stderr.substring(stderr.lastIndexOf(':') + 1).strip()
                        + "); install it (Debian: apt-get install gdb)");
            }
            return new GdbRun(command, out.join(), stderr, ms, p.exitValue());
        } catch (InterruptedException e) {
            stop(p, pid);
            Thread.currentThread().interrupt();
            throw CaptureException.interrupted("interrupted while gdb ran");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }

    private static void stop(Process p, Long pid) {
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(h -> {
                try {
                    new ProcessBuilder("kill", "-CONT", String.valueOf(pid)).start().waitFor(5, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException ignored) {
                    // best effort: the process may have exited
                }
            });
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** gdb -p PID -batch -nx with the given commands. */
    static List<String> attach(String gdb, long pid, List<String> commands) {
        List<String> c = new ArrayList<>(List.of(gdb, "-p", String.valueOf(pid), "-batch", "-nx"));
        for (String x : commands) {
            c.add("-ex");
            c.add(x);
        }
        return c;
    }
}
