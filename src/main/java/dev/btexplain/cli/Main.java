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

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = commandLine(out, err).execute(args);
        out.flush();
        System.exit(status);
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
