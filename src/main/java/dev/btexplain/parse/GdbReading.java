package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputStats;
import dev.btexplain.model.Local;
import dev.btexplain.model.ParseWarning;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.btexplain.parse.GdbParser.*;

/**
 * What one gdb parse holds while it reads (the listings, the thread and frame being read, the session's events) and
 * how it counts every line: used, skipped for a named reason, or unparsed with a warning. The layers above it read
 * frames and locals ({@link GdbFrames}), threads, listings and commands ({@link GdbThreads}), the fast paths for the
 * common lines ({@link GdbFastPaths}), and classify each line ({@link GdbRun}).
 */
abstract class GdbReading {
    GdbReading(LineSource lines) {
        this.lines = lines;
    }

    final LineSource lines;
    final Interner interner = new Interner();
    final GdbFrameLine frameLine = new GdbFrameLine(interner);
    final AsciiFrameLine asciiFrameLine = new AsciiFrameLine(interner);
    final SourceRefs sources = new SourceRefs();
    final TextBlocks argsText = new TextBlocks();
    State state = State.OUTSIDE;

    final List<Snapshot> snapshots = new ArrayList<>();
    List<ThreadTrace> threads = new ArrayList<>();
    final Set<Long> threadKeys = new HashSet<>();
    int snapshotLine;
    boolean newListingRequested;
    /** The listing being read began with a "thread apply all" command (kept per listing for merging parts). */
    boolean snapshotRequested;
    final List<Boolean> snapshotsRequested = new ArrayList<>();

    ThreadIdentity threadIdentity;
    int threadLine;
    /** The current thread's frames, in {@link #columns}; null outside a thread. */
    FrameColumns frames;
    final FrameColumns columns = new FrameColumns();
    String stopReason;
    boolean moreFramesFollow;
    /** The current thread's stack is py-bt's (CPython's gdb extension): its Python frames, not gdb's. */
    boolean pythonStack;

    // The frame being read: its text (joined when wrapped) and where it began.
    String frameText;
    StringBuilder frameJoin;
    int frameLineCount;
    int frameStartLine;
    /** A frame of the current thread has been read and may still take locals or its location line. */
    boolean hasLastFrame;
    List<Local> lastFrameLocals;

    String localName;
    StringBuilder localValue;
    int localLines;
    int localStartLine;

    /** The last thing read was a stop (signal, core, thread switch): a lone "#0" now is gdb's stop print. */
    boolean afterStop;
    /** Input line of the "#0" that gdb printed when it stopped, while it is a one-frame thread; 0 when none. */
    int stopPrintFrameLine;

    // In STOP_LINE: the wrapped stop line read so far, where it began, over how many lines, and the state to go back to.
    StringBuilder wrappedStop;
    int wrappedStopLine;
    int wrappedStopLines;
    State beforeStopLine;

    /** The wrapped stop line read so far becomes gdb's stop location; the parse goes back to where it was. */
    void flushWrappedStop() {
        events.add(new DebuggerEvent(DebuggerEvent.Kind.STOP_LOCATION, wrappedStop.toString(), wrappedStopLine));
        wrappedStop = null;
        state = beforeStopLine;
    }

    /** A "bt" command was typed: the frames that follow are a new listing of the selected thread. */
    boolean backtraceCommand;

    /** The thread gdb has selected now: a plain {@code bt} prints this one. */
    ThreadIdentity selected = ThreadIdentity.NONE;
    /** The thread gdb stopped in (signal, core, first selection): reported as {@code current}. */
    Integer currentNumber;

    final List<DebuggerEvent> events = new ArrayList<>();
    /** Unrecognised lines outside any stack, held back: if a signal line follows, they are the program's output. */
    final ArrayDeque<HeldLine> recentUnparsed = new ArrayDeque<>();

    long used;
    long unparsed;
    final Map<String, Long> skipped = new HashMap<>();
    final List<ParseWarning> warnings = new ArrayList<>();
    final Map<String, Integer> unlistedWarnings = new HashMap<>();
    long headersSeen;
    long framesSeen;
    boolean gaveUp;

    /** The current line's text; null while the hot path reads a frame line from bytes. */
    String line;
    int lineNo;
    String unterminatedLastLine;

    byte[] join = new byte[256];

    final AsciiChars asciiChars = new AsciiChars();

    /** The last finished frame's text, re-read when gdb put its location on the next line. */
    String lastFrameText;

    // ---- bt full locals ----

    /** "        rc = <optimized out>" under a frame; starts LOCAL state when the value spans lines. */
    int localIndent;

    ThreadTrace lastEnded;
    ThreadIdentity lastEndedIdentity;

    // ---- session events and the program's own output ----

    void event(DebuggerEvent.Kind kind, int from) {
        // a core made by gcore has no "Program terminated" line: gdb prints frame #0 right after "Core was generated by"
        afterStop = kind != DebuggerEvent.Kind.PROGRAM_OUTPUT;
        flushRecentUnparsed();
        events.add(new DebuggerEvent(kind, line.substring(from).trim(), lineNo));
        used++;
    }

    /** The unrecognised lines right before a signal are what the program printed as it failed. */
    void keepProgramOutput() {
        if (state != State.OUTSIDE && frames != null) {
            return;
        }
        for (HeldLine u : recentUnparsed) {
            events.add(new DebuggerEvent(DebuggerEvent.Kind.PROGRAM_OUTPUT, u.text(), u.line()));
            used++;
        }
        recentUnparsed.clear();
    }

    void flushRecentUnparsed() {
        while (!recentUnparsed.isEmpty()) {
            HeldLine u = recentUnparsed.removeFirst();
            countUnparsed(u.line(), u.column(), "unparsed-line", "line not understood", u.text());
        }
    }

    // ---- accounting ----

    void unparsedLine(int from, String code, String message) {
        if (state == State.OUTSIDE && frames == null && code.equals("unparsed-line")) {
            recentUnparsed.addLast(new HeldLine(lineNo, from + 1, line.substring(from).trim()));
            if (recentUnparsed.size() > PROGRAM_OUTPUT_LINES) {
                HeldLine u = recentUnparsed.removeFirst();
                countUnparsed(u.line(), u.column(), code, message, u.text());
            }
            return;
        }
        countUnparsed(lineNo, from + 1, code, message, excerpt(line, from));
    }

    void countUnparsed(int at, int column, String code, String message, String text) {
        unparsed++;
        warnAt(at, column, code, message, excerpt(text, 0));
    }

    void skip(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    void warn(int column, String code, String message, String excerpt) {
        warnAt(lineNo, column, code, message, excerpt);
    }

    void warnAt(int at, int column, String code, String message, String excerpt) {
        if (warnings.size() < MAX_LISTED_WARNINGS) {
            warnings.add(new ParseWarning(at, column, code, message, excerpt));
        } else {
            unlistedWarnings.merge(code, 1, Integer::sum);
        }
    }

    GdbPart build() {
        InputStats stats = new InputStats(lines.linesRead(), used, unparsed, skipped, lines.bytesRead(),
                lines.limitReached() || gaveUp);
        return new GdbPart(snapshots, snapshotsRequested, newListingRequested, stopPrintFrameLine, events, stats,
                warnings, unlistedWarnings, currentNumber, List.of(columns));
    }
}
