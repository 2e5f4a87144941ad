package dev.btexplain.cli;

import java.util.ArrayList;
import java.util.List;
import dev.btexplain.Btexplain;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code btexplain [FILE|-]}: explain a backtrace read from a file or standard input. */
@Command(name = "btexplain", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {AttachCommand.class, CoreCommand.class, ServeCommand.class, GdbInitCommand.class, LearnCommand.class,
            GdbBridgeCommand.class, McpCommand.class, PacksCommand.class, CompletionCommand.class, ManCommand.class, FleetCommand.class},
        description = "Explains a native backtrace (gdb's \"thread apply all bt\") thread by thread.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the input was understood (warnings allowed)", "1:internal error",
            "2:unusable input or arguments"})
public final class ExplainCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE",
            description = "The backtrace to read; '-' or nothing reads standard input. Several files are read as "
                    + "samples of one process, oldest first.")
    List<String> files = new ArrayList<>();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--max-input", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Stop reading after SIZE bytes (k, m, g suffixes; default: 1g, or a sixth of the Java heap when that is "
                    + "less, so that the report fits in memory); the report says where it stopped.")
    Long maxInput;

    /** The report of an input needs about five times its size of heap (measured: docs/benchmarks.md). */
    static long defaultMaxInput() {
        return Math.min(Btexplain.Options.DEFAULT_MAX_INPUT_BYTES, Runtime.getRuntime().maxMemory() / 6);
    }

    @Option(names = "--input-format", paramLabel = "FORMAT", converter = InputFormatConverter.class,
            description = "Read the input as this format instead of detecting it: gdb, lldb, eu-stack, coredumpctl, asan, tsan, lsan, ubsan, backtrace-symbols, kernel, proc-stack, jstack, go, faulthandler, python-traceback, java-exception, mixed.")
    dev.btexplain.model.InputFormat inputFormat;

    @Mixin
    KnowledgeOptions knowledge = new KnowledgeOptions();

    @Option(names = {"-x", "--stacktrace"}, description = "Show the Java stack trace of an internal error.")
    boolean stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Report report;
        boolean stdin = files.isEmpty() || files.size() == 1 && files.get(0).equals("-");
        String file = stdin ? "<stdin>" : String.join(", ", files);
        // folded stacks are the frames' names alone: nothing to explain, so nothing is analysed
        boolean stacksOnly = output.format == dev.btexplain.report.ReportFormat.FOLDED && output.thread == null;
        Btexplain.Options options = new Btexplain.Options(maxInput != null ? maxInput : defaultMaxInput(),
                knowledge.load(), inputFormat, stacksOnly);
        try (TerminalProgress progress = TerminalProgress.onStderr()) {
            if (stdin) {
                if (System.console() != null) {
                    // typed or pasted at a terminal: say what is awaited, or the command looks hung
                    spec.commandLine().getErr().println("btexplain: reading a backtrace from the terminal: paste it, then press "
                            + "Ctrl-D on a line of its own (or give a file: btexplain FILE; btexplain --help)");
                    spec.commandLine().getErr().flush();
                }
                report = Btexplain.explain(System.in, options);
            } else {
                List<Path> paths = new ArrayList<>();
                long bytes = 0;
                for (String f : files) {
                    paths.add(checkedFile(f));
                    bytes += Files.size(paths.get(paths.size() - 1));
                }
                if (bytes >= LARGE_INPUT) {
                    // a large input takes a while (137 MB: about 10 s here, longer on a slow disk): say what is going on
                    progress.accept(String.format(java.util.Locale.ROOT, "reading and explaining %s (%,d MB)", file, bytes >> 20));
                }
                report = Btexplain.explain(paths, options);
            }
        } catch (UnusableInputException e) {
            throw new InputException((files.size() > 1 ? "" : file + ": ") + e.getMessage());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        output.write(report, spec.commandLine().getOut());
        return 0;
    }

    /** From this size on, a terminal shows a status line while the input is read and the report written. */
    private static final long LARGE_INPUT = 32L << 20;

    private static Path checkedFile(String file) throws InputException {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new InputException(file + ": is a directory, not a backtrace file");
        }
        if (!Files.exists(path)) {
            throw new InputException(file + ": no such file");
        }
        if (!Files.isReadable(path)) {
            throw new InputException(file + ": permission denied");
        }
        return path;
    }

    /** The formats btexplain reads, by their CONTRACT ids. */
    static final class InputFormatConverter implements picocli.CommandLine.ITypeConverter<dev.btexplain.model.InputFormat> {
        @Override
        public dev.btexplain.model.InputFormat convert(String value) {
            try {
                return Btexplain.inputFormat(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** "64m", "1g", "1024": a byte count. */
    static final class SizeConverter implements picocli.CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            long unit = 1;
            if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
                unit = switch (v.charAt(v.length() - 1)) {
                    case 'k' -> 1L << 10;
                    case 'm' -> 1L << 20;
                    default -> 1L << 30;
                };
                v = v.substring(0, v.length() - 1);
            }
            try {
                long n = Long.parseLong(v);
                if (n <= 0) {
                    throw new NumberFormatException();
                }
                return Math.multiplyExact(n, unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 512m, 2g)");
            }
        }
    }

}
