package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.InputStats;
import dev.btexplain.model.ParseWarning;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An input that holds several formats one after the other, as a bug report pastes them: coredumpctl's stack
 * traces, then a gdb session on the same core. Each line goes to the format of the last line that said which
 * it is (a frame, a thread header, a session line of that format); each format's parser then reads the whole
 * input with the other formats' lines blanked, so that line numbers stay those of the input. The stacks of
 * all parts make one listing, in input order: the same moment seen by two tools.
 */
public final class MixedParser implements BacktraceParser {
    /** The most of a mixed input read (it is held in memory, once per format). */
    static final long MAX_BYTES = 64L << 20;
    private final List<InputFormat> among;
    private final Function<InputFormat, BacktraceParser> parsers;

    /** @param among the formats the input was found to hold; {@code parsers} gives the parser of each */
    public MixedParser(List<InputFormat> among, Function<InputFormat, BacktraceParser> parsers) {
        this.among = List.copyOf(among);
        this.parsers = parsers;
    }

    @Override
    public InputFormat format() {
        return InputFormat.MIXED;
    }

    @Override
    public Backtrace parse(LineSource source) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        boolean cut = false;
        while ((line = source.next()) != null) {
            lines.add(line);
            if (source.bytesRead() > MAX_BYTES) {
                cut = true; // each part is read from memory: a mixed paste is small, a huge one is cut, and says so
                break;
            }
        }
        List<InputFormat> owner = owners(lines, present(lines));
        LinkedHashSet<InputFormat> order = new LinkedHashSet<>(owner);
        List<Backtrace> parts = new ArrayList<>();
        for (InputFormat f : order) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                text.append(owner.get(i) == f ? lines.get(i) : "").append('\n');
            }
            LineSource part = new LineSource(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE);
            parts.add(parsers.apply(f).parse(part));
        }
        Backtrace merged = parts.size() == 1 ? parts.get(0) : merge(parts, List.copyOf(order), lines.size());
        // the parts were read from memory: how much of the input was read, and whether all of it, is the source's
        List<ParseWarning> warnings = new ArrayList<>(merged.warnings());
        if (cut) {
            warnings.add(new ParseWarning(lines.size(), 0, "input-limit", "a mixed input is read up to "
                    + (MAX_BYTES >> 20) + " MiB; the rest was not read", ""));
        } else if (source.limitReached()) {
            warnings.add(new ParseWarning(0, 0, "input-limit", LineSource.limitMessage(source.bytesRead()), ""));
        }
        InputStats s = merged.stats();
        return new Backtrace(merged.format(), merged.snapshots(), merged.events(), new InputStats(s.linesRead(),
                s.linesUsed(), s.unparsedLines(), s.skipped(), source.bytesRead(), cut || source.limitReached()), warnings,
                merged.formats());
    }

    /** The formats among those mixed that the input's lines show (a format's session lines alone do not make it present). */
    private List<InputFormat> present(List<String> lines) {
        byte[] text = String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
        Map<InputFormat, Integer> scores = new FormatDetector().detect(text, text.length).scores();
        List<InputFormat> present = among.stream().filter(scores::containsKey).toList();
        return present.isEmpty() ? among : present;
    }

    /** The format of each line: that of the last line that said which, the first such for the lines before it. */
    private List<InputFormat> owners(List<String> lines, List<InputFormat> among) {
        FormatDetector detector = new FormatDetector();
        List<InputFormat> owner = new ArrayList<>(lines.size());
        InputFormat current = null;
        int unclaimed = 0;
        for (String l : lines) {
            InputFormat f = l.isBlank() ? null : detector.claim(l, among);
            if (f != null && current == null) {
                for (int i = 0; i < unclaimed; i++) {
                    owner.set(i, f);
                }
            }
            current = f != null ? f : current;
            owner.add(current);
            unclaimed += current == null ? 1 : 0;
        }
        if (current == null) {
            owner.replaceAll(x -> among.get(0));
        }
        return owner;
    }

    private static Backtrace merge(List<Backtrace> parts, List<InputFormat> formats, int lineCount) {
        List<ThreadTrace> threads = new ArrayList<>();
        List<DebuggerEvent> events = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>();
        Map<String, Long> skipped = new HashMap<>();
        long used = 0;
        long unparsed = 0;
        for (Backtrace b : parts) {
            b.snapshots().forEach(s -> threads.addAll(s.threads()));
            events.addAll(b.events());
            warnings.addAll(b.warnings());
            b.stats().skipped().forEach((k, v) -> skipped.merge(k, v, Long::sum));
            used += b.stats().linesUsed();
            unparsed += b.stats().unparsedLines();
        }
        // every part read every line; the lines it did not own were blank to it and are counted once, by their owner
        skipped.merge("blank", -(long) (parts.size() - 1) * lineCount, Long::sum);
        skipped.remove("blank", 0L);
        events.sort(Comparator.comparingInt(DebuggerEvent::line));
        warnings.sort(Comparator.comparingInt(ParseWarning::line));
        threads.sort(Comparator.comparingInt(ThreadTrace::line));
        List<Snapshot> snapshots = threads.isEmpty() ? List.of() : List.of(new Snapshot(threads, threads.get(0).line()));
        InputStats stats = new InputStats(lineCount, used, unparsed, skipped, 0, false);
        return new Backtrace(InputFormat.MIXED, snapshots, events, stats, warnings, formats);
    }
}
