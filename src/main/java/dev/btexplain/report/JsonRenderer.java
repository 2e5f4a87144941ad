package dev.btexplain.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.btexplain.analyze.Analysis;
import dev.btexplain.analyze.CallPath;
import dev.btexplain.analyze.Confidence;
import dev.btexplain.analyze.Detail;
import dev.btexplain.analyze.Diagnosis;
import dev.btexplain.analyze.Finding;
import dev.btexplain.analyze.OwnerSource;
import dev.btexplain.analyze.WaitGraph;
import dev.btexplain.analyze.Evidence;
import dev.btexplain.analyze.LockGraph;
import dev.btexplain.analyze.StackGroup;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.analyze.ThreadState;
import dev.btexplain.analyze.Verdict;
import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Frame;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.InputStats;
import dev.btexplain.model.Local;
import dev.btexplain.model.ParseWarning;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CONTRACT.md JSON report. Field names are the contract's; the model's names do not leak into it.
 * Written as a stream, in a fixed order, so large reports cost little memory and golden files stay stable.
 */
public final class JsonRenderer implements ReportRenderer {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final boolean withFlame;

    public JsonRenderer() {
        this(false);
    }

    /** @param withFlame add the merged stacks ("flame"), which the HTML report and the paste page draw */
    public JsonRenderer(boolean withFlame) {
        this(withFlame, false);
    }

    private JsonRenderer(boolean withFlame, boolean forPage) {
        this.withFlame = withFlame;
        this.forPage = forPage;
    }

    /**
     * For a page's data slot: with the flame graph, not indented (no person reads it), and with '<', '>', '&', U+2028
     * and U+2029 written as \\u escapes ({@link HtmlRenderer#escape}), which mean the same in a JSON string, so
     * that nothing in it can end or change the script element it stands in.
     */
    static JsonRenderer forPage() {
        return new JsonRenderer(true, true);
    }

    private final boolean forPage;

    /** The escapes of {@link HtmlRenderer#escape}, made by the generator as it writes each string. */
    private static final CharacterEscapes SCRIPT_SAFE = new CharacterEscapes() {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        {
            for (char c : new char[] {'<', '>', '&'}) {
                ascii[c] = CharacterEscapes.ESCAPE_CUSTOM;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            String e = ch <= Character.MAX_VALUE ? HtmlRenderer.escape((char) ch) : null;
            return e == null ? null : new SerializedString(e);
        }
    };

    /** For a page: the generator escapes as {@link #SCRIPT_SAFE} says. True when it does. */
    private boolean escapedForPage(JsonGenerator g) {
        if (forPage) {
            g.setCharacterEscapes(SCRIPT_SAFE);
        }
        return forPage;
    }

    /** The most threads a report is indented for. */
    static final int INDENTED_UP_TO = 2_000;

    @Override
    public void render(Report report, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, report, null);
        }
        out.write('\n');
    }

    /** As UTF-8 bytes, a large report's threads written on every core (the form the CLI writes). */
    @Override
    public void render(Report report, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, report, out);
        }
        out.write('\n');
    }

    /** {@code raw}: the stream g writes to, for batches written elsewhere; null to write every thread through g. */
    private void write(JsonGenerator g, Report report, OutputStream raw) throws IOException {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        // indented for a person, up to a listing a person would read through; above it, the third of the bytes that
        // indentation is (670 MB → about 440 MB for 75,000 threads) is left out
        if (!escapedForPage(g) && report.backtrace().threads().size() <= INDENTED_UP_TO) {
            g.setPrettyPrinter(pp);
        }
        Backtrace bt = report.backtrace();
        g.writeStartObject();
        g.writeObjectFieldStart("tool");
        g.writeStringField("name", report.tool().name());
        g.writeStringField("version", report.tool().version());
        g.writeEndObject();
        writeInput(g, bt, report.files());
        Analysis analysis = report.analysis();
        Diagnosis d = analysis.diagnosis();
        writeMeanings(g, bt, analysis);
        g.writeFieldName("threads");
        writeThreads(g, bt.threads(), analysis, raw);
        if (bt.snapshots().size() > 1) {
            g.writeNumberField("samples", bt.snapshots().size());
            g.writeArrayFieldStart("snapshots");
            for (Snapshot s : bt.snapshots()) {
                g.writeStartObject();
                g.writeNumberField("input_line", s.line());
                g.writeFieldName("threads");
                writeThreads(g, s.threads(), analysis, raw);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeStringField("verdict", d.verdict().id());
        g.writeStringField("confidence", d.confidence().id());
        List<ThreadExplanation> explained = bt.threads().stream().map(analysis::of).toList();
        writeStrings(g, "observations", Wording.observations(d));
        writeStrings(g, "normal", Wording.normal(explained, d.stateMeanings()));
        writeStrings(g, "not_normal", Wording.notNormal(d, explained, d.stateMeanings()));
        writeStrings(g, "next_steps", Wording.nextSteps(d));
        writeFindings(g, d);
        g.writeObjectFieldStart("symbols");
        g.writeNumberField("named_frames", d.namedFrames());
        g.writeNumberField("frames", d.frames());
        g.writeEndObject();
        if (d.crash() != null) {
            g.writeObjectFieldStart("crash");
            writeNumberOrNull(g, "thread", d.crash().thread());
            g.writeStringField("signal", d.crash().signal());
            g.writeStringField("message", d.crash().message());
            g.writeStringField("signature", d.crash().signature());
            writeNullableNumber(g, "frame", d.crash().frame() < 0 ? null : (long) d.crash().frame());
            if (d.crash().origin() != null) {
                g.writeFieldName("origin");
                writeRecord(g, d.crash().origin());
            }
            // where it crashed and the null pointers handed down to it, as the signal's finding has them
            Detail.Signal signal = d.findings(Finding.Kind.SIGNAL).stream().map(f -> f.detail(Detail.Signal.class)).findFirst().orElse(null);
            if (signal != null && signal.site() != null) {
                g.writeFieldName("site");
                writeRecord(g, signal.site());
            }
            if (signal != null && signal.nullArguments() != null) {
                g.writeArrayFieldStart("null_arguments");
                for (Detail.NullArgument a : signal.nullArguments()) {
                    writeRecord(g, a);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        writeLocks(g, d.waits(), report.backtrace().events().stream()
                .anyMatch(e -> e.kind() == dev.btexplain.model.DebuggerEvent.Kind.CORE_GENERATED_BY));
        if (report.capture() != null) {
            g.writeObjectFieldStart("capture");
            g.writeStringField("command", report.capture().command());
            g.writeNumberField("pause_ms", report.capture().pauseMs());
            g.writeNumberField("gdb_runs", report.capture().runs());
            writeStrings(g, "notes", report.capture().notes());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("groups");
        for (StackGroup group : d.groups()) {
            g.writeStartObject();
            g.writeArrayFieldStart("threads");
            for (ThreadExplanation t : group.threads()) {
                writeNumberOrNull(g, t.thread().number());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("names");
            for (ThreadExplanation t : group.threads()) {
                g.writeString(t.thread().name());
            }
            g.writeEndArray();
            g.writeStringField("state", group.state().id());
            g.writeStringField("top", group.top());
            g.writeStringField("role", group.threads().get(0).role().id());
            int longest = group.longestWaitMinutes();
            if (longest >= 0) {
                g.writeNumberField("longest_wait_minutes", longest);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("events");
        for (DebuggerEvent e : bt.events()) {
            g.writeStartObject();
            g.writeStringField("kind", e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            g.writeStringField("text", e.text());
            g.writeNumberField("input_line", e.line());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("warnings");
        for (ParseWarning w : bt.warnings()) {
            g.writeString(w.describe());
        }
        g.writeEndArray();
        if (withFlame) {
            g.writeFieldName("flame");
            writeFlame(g, FlameTree.of(bt.snapshots(), analysis).root(), 0);
        }
        g.writeEndObject();
    }

    private static void writeInput(JsonGenerator g, Backtrace bt, List<Report.InputFile> files) throws IOException {
        InputStats st = bt.stats();
        g.writeObjectFieldStart("input");
        g.writeStringField("format", bt.format().id());
        if (bt.format() == InputFormat.MIXED || bt.formats().size() > 1) {
            // a mixed paste, or a capture's listing joined with the runtime's own dump
            g.writeArrayFieldStart("formats");
            for (InputFormat f : bt.formats()) {
                g.writeString(f.id());
            }
            g.writeEndArray();
        }
        g.writeNumberField("lines", st.linesRead());
        g.writeNumberField("unparsed_lines", st.unparsedLines());
        g.writeNumberField("used_lines", st.linesUsed());
        g.writeNumberField("bytes", st.bytesRead());
        g.writeBooleanField("truncated", st.truncated());
        if (!files.isEmpty()) {
            g.writeArrayFieldStart("files");
            for (Report.InputFile f : files) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeNumberField("first_line", f.firstLine());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeObjectFieldStart("skipped_lines");
        for (Map.Entry<String, Long> e : st.skipped().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * How deep the flame graph is drawn: a stack overflow's 100,000 frames would nest the JSON past what parsers
     * accept and draw nothing a person can read; the deepest level says how many levels it stands for.
     */
    static final int FLAME_DEPTH = 300;

    private static void writeFlame(JsonGenerator g, FlameTree.Node n, int depth) throws IOException {
        g.writeStartObject();
        if (depth == FLAME_DEPTH && n.hasChildren()) {
            g.writeStringField("name", n.name() + " (and " + (n.height() - 1) + " deeper levels, not drawn)");
            g.writeNumberField("count", n.count());
            g.writeEndObject();
            return;
        }
        g.writeStringField("name", n.name());
        g.writeNumberField("count", n.count());
        if (!n.states().isEmpty()) {
            g.writeObjectFieldStart("states");
            for (Map.Entry<String, Integer> e : n.states().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        if (n.hasChildren()) {
            g.writeArrayFieldStart("children");
            for (FlameTree.Node c : n.children()) {
                writeFlame(g, c, depth + 1);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The findings as records: kind, threads, targets, frames, rule, values (threads as their numbers). */
    private static void writeFindings(JsonGenerator g, Diagnosis d) throws IOException {
        g.writeArrayFieldStart("findings");
        for (Finding f : d.findings()) {
            g.writeStartObject();
            g.writeStringField("kind", f.kind().id());
            writeThreadNumbers(g, "threads", f.threads());
            writeThreadNumbers(g, "targets", f.targets());
            g.writeArrayFieldStart("frames");
            for (Finding.FrameRef r : f.frames()) {
                g.writeStartObject();
                writeNumberOrNull(g, "thread", r.thread().thread().number());
                g.writeNumberField("frame", r.number());
                g.writeNumberField("input_line", r.line());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("rule", f.rule());
            g.writeBooleanField("not_normal", f.notNormal());
            g.writeFieldName("values");
            writeValue(g, f.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeThreadNumbers(JsonGenerator g, String field, List<ThreadExplanation> threads) throws IOException {
        g.writeArrayFieldStart(field);
        for (ThreadExplanation t : threads) {
            writeNumberOrNull(g, t.thread().number());
        }
        g.writeEndArray();
    }

    /** A finding's value: text, a number, a boolean, a thread (its number), or a list or map of those. */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof ThreadExplanation t) {
            writeNumberOrNull(g, t.thread().number());
        } else if (v instanceof Finding.One one) {
            writeValue(g, one.thread());
        } else if (v instanceof Finding.All all) {
            writeValue(g, all.threads());
        } else if (v instanceof dev.btexplain.analyze.Worded w) {
            g.writeString(Words.of(w)); // a fact the report words
        } else if (v instanceof Confidence c) {
            g.writeString(c.id());
        } else if (v instanceof Verdict x) {
            g.writeString(x.id());
        } else if (v instanceof ThreadState s) {
            g.writeString(s.id());
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Record r) {
            writeRecord(g, r);
        } else {
            g.writeString(v == null ? null : v.toString());
        }
    }

    /**
     * A record a finding carries, as an object: each component under its name in snake case (sender, fault_address);
     * a {@link Finding.Part} leaves out the components it does not have (null), a {@link Detail} those marked
     * {@link Detail.Absent}.
     */
    private static void writeRecord(JsonGenerator g, Record r) throws IOException {
        g.writeStartObject();
        for (java.lang.reflect.RecordComponent c : r.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("record component " + c.getName(), e);
            }
            if (value == null && (r instanceof Finding.Part || c.isAnnotationPresent(Detail.Absent.class))) {
                continue;
            }
            g.writeFieldName(c.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT));
            writeValue(g, value);
        }
        g.writeEndObject();
    }

    private static void writeLocks(JsonGenerator g, WaitGraph waits, boolean core) throws IOException {
        LockGraph locks = waits.locks();
        g.writeArrayFieldStart("locks");
        for (LockGraph.LockWait w : locks.locks()) {
            g.writeStartObject();
            g.writeStringField("lock", w.lock().id());
            g.writeStringField("address", w.lock().address());
            g.writeStringField("symbol", w.lock().symbol());
            g.writeStringField("label", w.lock().label());
            g.writeArrayFieldStart("waiters");
            for (ThreadExplanation t : w.waiters()) {
                writeNumberOrNull(g, t.thread().number());
            }
            g.writeEndArray();
            if (w.owner() == null) {
                g.writeNullField("owner");
            } else {
                writeNumberOrNull(g, "owner", w.owner().thread().number());
            }
            g.writeStringField("owner_source", w.owner() == null && !w.ownerSource().isFact() ? null : w.ownerSource().id());
            g.writeStringField("owner_confidence", w.ownerConfidence().id());
            g.writeStringField("owner_why", EvidenceText.of(w.ownerWhy()));
            g.writeArrayFieldStart("candidates");
            for (ThreadExplanation t : w.candidates()) {
                writeNumberOrNull(g, t.thread().number());
            }
            g.writeEndArray();
            g.writeStringField("confirm", w.lock().ownerCommand() == null ? null : ShellCommand.gdbBatch(core, w.lock().ownerCommand()));
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!waits.cycle().isEmpty()) {
            g.writeArrayFieldStart("deadlock_cycle");
            for (ThreadExplanation t : waits.cycle()) {
                WaitGraph.Edge e = waits.next(t);
                g.writeStartObject();
                writeNumberOrNull(g, "thread", t.thread().number());
                g.writeStringField("waits_for", e.lock() != null ? e.lock().lock().label()
                        : Wording.label(e.target()) + " to exit");
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    private static void writeNumberOrNull(JsonGenerator g, Integer n) throws IOException {
        if (n == null) {
            g.writeNull();
        } else {
            g.writeNumber(n);
        }
    }

    private static void writeNumberOrNull(JsonGenerator g, String field, Integer n) throws IOException {
        g.writeFieldName(field);
        writeNumberOrNull(g, n);
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private void writeThreads(JsonGenerator g, List<ThreadTrace> threads, Analysis analysis, OutputStream raw)
            throws IOException {
        g.writeStartArray();
        if (raw == null || threads.size() <= INDENTED_UP_TO || g.getPrettyPrinter() != null) {
            for (ThreadTrace t : threads) {
                writeThread(g, t, analysis);
            }
        } else {
            g.flush();
            writeInBatches(threads, analysis, raw);
        }
        g.writeEndArray(); // g saw an empty array: it closes it without a comma
    }

    /** Threads written together: most of a large report, written on every core. */
    private static final int BATCH = 100;

    /**
     * The threads' objects of a large listing, each batch written by a worker into bytes and copied to the stream in
     * order: the writing of 75,000 threads (hundreds of MB) on every core instead of one. At most two batches a worker
     * wait to be copied.
     */
    private void writeInBatches(List<ThreadTrace> threads, Analysis analysis, OutputStream out) throws IOException {
        int workers = Runtime.getRuntime().availableProcessors();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "btexplain-json");
            t.setDaemon(true);
            return t;
        });
        try {
            java.util.ArrayDeque<java.util.concurrent.Future<ByteArrayOutputStream>> pending = new java.util.ArrayDeque<>();
            int next = 0;
            while (next < threads.size() || !pending.isEmpty()) {
                while (next < threads.size() && pending.size() < 2 * workers) {
                    List<ThreadTrace> batch = threads.subList(next, Math.min(threads.size(), next + BATCH));
                    boolean first = next == 0;
                    pending.add(pool.submit(() -> batch(batch, analysis, first)));
                    next += batch.size();
                }
                done(pending.poll()).writeTo(out);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private ByteArrayOutputStream batch(List<ThreadTrace> threads, Analysis analysis, boolean first) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(threads.size() * 4096);
        if (!first) {
            out.write(',');
        }
        try (JsonGenerator b = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            b.setRootValueSeparator(new SerializedString(","));
            escapedForPage(b);
            for (ThreadTrace t : threads) {
                writeThread(b, t, analysis);
            }
        }
        return out;
    }

    private static ByteArrayOutputStream done(java.util.concurrent.Future<ByteArrayOutputStream> batch) throws IOException {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing the report");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error; // out of memory: said as the CLI says it
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void writeThread(JsonGenerator g, ThreadTrace t, Analysis analysis) throws IOException {
        ThreadExplanation x = analysis.of(t);
        g.writeStartObject();
        writeNumberOrNull(g, "number", t.number());
        writeNullableNumber(g, "lwp", t.lwp());
        g.writeStringField("name", t.name());
        g.writeStringField("role", x.role().id());
        g.writeStringField("role_label", x.role().label());
        g.writeStringField("role_confidence", x.roleConfidence().id());
        g.writeStringField("state", x.state().id());
        g.writeStringField("state_confidence", x.stateConfidence().id());
        g.writeStringField("activity", x.activity().id());
        g.writeStringField("activity_confidence", x.activityConfidence().id());
        g.writeStringField("wait_kind", x.waitKind() == null ? null : x.waitKind().id());
        g.writeStringField("explanation", ThreadSentence.of(x));
        writeStrings(g, "waits_on", WaitsOnText.all(x.waitsOn()));
        if (x.kernel() != null) {
            // what the kernel showed of the thread just before gdb attached: numbers, not only the sentence
            g.writeObjectFieldStart("kernel");
            g.writeStringField("state", String.valueOf(x.kernel().state()));
            writeNullableNumber(g, "cpu_percent", x.cpuPercent() < 0 ? null : x.cpuPercent());
            writeNullableNumber(g, "cpu_ticks", x.kernel().cpuTicks() < 0 ? null : x.kernel().cpuTicks());
            g.writeNumberField("window_ms", x.kernel().windowMillis());
            g.writeStringField("wchan", x.kernel().wchan());
            g.writeEndObject();
        }
        Boolean changed = analysis.changedAcrossSamples(t);
        if (changed != null) {
            g.writeBooleanField("changed_across_samples", changed);
        }
        g.writeArrayFieldStart("evidence");
        for (Evidence e : x.evidence()) {
            g.writeStartObject();
            g.writeStringField("rule", e.rule());
            writeNumberOrNull(g, "frame", e.frame());
            g.writeStringField("entry", e.entry());
            g.writeStringField("text", EvidenceText.of(e));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("pthread", t.pthread());
        g.writeBooleanField("current", t.current());
        g.writeNumberField("input_line", t.line());
        if (t.stopReason() != null) {
            g.writeStringField("backtrace_stopped", t.stopReason());
        }
        if (t.moreFramesFollow()) {
            g.writeBooleanField("more_frames_follow", true);
        }
        if (t.runtime() != null) {
            writeRuntime(g, t.runtime());
        }
        g.writeArrayFieldStart("frames");
        for (int i = 0; i < t.frames().size(); i++) {
            writeFrame(g, t.frames().get(i), meaningKey(x.entryId(i)), x.entryId(i));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** What the runtime's own dump says of the thread (0.7): its state, its locks, and where its frames are when joined. */
    private static void writeRuntime(JsonGenerator g, dev.btexplain.model.RuntimeView v) throws IOException {
        g.writeObjectFieldStart("runtime");
        g.writeStringField("name", v.runtime());
        g.writeStringField("state", v.state());
        if (v.waitedMinutes() >= 0) {
            g.writeNumberField("waited_minutes", v.waitedMinutes());
        }
        g.writeArrayFieldStart("locks");
        for (dev.btexplain.model.RuntimeView.Lock l : v.locks()) {
            g.writeStartObject();
            g.writeStringField("relation", l.relation().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            g.writeStringField("address", l.address());
            g.writeStringField("type", l.type());
            writeNumberOrNull(g, "frame", l.frame() < 0 ? null : l.frame());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (v.joined() != null) {
            g.writeObjectFieldStart("joined");
            g.writeStringField("by", v.joined().by());
            g.writeNumberField("first_frame", v.joined().from());
            g.writeNumberField("frames", v.joined().count());
            g.writeNumberField("replaced_frames", v.joined().replaced());
            g.writeNumberField("dump_line", v.joined().dumpLine());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /**
     * Each knowledge sentence once, by its key ("glibc/__ppoll"): a frame's {@code meaning} is that key, so that the same
     * sentence is not written for every frame of every thread (CONTRACT.md, since 0.2).
     */
    private static void writeMeanings(JsonGenerator g, Backtrace bt, Analysis analysis) throws IOException {
        java.util.Map<String, String> meanings = new java.util.TreeMap<>();
        // each entry once, by identity: a million frames name a few hundred entries
        java.util.Set<FunctionEntry> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Snapshot s : bt.snapshots()) {
            for (ThreadTrace t : s.threads()) {
                CallPath p = analysis.of(t).path();
                for (int i = 0; i < p.size(); i++) {
                    FunctionEntry e = p.entry(i);
                    if (e != null && seen.add(e)) {
                        meanings.putIfAbsent(meaningKey(e.id()), e.meaning());
                    }
                }
            }
        }
        g.writeObjectFieldStart("meanings");
        for (java.util.Map.Entry<String, String> e : meanings.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** "glibc.__ppoll" → "glibc/__ppoll": the pack, then the entry's name in it. */
    static String meaningKey(String entryId) {
        return entryId == null ? null : MEANING_KEYS.computeIfAbsent(entryId, id -> id.replaceFirst("\\.", "/"));
    }

    /** Each entry's key made once: a large listing asks for it a million times. */
    private static final java.util.Map<String, String> MEANING_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private static void writeFrame(JsonGenerator g, Frame f, String meaning, String entry) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", f.index());
        g.writeStringField("function", f.function());
        g.writeStringField("address", f.address());
        g.writeStringField("args", f.args());
        g.writeStringField("file", f.source() == null ? null : f.source().file());
        writeNullableNumber(g, "line", f.source() == null || !f.source().hasLine() ? null : (long) f.source().line());
        g.writeStringField("library", f.library());
        g.writeBooleanField("inlined", f.inlined());
        if (f.unreliable()) {
            g.writeBooleanField("unreliable", true); // a kernel "?" frame: maybe a leftover, not a caller
        }
        g.writeStringField("meaning", meaning);
        if (entry != null) {
            g.writeStringField("knowledge", entry);
        }
        if (f.signalHandler()) {
            g.writeBooleanField("signal_handler", true);
        }
        if (!f.locals().isEmpty()) {
            g.writeArrayFieldStart("locals");
            for (Local l : f.locals()) {
                g.writeStartObject();
                g.writeStringField("name", l.name());
                g.writeStringField("value", l.value());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeNumberField("input_line", f.line());
        g.writeEndObject();
    }

    private static void writeNullableNumber(JsonGenerator g, String field, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

}
