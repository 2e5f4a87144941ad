package dev.btexplain;

import dev.btexplain.analyze.Analyzer;
import dev.btexplain.knowledge.DumpJoin;
import dev.btexplain.capture.Capture;
import dev.btexplain.capture.CaptureException;
import dev.btexplain.capture.CaptureRequest;
import dev.btexplain.capture.CaptureResult;
import dev.btexplain.capture.OwnerQueries;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.Pack;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.ProcessFacts;
import dev.btexplain.parse.BacktraceParser;
import dev.btexplain.parse.BacktraceSymbolsParser;
import dev.btexplain.parse.CoredumpctlParser;
import dev.btexplain.parse.EuStackParser;
import dev.btexplain.parse.FaulthandlerParser;
import dev.btexplain.parse.PySpyParser;
import dev.btexplain.parse.GoDumpParser;
import dev.btexplain.parse.JavaExceptionParser;
import dev.btexplain.parse.JstackParser;
import dev.btexplain.parse.FormatDetector;
import dev.btexplain.parse.KernelParser;
import dev.btexplain.parse.LldbParser;
import dev.btexplain.parse.MixedParser;
import dev.btexplain.parse.ProcStackParser;
import dev.btexplain.parse.PythonTracebackParser;
import dev.btexplain.parse.SanitizerParser;
import dev.btexplain.parse.GdbParser;
import dev.btexplain.parse.LineSource;
import dev.btexplain.parse.SplitFileParser;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.JsonRenderer;
import dev.btexplain.report.MarkdownRenderer;
import dev.btexplain.report.HtmlRenderer;
import dev.btexplain.report.FoldedRenderer;
import dev.btexplain.report.Palette;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import dev.btexplain.report.ReportRenderer;
import dev.btexplain.report.TextRenderer;
import dev.btexplain.report.ToolInfo;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** The one entry point the CLI, the web server, golden tests and benchmarks go through. */
public final class Btexplain {

    /**
     * How to read and explain the input.
     *
     * @param maxInputBytes stop reading after this many bytes; the report then says the input was cut
     * @param knowledge     the knowledge to explain with (built-in, or with the user's files merged over it)
     * @param inputFormat   the format to read, null to detect it from the text
     * @param stacksOnly    read the stacks and explain nothing: enough for folded stacks, whose lines are the frames'
     *                      names alone (the report's analysis is then null)
     */
    public record Options(long maxInputBytes, KnowledgeBase knowledge, InputFormat inputFormat, boolean stacksOnly) {
        public static final long DEFAULT_MAX_INPUT_BYTES = 1L << 30;

        public Options(long maxInputBytes, KnowledgeBase knowledge, InputFormat inputFormat) {
            this(maxInputBytes, knowledge, inputFormat, false);
        }

        public Options(long maxInputBytes) {
            this(maxInputBytes, KnowledgeBase.builtIn());
        }

        public Options(long maxInputBytes, KnowledgeBase knowledge) {
            this(maxInputBytes, knowledge, null);
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_INPUT_BYTES);
        }
    }

    private Btexplain() {
    }

    /** Reads a backtrace from a stream and builds the report. */
    public static Report explain(InputStream input, Options options) throws IOException, UnusableInputException {
        BufferedInputStream in = new BufferedInputStream(input, FormatDetector.SAMPLE_BYTES);
        in.mark(FormatDetector.SAMPLE_BYTES);
        byte[] sample = in.readNBytes(FormatDetector.SAMPLE_BYTES);
        in.reset();
        InputFormat format = checkSample(sample, sample.length, options.inputFormat());
        return report(parser(format).parse(new LineSource(in, options.maxInputBytes())), options);
    }

    /** Builds the report of a backtrace already in memory (a pasted or posted text, a fleet's report): nothing is copied. */
    public static Report explain(byte[] input, Options options) throws IOException, UnusableInputException {
        InputFormat format = checkSample(input, Math.min(input.length, FormatDetector.SAMPLE_BYTES), options.inputFormat());
        return report(parser(format).parse(LineSource.of(input, options.maxInputBytes())), options);
    }

    /** Reads a backtrace file and builds the report; a large file is read on two cores. */
    public static Report explain(Path file, Options options) throws IOException, UnusableInputException {
        byte[] sample;
        try (InputStream in = Files.newInputStream(file)) {
            sample = in.readNBytes(FormatDetector.SAMPLE_BYTES);
        }
        InputFormat format = checkSample(sample, sample.length, options.inputFormat());
        if (format != InputFormat.GDB) {
            try (InputStream in = Files.newInputStream(file)) {
                return report(parser(format).parse(new LineSource(in, options.maxInputBytes())), options);
            }
        }
        return report(SplitFileParser.parse(file, options.maxInputBytes()), options);
    }

    /**
     * Reads several files as one time series, oldest first: each is a listing (or several) of the same process,
     * so the report compares the threads across them. Line numbers count through the files one after another;
     * the report says where each file starts.
     */
    public static Report explain(List<Path> files, Options options) throws IOException, UnusableInputException {
        if (files.size() == 1) {
            return explain(files.get(0), options);
        }
        List<Report.InputFile> starts = new ArrayList<>();
        List<InputStream> parts = new ArrayList<>();
        int line = 1;
        boolean dumps = false;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            try {
                InputFormat format = checkSample(bytes, Math.min(bytes.length, FormatDetector.SAMPLE_BYTES), null);
                // a runtime's dump of the process's threads beside gdb's listing of them: the two are joined
                dumps |= format.runtimeDump() && FormatDetector.MIXABLE.contains(format);
                if (format != InputFormat.GDB && !(format.runtimeDump() && FormatDetector.MIXABLE.contains(format))) {
                    throw new UnusableInputException("several files are read as samples of gdb output, or as gdb's listing "
                            + "beside a runtime's dump of the same threads (jstack, faulthandler)");
                }
            } catch (UnusableInputException e) {
                throw new UnusableInputException(f + ": " + e.getMessage());
            }
            starts.add(new Report.InputFile(f.toString(), line));
            parts.add(new ByteArrayInputStream(bytes));
            boolean endsWithNewline = bytes.length > 0 && bytes[bytes.length - 1] == '\n';
            if (!endsWithNewline) {
                parts.add(new ByteArrayInputStream(new byte[] {'\n'}));
            }
            for (byte b : bytes) {
                if (b == '\n') {
                    line++;
                }
            }
            line += endsWithNewline ? 0 : 1;
        }
        InputStream all = new java.io.SequenceInputStream(java.util.Collections.enumeration(parts));
        BacktraceParser parser = dumps ? parser(InputFormat.MIXED) : new GdbParser();
        Report one = report(parser.parse(new LineSource(all, options.maxInputBytes())), options);
        return new Report(one.tool(), one.backtrace(), one.analysis(), starts, null);
    }

    /** Captures a live process or a core through gdb, and explains it with what gdb read from memory. */
    public static Report capture(CaptureRequest request, Options options)
            throws CaptureException, IOException, UnusableInputException {
        return capture(request, options, said -> { });
    }

    /** The same, telling {@code progress} each step (a terminal's status line). */
    public static Report capture(CaptureRequest request, Options options, java.util.function.Consumer<String> progress)
            throws CaptureException, IOException, UnusableInputException {
        Capture capture = new Capture(progress);
        Pack.RuntimeDump dump = request.pid() == null ? null : options.knowledge().runtimeDumpOfExecutable(executableName(request.pid()));
        // a core's program is known only once gdb has read the core: every runtime's view is asked (each prints nothing
        // where it does not apply), and none is missed aloud
        CaptureRequest asked = dump != null ? request.withRuntimeDump(dump.command(), new CaptureRequest.RuntimeInGdb(dump.gdbCommands(),
                dump.gdbMissing())) : request.core() != null ? request.withRuntimeDump(List.of(),
                new CaptureRequest.RuntimeInGdb(options.knowledge().runtimeGdbCommands(), null)) : request;
        CaptureResult listed = capture.list(asked);
        Backtrace bt = new GdbParser().parse(listed.text(), options.maxInputBytes());
        if (bt.snapshots().isEmpty()) {
            throw new UnusableInputException("gdb printed no backtrace (" + listed.runs().get(0).commandLine() + ")");
        }
        if (!listed.runtimeDumps().isEmpty()) {
            List<Backtrace> dumps = new ArrayList<>();
            for (String text : listed.runtimeDumps()) {
                dumps.add(parser(inputFormat(dump.format())).parse(new LineSource(
                        new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), options.maxInputBytes())));
            }
            bt = DumpJoin.join(bt, dumps, options.knowledge());
        } else {
            bt = DumpJoin.join(bt, options.knowledge()); // the runtime's view gdb printed itself (py-bt)
        }
        progress.accept("explaining " + bt.threads().size() + " thread" + (bt.threads().size() == 1 ? "" : "s"));
        return captured(bt, listed.facts(), (OwnerReader<CaptureException>) queries -> {
            CaptureResult read = capture.readOwners(listed, request, queries);
            return new OwnersRead(read.facts().lockOwners(), new Report.CaptureSummary(read.runs().get(0).commandLine(),
                    read.pauseMs(), read.runs().size(), read.notes(), request.pid() != null));
        }, options);
    }

    /** The name of a live process's executable ("java"), null when it cannot be read. */
    private static String executableName(long pid) {
        try {
            Path exe = Path.of("/proc", String.valueOf(pid), "exe").toRealPath();
            return exe.getFileName() == null ? null : exe.getFileName().toString();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** How the owners of the locks a captured listing waits on are read: btexplain's own gdb run, or the user's gdb. */
    public interface OwnerReader<E extends Exception> {
        /** The owners these queries read (perhaps none: the reader is asked all the same), and the capture's summary. */
        OwnersRead read(List<OwnerQueries.Query> queries) throws E;
    }

    /** The owner of each lock (by the query's lock), and what the capture took to read them and the listing. */
    public record OwnersRead(Map<String, Long> owners, Report.CaptureSummary capture) {
    }

    /**
     * The report of a listing gdb printed for btexplain (attach, core, or the gdb command): its threads explained
     * once, the owners of the locks they wait on read, then the process diagnosed with them.
     */
    public static <E extends Exception> Report captured(Backtrace bt, ProcessFacts facts, OwnerReader<E> owners, Options options)
            throws E {
        Analyzer analyzer = new Analyzer(options.knowledge());
        Analyzer.Explained explained = analyzer.explain(bt, facts);
        OwnersRead read = owners.read(OwnerQueries.of(explained));
        return new Report(ToolInfo.current(), bt, analyzer.diagnose(explained, read.owners()), List.of(), read.capture());
    }

    /** The format read under this CONTRACT id; an unknown id is refused with the list of those read. */
    public static InputFormat inputFormat(String id) {
        for (InputFormat f : READ) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown input format '" + id + "' (read: "
                + String.join(", ", READ.stream().map(InputFormat::id).toList()) + ")");
    }

    /** The formats that have a parser, in the order --input-format lists them. */
    public static final List<InputFormat> READ = List.of(InputFormat.GDB, InputFormat.LLDB, InputFormat.EU_STACK,
            InputFormat.COREDUMPCTL, InputFormat.ASAN, InputFormat.TSAN, InputFormat.LSAN, InputFormat.UBSAN,
            InputFormat.BACKTRACE_SYMBOLS, InputFormat.KERNEL, InputFormat.PROC_STACK, InputFormat.JSTACK, InputFormat.GO, InputFormat.FAULTHANDLER, InputFormat.PY_SPY, InputFormat.PYTHON_TRACEBACK, InputFormat.JAVA_EXCEPTION,
            InputFormat.MIXED);

    private static BacktraceParser parser(InputFormat format) {
        return switch (format) {
            case LLDB -> new LldbParser();
            case EU_STACK -> new EuStackParser();
            case COREDUMPCTL -> new CoredumpctlParser();
            case ASAN, TSAN, LSAN, UBSAN -> new SanitizerParser(format);
            case BACKTRACE_SYMBOLS -> new BacktraceSymbolsParser();
            case KERNEL -> new KernelParser();
            case PROC_STACK -> new ProcStackParser();
            case JSTACK -> new JstackParser();
            case GO -> new GoDumpParser();
            case FAULTHANDLER -> new FaulthandlerParser();
            case PY_SPY -> new PySpyParser();
            case PYTHON_TRACEBACK -> new PythonTracebackParser();
            case JAVA_EXCEPTION -> new JavaExceptionParser();
            case MIXED -> new MixedParser(FormatDetector.MIXABLE, Btexplain::parser);
            default -> new GdbParser();
        };
    }

    /** The format to read the input with (detected, or forced), or a clear refusal of what is not read. */
    private static InputFormat checkSample(byte[] sample, int length, InputFormat forced) throws UnusableInputException {
        if (length == 0) {
            throw new UnusableInputException("empty input: nothing to explain (paste the output of "
                    + "gdb -p PID -batch -ex \"thread apply all bt\")");
        }
        FormatDetector.Detection detection = new FormatDetector().detect(sample, length);
        if (detection.binary()) {
            throw new UnusableInputException("binary data, not a text backtrace (NUL bytes in the first "
                    + String.format(Locale.ROOT, "%,d", length) + " bytes); for a core file run: gdb -batch "
                    + "-ex \"thread apply all bt\" PROGRAM CORE");
        }
        if (forced != null) {
            return forced;
        }
        // not recognised: read as gdb, whose parser says what it found (and, finding nothing, which formats are read)
        InputFormat format = detection.format();
        return format == InputFormat.UNKNOWN ? InputFormat.GDB : format;
    }

    private static Report report(Backtrace read, Options options) throws UnusableInputException {
        Backtrace backtrace = DumpJoin.join(read, options.knowledge());
        if (backtrace.snapshots().isEmpty()) {
            throw new UnusableInputException(String.format(Locale.ROOT,
                    "no backtrace found (read %,d lines; 0 thread headers, 0 frames)%s; btexplain reads the output of: %s",
                    backtrace.stats().linesRead(),
                    backtrace.stats().truncated() ? "; stopped reading early" : "",
                    String.join(", ", READ.stream().filter(f -> f != InputFormat.MIXED).map(InputFormat::id).toList())));
        }
        return new Report(ToolInfo.current(), backtrace,
                options.stacksOnly() ? null : new Analyzer(options.knowledge()).analyze(backtrace));
    }

    /** Writes the report in the given form. Colour only when {@code color} is true (a terminal). */
    public static void render(Report report, ReportFormat format, Writer out, boolean color) throws IOException {
        renderer(format, color).render(report, out);
        out.flush();
    }

    /** The same, as UTF-8 bytes: how the CLI writes (a large JSON or HTML report is written on every core). */
    public static void render(Report report, ReportFormat format, java.io.OutputStream out, boolean color) throws IOException {
        renderer(format, color).render(report, out);
        out.flush();
    }

    /** The same on a terminal {@code columns} wide (0: not a terminal). */
    public static void render(Report report, ReportFormat format, java.io.OutputStream out, boolean color, int columns) throws IOException {
        (format == ReportFormat.TEXT && columns > 0 ? new TextRenderer(color ? Palette.ansi() : Palette.none(), columns, true)
                : renderer(format, color)).render(report, out);
        out.flush();
    }

    private static ReportRenderer renderer(ReportFormat format, boolean color) {
        return switch (format) {
            case TEXT -> new TextRenderer(color ? Palette.ansi() : Palette.none());
            case MARKDOWN -> new MarkdownRenderer();
            case HTML -> new HtmlRenderer();
            case FOLDED -> new FoldedRenderer();
            case JSON -> new JsonRenderer();
        };
    }
}
