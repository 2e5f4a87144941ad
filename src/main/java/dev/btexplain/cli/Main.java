package dev.btexplain.cli;

import dev.btexplain.report.ToolInfo;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Builds the command line, maps failures to exit codes 0/1/2 and exits. */
public final class Main {
    private Main() {
    }

    /** Made before it is needed: when memory has run out, building this message could fail too. */
    private static final String OUT_OF_MEMORY = "btexplain: out of memory: the report of this input needs more than the Java heap "
            + "allows; give the JVM more (BTEXPLAIN_JAVA_OPTS=-Xmx8g ./btexplain ...) or read less (--max-input); the heap was ";

    public static void main(String[] args) {
        PrintWriter out = new Stdout(System.out);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        // a worker thread's failure reaches main, which says it in one line: no thread prints a Java stack trace
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> { });
        int status;
        try {
            status = commandLine(out, err).execute(args);
        } catch (OutOfMemoryError e) {
            out.flush();
            err.println(OUT_OF_MEMORY + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB (-Xmx)");
            System.exit(2);
            return;
        } catch (StackOverflowError e) {
            out.flush();
            err.println("btexplain: internal error: the input nests deeper than this program can follow (a stack overflow); "
                    + "please report it with the input");
            System.exit(1);
            return;
        } catch (Error e) {
            // a broken build (its knowledge cannot load) or the JVM failing: one line, never silence
            out.flush();
            err.println("btexplain: internal error: " + (e.getCause() != null ? e.getCause() : e));
            System.exit(1);
            return;
        }
        out.flush();
        ANSWERED.countDown();
        System.exit(status);
    }

    /** Standard output as text, with the byte stream under it: a report is written to the stream as UTF-8 bytes. */
    static final class Stdout extends PrintWriter {
        private final java.io.OutputStream bytes;

        Stdout(java.io.OutputStream bytes) {
            super(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
            this.bytes = bytes;
        }

        /** The stream under this writer, for bytes written after this writer's text is flushed. */
        java.io.OutputStream bytes() {
            flush();
            return bytes;
        }
    }

    /** Counted down once the command's whole answer (its report, or its one-line failure) is written. */
    private static final java.util.concurrent.CountDownLatch ANSWERED = new java.util.concurrent.CountDownLatch(1);

    /**
     * Waits, at most {@code limit}, until the command's answer is written: a shutdown hook that has nothing to say lets
     * the answer under way finish instead of the JVM halting in the middle of it.
     */
    static void awaitAnswered(java.time.Duration limit) {
        try {
            ANSWERED.await(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The configured command line; tests call this with their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        ExplainCommand command = new ExplainCommand();
        CommandLine cl = new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof InputException ? 2 : 1);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("btexplain: " + ex.getMessage()
                    + " (try: btexplain --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InputException) {
                commandLine.getErr().println("btexplain: " + ex.getMessage());
                return 2;
            }
            commandLine.getErr().println("btexplain: internal error: " + ex
                    + (command.stacktrace ? "" : " (run with -x to see the Java stack trace)"));
            if (command.stacktrace) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cl;
    }

    /** Version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            ToolInfo t = ToolInfo.current();
            return new String[] {t.name() + " " + t.version()};
        }
    }
}
