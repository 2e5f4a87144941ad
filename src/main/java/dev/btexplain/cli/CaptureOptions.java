package dev.btexplain.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options attach and core share. */
public final class CaptureOptions {
    @Option(names = "--full", description = "Capture \"thread apply all bt full\" (with locals).")
    boolean full;

    @Option(names = "--save", paramLabel = "DIR", description = "Keep gdb's raw output of every run in DIR, to attach to a bug report.")
    Path save;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "60s", converter = DurationConverter.class,
            description = "Stop a gdb run that takes longer (default: ${DEFAULT-VALUE}; seconds, or 500ms, 2s, 1m); the process "
                    + "is left running.")
    Duration timeout;

    @Option(names = "--gdb", paramLabel = "PROGRAM", defaultValue = "gdb", description = "The gdb to run (default: ${DEFAULT-VALUE}).")
    String gdb;

    @picocli.CommandLine.Mixin
    KnowledgeOptions knowledge = new KnowledgeOptions();

    /**
     * Captures, explains and writes the report. Interrupted (Ctrl-C, a SIGTERM) before the report is written, it says
     * one line instead, once gdb has let the process go; a failure is one line too (exit 2). Whichever comes first
     * speaks: the capture's own answer or the interruption's line, never both.
     */
    void captureAndWrite(dev.btexplain.capture.CaptureRequest request, String what, OutputOptions output,
                         java.io.PrintWriter out, java.io.PrintWriter err) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean spoken = new java.util.concurrent.atomic.AtomicBoolean();
        Thread interrupted = new Thread(() -> {
            if (spoken.compareAndSet(false, true)) {
                dev.btexplain.capture.Capture.awaitGdbEnded(Duration.ofSeconds(8));
                TerminalProgress.clearCurrent();
                err.println("btexplain: " + what + ": interrupted before the report"
                        + (request.pid() == null ? "" : "; gdb let process " + request.pid() + " go and it runs on"));
                err.flush();
            } else {
                Main.awaitAnswered(Duration.ofSeconds(10)); // the report (or the failure) is being written: let it finish
            }
        }, "btexplain-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            dev.btexplain.report.Report report = capture(request, what);
            speak(spoken);
            output.write(report, out);
        } catch (InterruptedCapture e) {
            yieldToInterruption(spoken);
            throw e;
        } catch (Exception e) {
            speak(spoken);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException exiting) {
                // the JVM is exiting: the hook has spoken
            }
        }
    }

    /** Takes the right to speak; when the interruption's line has it, waits for the JVM to end instead. */
    private static void speak(java.util.concurrent.atomic.AtomicBoolean spoken) throws InterruptedException {
        if (!spoken.compareAndSet(false, true)) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /**
     * An interruption (a signal to the process group) is followed by the JVM's shutdown, whose hook says the one line:
     * it is given the floor for up to two seconds; without a shutdown, this failure speaks after all.
     */
    private static void yieldToInterruption(java.util.concurrent.atomic.AtomicBoolean spoken) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!spoken.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        speak(spoken);
    }

    /** A capture that stopped because btexplain was interrupted. */
    static final class InterruptedCapture extends InputException {
        InterruptedCapture(String message) {
            super(message);
        }
    }

    /** Captures and explains; every failure becomes one line and exit 2, prefixed with {@code what} ("attach 42"). */
    dev.btexplain.report.Report capture(dev.btexplain.capture.CaptureRequest request, String what) throws InputException {
        try (TerminalProgress progress = TerminalProgress.onStderr()) {
            return dev.btexplain.Btexplain.capture(request, new dev.btexplain.Btexplain.Options(
                    dev.btexplain.Btexplain.Options.DEFAULT_MAX_INPUT_BYTES, knowledge.load()), progress);
        } catch (dev.btexplain.capture.CaptureException e) {
            throw e.interrupted() ? new InterruptedCapture(what + ": " + e.getMessage()) : new InputException(what + ": " + e.getMessage());
        } catch (dev.btexplain.parse.UnusableInputException | java.io.IOException e) {
            throw new InputException(what + ": " + e.getMessage());
        }
    }

    /** "500ms", "2s", "1.5s", "1m", or a bare number of seconds ("1", "0.5"), as sleep, watch and pmp read it. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        private static final java.util.regex.Pattern DURATION =
                java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s|m|min)?");

        @Override
        public Duration convert(String value) {
            java.util.regex.Matcher m = DURATION.matcher(value.trim().toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration: a number of seconds "
                        + "(1, 0.5) or one with a unit (500ms, 2s, 1m)");
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> n;
                case "s" -> n * 1000;
                default -> n * 60_000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
    }
}
