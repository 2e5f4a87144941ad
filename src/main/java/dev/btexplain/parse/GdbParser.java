package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Frame;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.InputStats;
import dev.btexplain.model.Local;
import dev.btexplain.model.ParseWarning;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.SourceRef;
import dev.btexplain.model.TextBlock;
import dev.btexplain.model.ThreadTrace;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The line state machine for gdb's {@code bt}, {@code bt full}, {@code thread apply all bt [full]} and whole
 * gdb sessions (attach, core, run transcripts, coredumpctl's gdb part).
 *
 * <p>Every line ends in exactly one bucket: used (header, frame, local, session event), skipped for a named
 * reason (banner, pager prompt, ...), or unparsed (counted, and named in a warning with its line number).
 * Cheap character checks classify a line; regexes only split lines already classified (thread headers).
 */
public final class GdbParser implements BacktraceParser {

    /** Warnings listed one by one; past this, one summary line per warning code says how many more. */
    static final int MAX_LISTED_WARNINGS = 200;
    /** Lines a wrapped frame may span before it is closed as it stands. */
    private static final int MAX_FRAME_LINES = 32;
    /** Lines a multi-line local value may span (a pretty-printed struct), and its size in characters. */
    private static final int MAX_LOCAL_LINES = 20_000;
    private static final int MAX_LOCAL_CHARS = 1 << 20;
    /** With no header and no frame after this many lines the input is not a gdb backtrace: stop reading. */
    static final int GIVE_UP_LINES = 200_000;
    /** Unrecognised lines just before a "received signal" line are kept as the program's own output. */
    private static final int PROGRAM_OUTPUT_LINES = 20;

    private static final NoiseTable NOISE = NoiseTable.load("/parse/gdb-noise.txt");

    /** Where the parser is; each constant gives a sample line, where it comes from and where it goes. */
    enum State {
        /**
         * Outside any stack: preamble, session text, the space between listings.
         * Sample: {@code Reading symbols from qemu-system-x86_64...}. From: start, THREAD (blank line).
         * To: THREAD (header), FRAME (a frame with no header: plain {@code bt}), INFO_THREADS.
         */
        OUTSIDE,
        /**
         * Inside a thread's stack, between frames.
         * Sample: {@code Thread 2 (Thread 0x7f3a9e5ff6c0 (LWP 48213) "qemu-system-x86"):}.
         * From: OUTSIDE, FRAME, LOCAL. To: FRAME, LOCAL, THREAD (next header), OUTSIDE.
         */
        THREAD,
        /**
         * A frame whose text may go on over the next lines (gdb's or a mail client's wrapping).
         * Sample: {@code #1  0x0000aaaad998c9e8 in qemu_futex_wait (val=<optimized out>, f=<optimized out>)}
         * followed by {@code     at /home/ubuntu/qemu/include/qemu/futex.h:29}.
         * From: OUTSIDE, THREAD, FRAME, LOCAL. To: THREAD (the line after the frame is handled there), LOCAL.
         */
        FRAME,
        /**
         * A {@code bt full} local whose value spans lines. Sample: {@code         iotlb = {} ... {@code }}.
         * From: THREAD. To: THREAD when braces and quotes balance.
         */
        LOCAL,
        /**
         * gdb's {@code info threads} table. Sample: {@code   Id   Target Id         Frame}.
         * From: OUTSIDE, THREAD. To: OUTSIDE at the first line that is not a row or a row's continuation.
         */
        INFO_THREADS
    }

    @Override
    public InputFormat format() {
        return InputFormat.GDB;
    }

    @Override
    public Backtrace parse(LineSource lines) throws IOException {
        return new Run(lines).read().toBacktrace();
    }

    /** A listing gdb printed into memory (a capture's, the gdb command's), read up to {@code maxBytes}. */
    public Backtrace parse(String listing, long maxBytes) {
        try {
            return parse(new LineSource(new java.io.ByteArrayInputStream(listing.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    maxBytes));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // reading memory does not fail
        }
    }

    /** Reads one part of a larger input; {@link GdbPart#merge} joins the parts in order. */
    static GdbPart parsePart(LineSource lines) throws IOException {
        return new Run(lines).read();
    }

    /** The state of one parse. */
    private static final class Run {
        private final LineSource lines;
        private final Interner interner = new Interner();
        private final GdbFrameLine frameLine = new GdbFrameLine(interner);
        private final AsciiFrameLine asciiFrameLine = new AsciiFrameLine(interner);
        private final SourceRefs sources = new SourceRefs();
        private final TextBlocks argsText = new TextBlocks();
        private State state = State.OUTSIDE;

        private final List<Snapshot> snapshots = new ArrayList<>();
        private List<ThreadTrace> threads = new ArrayList<>();
        private final Set<Long> threadKeys = new HashSet<>();
        private int snapshotLine;
        private boolean newListingRequested;
        /** The listing being read began with a "thread apply all" command (kept per listing for merging parts). */
        private boolean snapshotRequested;
        private final List<Boolean> snapshotsRequested = new ArrayList<>();

        private ThreadIdentity threadIdentity;
        private int threadLine;
        /** The current thread's frames, in {@link #columns}; null outside a thread. */
        private FrameColumns frames;
        private final FrameColumns columns = new FrameColumns();
        private String stopReason;
        private boolean moreFramesFollow;

        // The frame being read: its text (joined when wrapped) and where it began.
        private String frameText;
        private StringBuilder frameJoin;
        private int frameLineCount;
        private int frameStartLine;
        /** A frame of the current thread has been read and may still take locals or its location line. */
        private boolean hasLastFrame;
        private List<Local> lastFrameLocals;

        private String localName;
        private StringBuilder localValue;
        private int localLines;
        private int localStartLine;

        /** The last thing read was a stop (signal, core, thread switch): a lone "#0" now is gdb's stop print. */
        private boolean afterStop;
        /** Input line of the "#0" that gdb printed when it stopped, while it is a one-frame thread; 0 when none. */
        private int stopPrintFrameLine;

        /**
         * "Program terminated with signal SIGSEGV" is followed by gdb's print of frame #0, then by the stacks,
         * which show that frame again. When a listing follows, the print becomes a STOP_LOCATION event rather
         * than a thread of its own; alone, it stays the one-frame thread it looks like.
         */
        private void dropStopPrint() {
            if (stopPrintFrameLine == 0 || threads.isEmpty()) {
                stopPrintFrameLine = 0;
                return;
            }
            ThreadTrace last = threads.get(threads.size() - 1);
            if (last.frames().size() == 1 && last.frames().get(0).line() == stopPrintFrameLine) {
                threads.remove(threads.size() - 1);
                threadKeys.remove(lastEndedIdentity.key());
                lastEnded = null;
                events.add(stopLocationEvent(last.frames().get(0)));
            }
            stopPrintFrameLine = 0;
        }

        /** A stop line gdb wrapped at the terminal's width, while its arguments are still open; null when none. */
        private StringBuilder wrappedStop;
        private int wrappedStopLine;
        private int wrappedStopLines;

        /** The wrapped stop line read so far becomes gdb's stop location. */
        private void flushWrappedStop() {
            events.add(new DebuggerEvent(DebuggerEvent.Kind.STOP_LOCATION, wrappedStop.toString(), wrappedStopLine));
            wrappedStop = null;
        }

        /** A "bt" command was typed: the frames that follow are a new listing of the selected thread. */
        private boolean backtraceCommand;

        /** The thread gdb has selected now: a plain {@code bt} prints this one. */
        private ThreadIdentity selected = ThreadIdentity.NONE;
        /** The thread gdb stopped in (signal, core, first selection): reported as {@code current}. */
        private Integer currentNumber;

        private final List<DebuggerEvent> events = new ArrayList<>();
        /** Unrecognised lines outside any stack, held back: if a signal line follows, they are the program's output. */
        private final ArrayDeque<HeldLine> recentUnparsed = new ArrayDeque<>();

        private long used;
        private long unparsed;
        private final Map<String, Long> skipped = new HashMap<>();
        private final List<ParseWarning> warnings = new ArrayList<>();
        private final Map<String, Integer> unlistedWarnings = new HashMap<>();
        private long headersSeen;
        private long framesSeen;
        private boolean gaveUp;

        /** The current line's text; null while the hot path reads a frame line from bytes. */
        private String line;
        private int lineNo;
        private String unterminatedLastLine;

        Run(LineSource lines) {
            this.lines = lines;
        }

        GdbPart read() throws IOException {
            while (lines.advance()) {
                lineNo = lines.lineNumber();
                if (lines.endedWithoutNewline()) {
                    unterminatedLastLine = lines.text();
                }
                if (lines.isAscii() && !lines.lineIsBinary()
                        && (fastFrame() || fastContinuation() || fastBlank() || fastLocal() || fastHeader())) {
                    continue;
                }
                String raw = lines.text();
                if (lines.lineIsBinary()) {
                    skip("binary");
                    warn(0, "binary-line", "line holds binary data (NUL bytes); skipped", "");
                    continue;
                }
                if (lines.lineHadInvalidUtf8()) {
                    warn(0, "invalid-utf8", "line is not valid UTF-8; bad bytes shown as \uFFFD", excerpt(raw, 0));
                }
                if (lines.lineWasCut()) {
                    warn(0, "line-cut", "line longer than " + LineSource.MAX_LINE_BYTES + " bytes; the rest was not read",
                            excerpt(raw, 0));
                }
                accept(raw);
                if (headersSeen == 0 && framesSeen == 0 && lineNo >= GIVE_UP_LINES) {
                    gaveUp = true;
                    break;
                }
            }
            endOfInput();
            return build();
        }

        /** One input line, through the state machine. */
        private void accept(String raw) {
            line = stripMarkdownLineBreak(raw);
            int from = contentStart(line);
            boolean prompted = from < 0;
            if (prompted) {
                from = -from - 1;
            }
            switch (state) {
                case LOCAL -> {
                    if (continueLocal(from)) {
                        return;
                    }
                }
                case FRAME -> {
                    if (continueFrame(from)) {
                        return;
                    }
                }
                case INFO_THREADS -> {
                    if (!prompted && continueInfoThreads(from)) {
                        return;
                    }
                }
                default -> { }
            }
            classify(from, prompted);
        }

        /** A line in THREAD or OUTSIDE state (or one that ended a FRAME, LOCAL or table). */
        private void classify(int from, boolean prompted) {
            String s = line;
            int n = s.length();
            if (wrappedStop != null) {
                if (from > 0 && from < n && wrappedStopLines < MAX_FRAME_LINES) {
                    // a terminal's gdb wraps a long stop line: "0x… in descend (", "    path=…,", "    depth=…) at f.c:5"
                    wrappedStop.append(wrappedStop.charAt(wrappedStop.length() - 1) == '(' ? "" : " ").append(s.substring(from).strip());
                    wrappedStopLines++;
                    used++;
                    if (frameLine.parse("#0 " + wrappedStop, 0) && frameLine.argsClosed) {
                        flushWrappedStop();
                    }
                    return;
                }
                flushWrappedStop();
            }
            if (from >= n) {
                if (prompted) {
                    skip("gdb-command");
                } else {
                    skip("blank");
                    if (state == State.THREAD && frames != null && frames.count() > 0) {
                        endThread();
                    }
                }
                return;
            }
            char c = s.charAt(from);
            if (c == '#' && GdbFrameLine.isFrameStart(s, from)) {
                startFrame(from);
                return;
            }
            int pager = NOISE.pagerPromptLength(s, from);
            if (pager > 0) {
                // "--Type <RET> for more...--#5  0x..." : the prompt, then the text the user paged to.
                int rest = GdbFrameLine.skipSpaces(s, from + pager);
                if (rest < n) {
                    classify(rest, false);
                } else {
                    skip("pager-prompt");
                }
                return;
            }
            if (prompted && command(from)) {
                return;
            }
            if (c == 'T' && s.startsWith("Thread ", from) && from + 7 < n && GdbFrameLine.isDigit(s.charAt(from + 7))) {
                if (header(from)) {
                    return;
                }
            }
            if (c == '[' && (s.startsWith("[Switching to ", from) || s.startsWith("[Current thread is ", from))) {
                ThreadIdentity id = ThreadIdentity.fromSwitch(s.substring(from).trim());
                if (id != null) {
                    id = id.completedFrom(selected);
                    selected = id;
                    if (currentNumber == null) {
                        currentNumber = id.number(); // the thread gdb stopped in; later switches are the user's
                    }
                    if (frames != null && frames.count() == 1 && threadIdentity.key() == ThreadIdentity.HEADERLESS) {
                        // "#0 ..." printed when a core was loaded, then "[Current thread is 1 (...)]": the lone
                        // frame belongs to the thread gdb names now.
                        finishPendingFrame();
                        threadKeys.remove(threadIdentity.key());
                        threadIdentity = id;
                        threadKeys.add(id.key());
                    } else {
                        endThread();
                    }
                    event(s.startsWith("[Switching", from) ? DebuggerEvent.Kind.SWITCHED_TO_THREAD
                            : DebuggerEvent.Kind.CURRENT_THREAD, from);
                    return;
                }
            }
            if (c == 'P' && (s.startsWith("Program received signal", from) || s.startsWith("Program terminated with signal", from))) {
                keepProgramOutput();
                endThread();
                event(s.startsWith("Program received", from) ? DebuggerEvent.Kind.SIGNAL_RECEIVED
                        : DebuggerEvent.Kind.PROGRAM_TERMINATED, from);
                return;
            }
            if (c == 'C' && s.startsWith("Core was generated by", from)) {
                event(DebuggerEvent.Kind.CORE_GENERATED_BY, from);
                return;
            }
            if (c == 'B' && s.startsWith("Backtrace stopped:", from)) {
                if (frames != null) {
                    stopReason = s.substring(from + "Backtrace stopped:".length()).trim();
                    used++;
                    endThread();
                } else {
                    skip("backtrace-stopped");
                }
                return;
            }
            if (c == '(' && s.startsWith("(More stack frames follow...)", from)) {
                if (frames != null) {
                    moreFramesFollow = true;
                    used++;
                    endThread();
                } else {
                    skip("backtrace-stopped");
                }
                return;
            }
            if (c == 'I' && s.startsWith("Id   Target Id", from)) {
                endThread();
                skip("info-threads");
                state = State.INFO_THREADS;
                return;
            }
            if (!prompted && plainCommand(from)) {
                return;
            }
            if (state == State.THREAD && hasLastFrame && from > 0 && local(from)) {
                return;
            }
            if (c == 'C' && frames != null && frames.count() > 0 && stopReason == null
                    && s.startsWith("Cannot access memory at address", from)) {
                stopReason = s.substring(from).trim(); // the unwinder could not read the next frame
                used++;
                endThread();
                return;
            }
            String reason = NOISE.reason(s, from);
            if (reason != null) {
                if (reason.equals("thread-event")) {
                    // "[Inferior 1 (process 4) detached]", "[New LWP 5]": a session ends or starts, so does any stack;
                    // gdb's stop print of the next attach can follow
                    endThread();
                }
                skip(reason);
                return;
            }
            if (GdbFrameLine.isDigit(c) && GdbSessionLines.isSourceEcho(s, from)) {
                skip("source-echo");
                return;
            }
            if ((c == '0' && GdbSessionLines.isSharedLibraryRow(s, from)) || ((c == 'N' || c == 'Y') && from > 20
                    && (s.startsWith("No ", from) || s.startsWith("Yes ", from)))) {
                skip("shared-libraries");
                return;
            }
            if (c == '$' && GdbSessionLines.isValueHistory(s, from)) {
                if (s.indexOf("si_signo = ", from) > 0) {
                    // p $_siginfo: where the signal came from (not a stop: gdb prints no frame after it)
                    events.add(new DebuggerEvent(DebuggerEvent.Kind.SIGNAL_INFO, line.substring(from).trim(), lineNo));
                    used++;
                } else {
                    skip("gdb-value"); // "$1 = 0x0" from a "print" command
                }
                return;
            }
            if (GdbSessionLines.isRegisterRow(s, from)) {
                skip("registers"); // "rax            0x1405b18\t20994840" from "info registers"
                return;
            }
            if (GdbSessionLines.isDisassemblyRow(s, from)) {
                skip("disassembly"); // "   0x00000000004201d0 <+0>:\tpush   %r15"
                return;
            }
            if (s.charAt(0) == '\t' && s.startsWith("in ", from)) {
                skip("source-echo"); // old gdb: "\tin ../nptl/sysdeps/unix/sysv/linux/pt-raise.c"
                return;
            }
            if (state == State.OUTSIDE && stopLocation(from)) {
                return;
            }
            if (c == '0' && s.startsWith("0x", from) && s.indexOf(" in ", from) > 0) {
                if (afterStop && s.endsWith("(") && frameLine.parse("#0 " + s.substring(from), 0) && !frameLine.argsClosed) {
                    wrappedStop = new StringBuilder(s.substring(from).strip()); // its arguments follow on the next lines
                    wrappedStopLine = lineNo;
                    wrappedStopLines = 1;
                    used++;
                    return;
                }
                // "0x00007f549d0bdb0e in ppoll () from target:/lib64/libc.so.6" after attach
                event(DebuggerEvent.Kind.STOP_LOCATION, from);
                return;
            }
            unparsedLine(from, "unparsed-line", "line not understood");
        }

        // ---- frames ----

        private void startFrame(int from) {
            flushRecentUnparsed();
            finishPendingFrame();
            if (!frameLine.parse(line, from)) {
                unparsedLine(from, "unparsed-frame-line", "frame line in a shape gdb does not print");
                return;
            }
            beginFrame(from == 0 ? line : line.substring(from));
        }

        /**
         * The hot path: a frame line inside a stack, read from the input's bytes by {@link AsciiFrameLine}
         * without making a String of the line. False when the line is for the general path.
         */
        private boolean fastFrame() {
            if (frames == null || frameText != null || (state != State.THREAD && state != State.FRAME)) {
                return false;
            }
            byte[] b = lines.bytes();
            int to = lines.end();
            int from = skipBlanks(b, lines.start(), to);
            if (from + 1 >= to || b[from] != '#' || b[from + 1] < '0' || b[from + 1] > '9'
                    || !asciiFrameLine.parse(b, from, to, frameLine)) {
                return false;
            }
            // A frame with no location may get it on the next line ("    at file.c:12"): keep its text for that.
            line = null;
            boolean located = frameLine.file != null || frameLine.library != null;
            beginFrame(located ? null : lines.text().substring(from - lines.start()));
            return true;
        }

        /**
         * The hot path for a one-line {@code bt full} local, "        pool = 0x5599ef1685c0", read from bytes: a
         * name of identifier characters, " = ", and a value without braces, quotes or gdb's warnings. Other
         * locals take the general path, which joins values printed over several lines.
         */
        private boolean fastLocal() {
            if (!hasLastFrame || frameText != null || (state != State.THREAD && state != State.FRAME)) {
                return false;
            }
            byte[] b = lines.bytes();
            int from = lines.start();
            int to = lines.end();
            int i = skipBlanks(b, from, to);
            int nameStart = i;
            if (i == from || i >= to) {
                return false;
            }
            while (i < to && (Character.isLetterOrDigit(b[i]) || b[i] == '_' || b[i] == '$' || b[i] == '.')) {
                i++;
            }
            int nameEnd = i;
            if (nameEnd == nameStart || i + 3 >= to || b[i] != ' ' || b[i + 1] != '=' || b[i + 2] != ' ') {
                return false;
            }
            int valueStart = i + 3;
            int end = to;
            while (end > valueStart && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
                end--;
            }
            if (end == valueStart || b[valueStart] == 'w') {
                return false; // "name = " (value on the next line) or "name = warning: ..."
            }
            for (int k = valueStart; k < end; k++) {
                byte c = b[k];
                if (c == '{' || c == '}' || c == '"' || c == '\'' || c < ' ') {
                    return false;
                }
            }
            if (state == State.FRAME) {
                state = State.THREAD;
            }
            if (lastFrameLocals == null) {
                lastFrameLocals = new ArrayList<>();
            }
            lastFrameLocals.add(new Local(interner.intern(b, nameStart, nameEnd),
                    new String(b, valueStart, end - valueStart, java.nio.charset.StandardCharsets.ISO_8859_1)));
            used++;
            return true;
        }

        /**
         * The hot path for the next line of a wrapped frame ("    timeout=499000000)", "    at util/x.c:12"):
         * the frame's text so far and this line are joined as the general path joins them and read by
         * {@link AsciiFrameLine}; when that reader does not accept the result (still incomplete, or an odd
         * shape), nothing has changed and the general path takes the line.
         */
        private boolean fastContinuation() {
            if (state != State.FRAME || frames == null) {
                return false;
            }
            byte[] b = lines.bytes();
            int from = lines.start();
            int to = lines.end();
            int i = skipBlanks(b, from, to);
            int end = to;
            while (end > i && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
                end--;
            }
            if (i >= end) {
                return false;
            }
            byte c = b[i];
            if (c == '#' || c == '>' || c == '(' || c == '-' || c == 'T' || b[end - 1] == '\\') {
                return false; // a frame, a quote, a prompt, a pager prompt, a header, a markdown break
            }
            String base;
            boolean open = frameText != null;
            if (open) {
                if (frameLineCount >= MAX_FRAME_LINES || (i > from && looksLikeLocal(asciiChars.of(b, from, to), i - from))) {
                    return false;
                }
                base = frameText;
            } else {
                CharSequence text = asciiChars.of(b, from, to);
                boolean location = GdbFrameLine.startsWith(text, "at ", i - from)
                        || GdbFrameLine.startsWith(text, "from ", i - from);
                if (!location || !hasLastFrame || frames.lastHasLocation() || lastFrameLocals != null
                        || lastFrameText == null) {
                    return false;
                }
                base = lastFrameText;
            }
            int baseEnd = base.length();
            while (baseEnd > 0 && base.charAt(baseEnd - 1) == ' ') {
                baseEnd--;
            }
            int len = baseEnd + 1 + (end - i);
            if (join.length < len) {
                join = new byte[Math.max(len, join.length * 2)];
            }
            for (int k = 0; k < baseEnd; k++) {
                char ch = base.charAt(k);
                if (ch >= 0x80) {
                    return false;
                }
                join[k] = (byte) ch;
            }
            join[baseEnd] = ' ';
            System.arraycopy(b, i, join, baseEnd + 1, end - i);
            if (!GdbFrameLine.isFrameStart(base, 0) || !asciiFrameLine.parse(join, 0, len, frameLine)) {
                return false;
            }
            if (!open) {
                frames.removeLast();
                hasLastFrame = false;
            }
            used++;
            line = null;
            boolean located = frameLine.file != null || frameLine.library != null;
            frameText = located ? null : new String(join, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
            addFrame();
            frameText = null;
            frameJoin = null;
            return true;
        }

        private byte[] join = new byte[256];

        private static int skipBlanks(byte[] b, int i, int to) {
            while (i < to && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            return i;
        }

        /** The hot path for the common thread header, read from the input's bytes. */
        private boolean fastHeader() {
            byte[] b = lines.bytes();
            int from = lines.start();
            int to = lines.end();
            if (to - from < 12 || b[from] != 'T' || b[to - 1] != ':' || state == State.LOCAL
                    || state == State.INFO_THREADS || (state == State.FRAME && frameText != null)) {
                return false;
            }
            ThreadIdentity id = ThreadIdentity.commonHeader(asciiChars.of(b, from, to));
            if (id == null) {
                return false;
            }
            beginHeader(id);
            return true;
        }

        private final AsciiChars asciiChars = new AsciiChars();

        /** The hot path for the blank line after each thread of a large listing, without making a String. */
        private boolean fastBlank() {
            byte[] b = lines.bytes();
            for (int i = lines.start(); i < lines.end(); i++) {
                if (b[i] != ' ' && b[i] != '\t') {
                    return false;
                }
            }
            if (state != State.THREAD && state != State.OUTSIDE && !(state == State.FRAME && frameText == null)) {
                return false;
            }
            finishPendingFrame();
            skip("blank");
            if (state == State.THREAD && frames != null && frames.count() > 0) {
                endThread();
            }
            return true;
        }

        /** A frame whose line {@link #frameLine} has just split; {@code text} is its line, or null on the hot path. */
        private void beginFrame(String text) {
            framesSeen++;
            if (frames == null) {
                if (!reopenInterruptedThread()) {
                    boolean stopPrint = afterStop;
                    startThread(selected, lineNo);
                    stopPrintFrameLine = stopPrint ? lineNo : 0;
                }
            } else if ((frameLine.index == 0 || backtraceCommand) && frames.count() > 0) {
                if (frames.count() == 1 && lastFrameLocals == null && sameFrame(frames.get(0))) {
                    // gdb prints the selected frame #0 when it stops or switches threads; "bt" then prints it
                    // again at the top of the stack: the first print is not a second frame.
                    frames.clear();
                    hasLastFrame = false;
                    skipped.merge("repeated-frame-print", 1L, Long::sum);
                    used--;
                } else {
                    endThread();
                    startThread(selected, lineNo);
                }
            }
            backtraceCommand = false;
            frameText = text;
            frameJoin = null;
            frameLineCount = 1;
            frameStartLine = lineNo;
            used++;
            if (frameLine.complete) {
                addFrame();
                state = State.FRAME; // a complete frame can still be followed by "    at file.c:12"
                frameText = null;
            } else {
                state = State.FRAME;
            }
        }

        private boolean sameFrame(Frame f) {
            return f.function().equals(frameLine.function) && f.pc() == frameLine.pc && f.pcDigits() == frameLine.pcDigits;
        }

        /** FRAME state: does this line continue the frame? */
        private boolean continueFrame(int from) {
            String s = line;
            boolean open = frameText != null; // the frame's text did not close yet
            if (from >= s.length() || GdbFrameLine.isFrameStart(s, from) || frameLineCount >= MAX_FRAME_LINES
                    || s.startsWith("Thread ", from)) {
                finishPendingFrame();
                return false;
            }
            if (open && from > 0 && looksLikeLocal(s, from)) {
                finishPendingFrame(); // "        f = <value optimized out>": bt full locals under a frame cut short
                return false;
            }
            if (open) {
                if (NOISE.pagerPromptLength(s, from) > 0 && GdbFrameLine.skipSpaces(s, from + NOISE.pagerPromptLength(s, from)) >= s.length()) {
                    skip("pager-prompt");
                    return true;
                }
                appendToFrame(from);
                return true;
            }
            // A finished frame still takes gdb's location line: "    at ../util/rcu.c:278" / "    from /lib/x.so".
            if ((s.startsWith("at ", from) || s.startsWith("from ", from)) && hasLastFrame
                    && !frames.lastHasLocation() && lastFrameLocals == null) {
                frameText = lastFrameText;
                frames.removeLast();
                hasLastFrame = false;
                appendToFrame(from);
                return true;
            }
            state = State.THREAD;
            return false;
        }

        private void appendToFrame(int from) {
            if (frameJoin == null) {
                frameJoin = new StringBuilder(frameText.length() + 64);
                frameJoin.append(frameText);
            }
            int end = frameJoin.length();
            while (end > 0 && frameJoin.charAt(end - 1) == ' ') {
                end--;
            }
            frameJoin.setLength(end);
            frameJoin.append(' ').append(line, from, trimmedEnd(line));
            frameText = frameJoin.toString();
            frameLineCount++;
            used++;
            if (frameLine.parse(frameText, 0) && frameLine.complete) {
                addFrame();
                frameText = null;
                frameJoin = null;
            }
        }

        /** The last finished frame's text, re-read when gdb put its location on the next line. */
        private String lastFrameText;

        /** Ends the frame being read, even when its text did not close (a truncated or cut line). */
        private void finishPendingFrame() {
            if (state == State.LOCAL) {
                finishLocal();
            }
            if (frameText != null) {
                if (frameLine.parse(frameText, 0)) {
                    warnAt(frameStartLine, 0, "truncated-frame",
                            "frame text ends before its argument list or location closes; kept as far as it goes",
                            excerpt(frameText, 0));
                    addFrame();
                }
                frameText = null;
                frameJoin = null;
            }
            if (state == State.FRAME) {
                state = State.THREAD;
            }
        }

        /** Gives the last frame the {@code bt full} locals read under it; done once, when the frame ends. */
        private void sealLastFrame() {
            if (lastFrameLocals != null && hasLastFrame) {
                frames.setLocalsOfLast(lastFrameLocals);
            }
            hasLastFrame = false;
            lastFrameLocals = null;
        }

        private void addFrame() {
            sealLastFrame();
            GdbFrameLine f = frameLine;
            lastFrameText = frameText;
            SourceRef source = f.file == null ? null : sources.get(f.file, f.sourceLine);
            boolean callerOfInlined = f.pcDigits == 0 && f.index != 0 && !f.signalHandler;
            TextBlock block = null;
            int offset = 0;
            int length = -1;
            if (f.argsBytes != null) {
                offset = argsText.append(f.argsBytes, f.argsFrom, f.argsTo);
                length = f.argsTo - f.argsFrom;
                block = argsText.block();
            } else if (f.args != null) {
                byte[] utf8 = f.args.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                offset = argsText.append(utf8, 0, utf8.length);
                length = utf8.length;
                block = argsText.block();
            }
            if (f.trailingColumn > 0 && f.argsClosed) {
                warnAt(frameStartLine, 0, "frame-trailing-text", "text after the frame's location was not understood",
                        excerpt(frameText, f.trailingColumn - 1));
            }
            frames.add(f.index, f.pc, f.pcDigits, f.function, block, offset, length, source, f.library, callerOfInlined,
                    f.signalHandler, frameStartLine);
            hasLastFrame = true;
        }

        /**
         * The place gdb stopped, printed after a signal, a breakpoint or a thread switch:
         * {@code kvm_virtio_pci_vq_vector_use (vector=0, proxy=0x5555) at ../hw/virtio/virtio-pci.c:817}.
         * It repeats frame #0 of the stack that follows, so it is skipped, not taken as a frame.
         */
        private boolean stopLocation(int from) {
            String text = "#0 " + line.substring(from);
            if (!frameLine.parse(text, 0) || !frameLine.argsClosed || frameLine.function.isEmpty()) {
                return false;
            }
            if (frameLine.file == null && frameLine.library == null) {
                return false;
            }
            events.add(new DebuggerEvent(DebuggerEvent.Kind.STOP_LOCATION, line.substring(from).trim(), lineNo));
            used++;
            return true;
        }

        // ---- bt full locals ----

        /** "        rc = <optimized out>" under a frame; starts LOCAL state when the value spans lines. */
        private int localIndent;

        /** "name = value" at {@code from}, where name is an identifier (C++ and Fortran names included). */
        private static boolean looksLikeLocal(CharSequence s, int from) {
            for (int i = from; i + 3 <= s.length(); i++) {
                char c = s.charAt(i);
                if (c == ' ' && s.charAt(i + 1) == '=' && s.charAt(i + 2) == ' ') {
                    return i > from;
                }
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.' || c == ':' || c == '<'
                        || c == '>' || c == '[' || c == ']' || c == '~')) {
                    return false;
                }
            }
            return false;
        }

        private boolean local(int from) {
            String s = line;
            if (!looksLikeLocal(s, from)) {
                return false;
            }
            int eq = s.indexOf(" = ", from);
            localName = s.substring(from, eq);
            localValue = new StringBuilder(s.length() - eq);
            localValue.append(s, eq + 3, Math.max(eq + 3, trimmedEnd(s)));
            localLines = 1;
            localStartLine = lineNo;
            localIndent = from;
            used++;
            // "dirProvider = " with the value on the next line, or "viewRect = warning: bits 64-128 ... zeroes"
            // with gdb's warning in place of the value, which then follows on the next line.
            boolean valueFollows = localValue.length() == 0 || GdbFrameLine.startsWith(localValue, "warning: ", 0);
            if (!valueFollows && balanced(localValue)) {
                finishLocal();
            } else {
                state = State.LOCAL;
            }
            return true;
        }

        private boolean continueLocal(int from) {
            String s = line;
            if (from >= s.length() || GdbFrameLine.isFrameStart(s, from) || s.startsWith("Thread ", from)
                    || (from == localIndent && looksLikeLocal(s, from))
                    || localLines >= MAX_LOCAL_LINES || localValue.length() >= MAX_LOCAL_CHARS) {
                warnAt(localStartLine, 0, "truncated-local", "local variable's value does not close; kept as far as it goes",
                        localName);
                finishLocal();
                return false;
            }
            if (GdbFrameLine.startsWith(localValue, "warning: ", 0) && localLines == 1) {
                localValue.setLength(0); // gdb's warning stood where the value goes; the value is this line
            } else if (localValue.length() > 0) {
                localValue.append('\n');
            }
            localValue.append(s, localValue.length() == 0 ? from : 0, trimmedEnd(s));
            localLines++;
            used++;
            if (balanced(localValue)) {
                finishLocal();
            }
            return true;
        }

        private void finishLocal() {
            if (lastFrameLocals == null) {
                lastFrameLocals = new ArrayList<>();
            }
            lastFrameLocals.add(new Local(localName, localValue.toString()));
            localName = null;
            localValue = null;
            state = State.THREAD;
        }

        /** Braces closed and no string left open: a value printed over several lines has ended. */
        private static boolean balanced(CharSequence v) {
            int depth = 0;
            boolean inString = false;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
            return depth <= 0 && !inString;
        }

        // ---- threads and listings ----

        private boolean header(int from) {
            String text = line.substring(from).trim();
            if (text.endsWith("):")) {
                ThreadIdentity id = ThreadIdentity.fromHeader(text);
                if (id != null) {
                    beginHeader(id);
                    return true;
                }
            }
            if (text.contains(" hit Breakpoint ") || text.contains(" hit Hardware watchpoint ")) {
                endThread();
                event(DebuggerEvent.Kind.BREAKPOINT_HIT, from);
                return true;
            }
            ThreadIdentity signal = ThreadIdentity.fromReceivedSignal(text);
            if (signal != null) {
                keepProgramOutput();
                endThread();
                selected = signal;
                currentNumber = signal.number();
                event(DebuggerEvent.Kind.SIGNAL_RECEIVED, from);
                return true;
            }
            return false;
        }

        private void beginHeader(ThreadIdentity id) {
            flushRecentUnparsed();
            finishPendingFrame();
            endThread();
            headersSeen++;
            used++;
            startThread(id, lineNo);
        }

        /**
         * "#5 ..." right after a blank line that ended a thread whose last frame was #4: the blank line was
         * pasted into the middle of the stack (mail, chat), so the stack goes on.
         */
        private boolean reopenInterruptedThread() {
            if (lastEnded == null || frameLine.index == 0 || threads.isEmpty()
                    || threads.get(threads.size() - 1) != lastEnded || lastEnded.frames().isEmpty()
                    || lastEnded.frames().get(lastEnded.frames().size() - 1).index() + 1 != frameLine.index
                    || lastEnded.stopReason() != null || lastEnded.moreFramesFollow()) {
                return false;
            }
            threads.remove(threads.size() - 1);
            columns.reopen((FrameColumns.View) lastEnded.frames());
            frames = columns;
            threadIdentity = lastEndedIdentity;
            threadLine = lastEnded.line();
            stopReason = null;
            moreFramesFollow = false;
            hasLastFrame = false;
            lastFrameLocals = null;
            lastEnded = null;
            state = State.THREAD;
            return true;
        }

        private ThreadTrace lastEnded;
        private ThreadIdentity lastEndedIdentity;

        private void startThread(ThreadIdentity id, int at) {
            dropStopPrint();
            afterStop = false;
            long key = id.key();
            if ((newListingRequested && !threads.isEmpty()) || threadKeys.contains(key)) {
                endSnapshot();
            }
            if (threads.isEmpty()) {
                snapshotLine = at;
                snapshotRequested = newListingRequested;
            }
            newListingRequested = false;
            threadKeys.add(key);
            threadIdentity = id;
            threadLine = at;
            columns.startThread();
            frames = columns;
            stopReason = null;
            moreFramesFollow = false;
            hasLastFrame = false;
            lastFrameLocals = null;
            state = State.THREAD;
        }

        private void endThread() {
            finishPendingFrame();
            if (frames == null) {
                return;
            }
            sealLastFrame();
            ThreadIdentity id = threadIdentity;
            boolean current = id.number() != null && id.number().equals(currentNumber);
            lastEnded = new ThreadTrace(id.number(), id.lwp(), id.pthread(), id.name(), current, columns.view(),
                    stopReason, moreFramesFollow, threadLine);
            lastEndedIdentity = id;
            threads.add(lastEnded);
            frames = null;
            hasLastFrame = false;
            lastFrameLocals = null;
            state = State.OUTSIDE;
        }

        private void endSnapshot() {
            endThread();
            lastEnded = null;
            if (!threads.isEmpty()) {
                snapshotsRequested.add(snapshotRequested);
                snapshots.add(new Snapshot(threads, snapshotLine));
                threads = new ArrayList<>();
                threadKeys.clear();
            }
        }

        // ---- gdb commands ----

        /** A command typed after "(gdb) ". Listing commands start a new stack; all are skipped as commands. */
        private boolean command(int from) {
            String cmd = line.substring(from).trim();
            if (cmd.startsWith("#")) {
                return false;
            }
            applyCommand(cmd);
            skip("gdb-command");
            return true;
        }

        /** "thread apply all bt" pasted without its prompt. */
        private boolean plainCommand(int from) {
            char c = line.charAt(from);
            if (from > 0 || (c != 't' && c != 'b' && c != 'w')) { // indented, it is a local such as "bt = 3"
                return false;
            }
            String cmd = line.substring(from).trim();
            if (!(isThreadApplyAll(cmd) || isBacktraceCommand(cmd))) {
                return false;
            }
            applyCommand(cmd);
            skip("gdb-command");
            return true;
        }

        private void applyCommand(String cmd) {
            if (isThreadApplyAll(cmd)) {
                endThread();
                newListingRequested = true;
            } else if (isBacktraceCommand(cmd)) {
                finishPendingFrame();
                backtraceCommand = true;
            }
        }

        private static boolean isThreadApplyAll(String cmd) {
            return cmd.startsWith("thread apply all") || cmd.startsWith("t a a ") || cmd.startsWith("thr a a ")
                    || cmd.startsWith("taas ");
        }

        private static boolean isBacktraceCommand(String cmd) {
            String word = cmd.split("\\s+", 2)[0];
            return word.equals("bt") || word.equals("backtrace") || word.equals("where") || word.equals("ba");
        }

        // ---- info threads ----

        /** Rows ("* 1    Thread 0x7f... (LWP 19986) event_notifier_set (e=0x124)") and their wrapped parts. */
        private boolean continueInfoThreads(int from) {
            String s = line;
            if (from >= s.length() || s.startsWith("Thread ", from) || GdbFrameLine.isFrameStart(s, from)
                    || s.startsWith("[", from)) {
                state = State.OUTSIDE;
                return false;
            }
            char c = s.charAt(from);
            if (c == '*') {
                ThreadIdentity id = ThreadIdentity.fromSelectedRow(s.substring(from));
                if (id != null) {
                    selected = id;
                    if (currentNumber == null) {
                        currentNumber = id.number();
                    }
                }
                skip("info-threads");
                return true;
            }
            if (GdbFrameLine.isDigit(c) || from > 0) {
                skip("info-threads");
                return true;
            }
            state = State.OUTSIDE;
            return false;
        }

        // ---- session events and the program's own output ----

        private void event(DebuggerEvent.Kind kind, int from) {
            // a core made by gcore has no "Program terminated" line: gdb prints frame #0 right after "Core was generated by"
            afterStop = kind != DebuggerEvent.Kind.PROGRAM_OUTPUT;
            flushRecentUnparsed();
            events.add(new DebuggerEvent(kind, line.substring(from).trim(), lineNo));
            used++;
        }

        /** The unrecognised lines right before a signal are what the program printed as it failed. */
        private void keepProgramOutput() {
            if (state != State.OUTSIDE && frames != null) {
                return;
            }
            for (HeldLine u : recentUnparsed) {
                events.add(new DebuggerEvent(DebuggerEvent.Kind.PROGRAM_OUTPUT, u.text(), u.line()));
                used++;
            }
            recentUnparsed.clear();
        }

        private void flushRecentUnparsed() {
            while (!recentUnparsed.isEmpty()) {
                HeldLine u = recentUnparsed.removeFirst();
                countUnparsed(u.line(), u.column(), "unparsed-line", "line not understood", u.text());
            }
        }

        // ---- accounting ----

        private void unparsedLine(int from, String code, String message) {
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

        private void countUnparsed(int at, int column, String code, String message, String text) {
            unparsed++;
            warnAt(at, column, code, message, excerpt(text, 0));
        }

        private void skip(String reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        private void warn(int column, String code, String message, String excerpt) {
            warnAt(lineNo, column, code, message, excerpt);
        }

        private void warnAt(int at, int column, String code, String message, String excerpt) {
            if (warnings.size() < MAX_LISTED_WARNINGS) {
                warnings.add(new ParseWarning(at, column, code, message, excerpt));
            } else {
                unlistedWarnings.merge(code, 1, Integer::sum);
            }
        }

        private void endOfInput() {
            if (unterminatedLastLine != null && !unterminatedLastLine.isBlank()) {
                warnAt(lineNo, 0, "no-final-newline", "the input's last line has no line end; it may have been cut",
                        excerpt(unterminatedLastLine, 0));
            }
            finishPendingFrame();
            if (wrappedStop != null) {
                flushWrappedStop();
            }
            endSnapshot();
            flushRecentUnparsed();
            if (lines.limitReached()) {
                warnAt(0, 0, "input-limit", LineSource.limitMessage(lines.bytesRead()), "");
            }
            if (gaveUp) {
                warnAt(0, 0, "not-a-backtrace", "no thread header or frame in the first " + GIVE_UP_LINES
                        + " lines; stopped reading", "");
            }
        }

        private GdbPart build() {
            InputStats stats = new InputStats(lines.linesRead(), used, unparsed, skipped, lines.bytesRead(),
                    lines.limitReached() || gaveUp);
            return new GdbPart(snapshots, snapshotsRequested, newListingRequested, stopPrintFrameLine, events, stats,
                    warnings, unlistedWarnings, currentNumber, List.of(columns));
        }

    }

    /** gdb's stop print, as an event: "#0  parse_header (p=0x0) at w.c:8". */
    static DebuggerEvent stopLocationEvent(Frame f) {
        StringBuilder b = new StringBuilder("#").append(f.index()).append("  ");
        if (f.hasAddress()) {
            b.append(f.address()).append(" in ");
        }
        b.append(f.function());
        String args = f.args();
        if (args != null) {
            b.append(" (").append(args).append(')');
        }
        if (f.source() != null) {
            b.append(" at ").append(f.source());
        } else if (f.library() != null) {
            b.append(" from ").append(f.library());
        }
        return new DebuggerEvent(DebuggerEvent.Kind.STOP_LOCATION, b.toString(), f.line());
    }

    private record HeldLine(int line, int column, String text) { }

    // ---- line cleanup shared by every state ----

    /**
     * Index of the line's content after blanks, e-mail quote markers ("> ") and "(gdb) " prompts. A prompt
     * makes the result negative ({@code -index - 1}) so the caller knows a command may follow.
     */
    static int contentStart(String s) {
        int n = s.length();
        int i = GdbFrameLine.skipSpaces(s, 0);
        // "> > #0  0x..." quoted in a reply
        while (i < n && s.charAt(i) == '>' && (i + 1 == n || s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '>'
                || s.charAt(i + 1) == '\t')) {
            i = GdbFrameLine.skipSpaces(s, i + 1);
        }
        boolean prompted = false;
        while (s.startsWith("(gdb)", i)) {
            prompted = true;
            i = GdbFrameLine.skipSpaces(s, i + 5);
        }
        return prompted ? -i - 1 : i;
    }

    /** Markdown hard line breaks ("...:42 \") as pasted into issue trackers. */
    static String stripMarkdownLineBreak(String s) {
        int n = s.length();
        if (n > 1 && s.charAt(n - 1) == '\\' && s.charAt(n - 2) != '\\') {
            return s.substring(0, n - 1);
        }
        return s;
    }

    private static int trimmedEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
    }

    static String excerpt(String s, int from) {
        int end = Math.min(s.length(), from + 120);
        String e = s.substring(Math.max(0, Math.min(from, s.length())), end).trim();
        return end < s.length() ? e + "…" : e;
    }
}
