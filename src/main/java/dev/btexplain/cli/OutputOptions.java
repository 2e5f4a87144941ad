package dev.btexplain.cli;

import dev.btexplain.report.ReportFormat;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that writes a report shares. */
public final class OutputOptions {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            converter = FormatConverter.class,
            description = "Report form: text, markdown, json, html, folded (default: ${DEFAULT-VALUE}).")
    ReportFormat format = ReportFormat.TEXT;

    @Option(names = "--no-color", description = "Plain text even on a terminal.")
    boolean noColor;

    @Option(names = {"-n", "--thread"}, paramLabel = "THREAD",
            description = "Explain only this thread (gdb's thread number), under the verdict; text and markdown only.")
    Integer thread;

    @Option(names = "--all-stacks", description = "Text: show the stack of every group of threads. By default a listing of more "
            + "than 20 threads shows the stacks of the threads that are not idle, the idle ones as one line per group.")
    boolean allStacks;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    private static final int BUFFER = 1 << 16;

    /** Writes the report where these options say: -o FILE, else standard output (colour only on a terminal). */
    void write(dev.btexplain.report.Report report, java.io.PrintWriter stdout) throws Exception {
        if (thread != null) {
            dev.btexplain.report.Report one = report.onlyThread(thread);
            if (one == null) {
                throw new InputException("-n " + thread + ": the backtrace has no thread " + thread + " (its threads: "
                        + dev.btexplain.report.Words.ranges(report.backtrace().threads().stream()
                        .filter(t -> t.number() != null).map(t -> String.valueOf(t.number())).toList()) + ")");
            }
            report = one;
        }
        if (allStacks) {
            report = report.withAllStacks();
        }
        boolean color = !noColor && output == null && System.console() != null && System.getenv("NO_COLOR") == null;
        if (output != null) {
            try (java.io.OutputStream o = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(output), BUFFER)) {
                dev.btexplain.Btexplain.render(report, format, o, false);
            } catch (java.io.IOException e) {
                throw new InputException("cannot write " + output + ": " + e.getMessage());
            }
        } else if (stdout instanceof Main.Stdout s) {
            dev.btexplain.Btexplain.render(report, format, new java.io.BufferedOutputStream(s.bytes(), BUFFER), color, terminalColumns());
        } else {
            dev.btexplain.Btexplain.render(report, format, stdout, color); // a test's writer
        }
    }

    /**
     * The width of the terminal standard output shows on, 0 when it is not one: the launcher's reading of it (stty,
     * which Java cannot ask), else the shell's COLUMNS when exported, else 80.
     */
    static int terminalColumns() {
        for (String variable : new String[] {"BTEXPLAIN_COLUMNS", "COLUMNS"}) {
            String v = System.getenv(variable);
            if (v != null && v.matches("[1-9][0-9]{0,3}") && (variable.startsWith("BTEXPLAIN") || System.console() != null)) {
                return Integer.parseInt(v);
            }
        }
        return System.console() != null ? dev.btexplain.report.TextRenderer.DEFAULT_WIDTH : 0;
    }

    /** Accepts the lower-case ids CONTRACT.md uses and names the valid ones when given something else. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            for (ReportFormat f : ReportFormat.values()) {
                if (f.id().equals(value)) {
                    return f;
                }
            }
            StringBuilder valid = new StringBuilder();
            for (ReportFormat f : ReportFormat.values()) {
                valid.append(valid.length() == 0 ? "" : ", ").append(f.id());
            }
            throw new picocli.CommandLine.TypeConversionException(
                    "unknown format '" + value + "' (valid: " + valid + ")");
        }
    }
}
