package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Frame;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.InputStats;
import dev.btexplain.model.ParseWarning;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.SourceRef;
import dev.btexplain.model.TextBlock;
import dev.btexplain.model.ThreadTrace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects threads, frames, events and line accounting for the parsers of the simpler formats (LLDB, eu-stack,
 * coredumpctl): every line ends in exactly one bucket, as in the gdb parser.
 */
final class TraceBuilder {
    private static final int MAX_WARNINGS = 200;

    private final List<ThreadTrace> threads = new ArrayList<>();
    private final List<DebuggerEvent> events = new ArrayList<>();
    private final List<ParseWarning> warnings = new ArrayList<>();
    private final Map<String, Long> skipped = new HashMap<>();
    private long used;
    private long unparsed;

    /** A frame printed without an address is an inlined one (LLDB, eu-stack), not in sanitizer reports. */
    private final boolean inlinedWithoutAddress;

    TraceBuilder() {
        this(true);
    }

    TraceBuilder(boolean inlinedWithoutAddress) {
        this.inlinedWithoutAddress = inlinedWithoutAddress;
    }

    private Integer number;
    private Long lwp;
    private String pthread;
    private String name;
    private boolean current;
    private int threadLine;
    private List<Frame> frames;
    private String stopReason;
    private dev.btexplain.model.RuntimeView runtime;

    /** A thread from its header line, which is counted as used. */
    void startThread(Integer number, Long lwp, String name, boolean current, int line) {
        if (frames != null && frames.isEmpty() && number != null && number.equals(this.number)) {
            used++; // the same header printed again before any frame (LLDB's stop print): one thread
            return;
        }
        startStack(name, current, line);
        this.number = number;
        this.lwp = lwp;
        used++;
    }

    /** A stack with no header line of its own (a sanitizer's, a crash log's): its title line is counted where it was read. */
    void startStack(String name, boolean current, int line) {
        endThread();
        this.number = null;
        this.lwp = null;
        this.pthread = null;
        this.name = name;
        this.current = current;
        this.threadLine = line;
        this.frames = new ArrayList<>();
    }

    /** A kernel task's stack: its pid and name come from a report line already counted. */
    void startStack(Long lwp, String name, boolean current, int line) {
        startStack(name, current, line);
        this.lwp = lwp;
    }

    /** The thread's pthread_t, as the runtime printed it (a Python dump's {@code Thread 0x00007f…}). */
    void pthread(String id) {
        this.pthread = id;
    }

    boolean inThread() {
        return frames != null;
    }

    /** A frame of the current thread (a headerless one starts a thread of its own). */
    void frame(int index, long pc, int pcDigits, String function, String args, String file, int sourceLine,
               String library, int line) {
        frame(index, pc, pcDigits, function, args, file, sourceLine, library, line, false);
    }

    /** A frame that may be an unconfirmed one (a kernel's {@code ?} frame). */
    void frame(int index, long pc, int pcDigits, String function, String args, String file, int sourceLine,
               String library, int line, boolean unreliable) {
        if (frames == null) {
            startStack(null, false, line);
        }
        byte[] bytes = args == null ? null : args.getBytes(StandardCharsets.UTF_8);
        TextBlock block = bytes == null ? null : new TextBlock(bytes);
        frames.add(new Frame(index, pc, pcDigits, function, block, 0, bytes == null ? -1 : bytes.length,
                file == null ? null : new SourceRef(file, sourceLine), library, inlinedWithoutAddress && pcDigits == 0 && index > 0,
                false, List.of(), line, unreliable));
        used++;
    }

    /**
     * A frame printed once that belongs to a second stack too (a Java cause's "... N more": the frames it shares with
     * the trace it is nested in): its line is counted where it was printed.
     */
    void frameAgain(int index, String function, String file, int sourceLine, String library, int line) {
        frame(index, 0, 0, function, null, file, sourceLine, library, line);
        used--;
    }

    /** The source line eu-stack -s prints under a frame: it replaces the frame's location. */
    void sourceOfLastFrame(String file, int sourceLine) {
        Frame f = frames.get(frames.size() - 1);
        TextBlock args = f.argsText();
        frames.set(frames.size() - 1, new Frame(f.index(), f.pc(), f.pcDigits(), f.function(), args, f.argsOffset(),
                f.argsLength(), new SourceRef(file, sourceLine), f.library(), f.inlined(), f.signalHandler(), f.locals(), f.line()));
        used++;
    }

    /** A frame printed on a line already counted (ARM's caller after "from"). */
    void frameOnCountedLine(int index, long pc, int pcDigits, String function, String library, int line) {
        frame(index, pc, pcDigits, function, null, null, 0, library, line, false);
        used--;
    }

    /** The last frame, printed again on line {@code line} with its address: one frame, now read from that line. */
    void replaceLastFrame(long pc, int pcDigits, String library, int line) {
        Frame f = frames.get(frames.size() - 1);
        frames.set(frames.size() - 1, new Frame(f.index(), pc, pcDigits, f.function(), null, 0, -1, f.source(),
                library != null ? library : f.library(), f.inlined(), f.signalHandler(), f.locals(), line, f.unreliable()));
        used++;
    }

    String lastFunction() {
        return frames.get(frames.size() - 1).function();
    }

    /** Takes back the last frame (and its line): it is read again with its continuation. */
    void dropLastFrame() {
        frames.remove(frames.size() - 1);
        used--;
    }

    /** Why the tool stopped unwinding the current thread (eu-stack's "dwfl_thread_getframes ... No DWARF ..."). */
    /** A line the parser understood that says something is missing (frames a runtime left out): counted, and said. */
    void warn(int line, String code, String message, String excerpt) {
        used++;
        warnings.add(new ParseWarning(line, 1, code, message, excerpt));
    }

    void stopReason(String why) {
        stopReason = why;
        used++;
    }

    /** What a runtime's own dump says of the current thread (its state, its locks). */
    void runtime(dev.btexplain.model.RuntimeView view) {
        this.runtime = view;
    }

    /** A line that completes what was already read (a wrapped frame's end). */
    void countLine() {
        used++;
    }

    /** A printed address ("7f3aa0efc256", without 0x) as a number, 0 when none was printed (null or empty). */
    static long address(String hex) {
        return hex == null || hex.isEmpty() ? 0 : Long.parseUnsignedLong(hex, 16);
    }

    /** How many digits the address was printed with, 0 when none was printed. */
    static int digits(String hex) {
        return hex == null ? 0 : hex.length();
    }

    /** Frames of the current stack so far. */
    int frameCount() {
        return frames == null ? 0 : frames.size();
    }

    boolean hasFrame() {
        return frames != null && !frames.isEmpty();
    }

    /**
     * eu-stack -i prints an inlined function as its own frame with the address of the frame that contains it:
     * a frame with the same address as the next one and another name is inlined into it (a recursion repeats
     * both the address and the name).
     */
    TraceBuilder inlinedWhenAddressRepeats() {
        inlinedWhenAddressRepeats = true;
        return this;
    }

    private boolean inlinedWhenAddressRepeats;

    void endThread() {
        if (frames != null && inlinedWhenAddressRepeats) {
            for (int i = 0; i + 1 < frames.size(); i++) {
                Frame f = frames.get(i);
                Frame next = frames.get(i + 1);
                if (f.hasAddress() && f.pc() == next.pc() && !f.function().equals(next.function()) && !f.inlined()) {
                    frames.set(i, new Frame(f.index(), f.pc(), f.pcDigits(), f.function(), f.argsText(), f.argsOffset(),
                            f.argsLength(), f.source(), f.library(), true, f.signalHandler(), f.locals(), f.line(), f.unreliable()));
                }
            }
        }
        if (frames != null) {
            threads.add(new ThreadTrace(number, lwp, pthread, name, current, frames, stopReason, false, threadLine, runtime));
        }
        frames = null;
        stopReason = null;
        runtime = null;
    }

    void event(DebuggerEvent.Kind kind, String text, int line) {
        events.add(new DebuggerEvent(kind, text, line));
        used++;
    }

    /** An event read from a line already counted (LLDB's stop reason on its thread line). */
    void eventOnCountedLine(DebuggerEvent.Kind kind, String text, int line) {
        events.add(new DebuggerEvent(kind, text, line));
    }

    void skip(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    void unparsed(int line, String text) {
        unparsed++;
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(new ParseWarning(line, 1, "unparsed-line", "line not understood",
                    text.length() > 120 ? text.substring(0, 120) + "…" : text));
        }
    }

    Backtrace build(InputFormat format, LineSource lines) {
        endThread();
        List<Snapshot> snapshots = threads.isEmpty() ? List.of() : List.of(new Snapshot(threads, threads.get(0).line()));
        if (unparsed > MAX_WARNINGS) {
            warnings.add(new ParseWarning(0, 0, "unparsed-line", (unparsed - MAX_WARNINGS) + " more lines not understood", ""));
        }
        if (lines.limitReached()) {
            warnings.add(new ParseWarning(0, 0, "input-limit", LineSource.limitMessage(lines.bytesRead()), ""));
        }
        long lineCount = lines.linesRead();
        return new Backtrace(format, snapshots, events,
                new InputStats(lineCount, used, unparsed, skipped, lines.bytesRead(), lines.limitReached()), warnings);
    }
}
