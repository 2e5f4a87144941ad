package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Frame;
import dev.btexplain.model.InputFormat;
import java.io.IOException;

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
    static final int MAX_FRAME_LINES = 32;
    /** Lines a multi-line local value may span (a pretty-printed struct), and its size in characters. */
    static final int MAX_LOCAL_LINES = 20_000;
    static final int MAX_LOCAL_CHARS = 1 << 20;
    /** With no header and no frame after this many lines the input is not a gdb backtrace: stop reading. */
    static final int GIVE_UP_LINES = 200_000;
    /** Unrecognised lines just before a "received signal" line are kept as the program's own output. */
    static final int PROGRAM_OUTPUT_LINES = 20;

    static final NoiseTable NOISE = NoiseTable.load("/parse/gdb-noise.txt");

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
        INFO_THREADS,
        /**
         * gdb's stop line wrapped at the terminal's width while its arguments are open. Sample: {@code 0x… in descend (}
         * then {@code     path=0x…,} and {@code     depth=3) at f.c:5}. From: any state, right after a stop (signal,
         * attach). To: the state it came from, once the arguments close or a line is not indented.
         */
        STOP_LINE,
        /**
         * A Python traceback gdb prints when one of its auto-loaded scripts fails (Debian's openjdk ships
         * libjvm.so-gdb.py, which fails on a JVM without its debug types). Sample: {@code Traceback (most recent call
         * last):}, indented {@code File "…", line 62, in <module>} and source lines, then {@code gdb.error: No type named
         * CodeBlob.}. From: OUTSIDE, THREAD. To: OUTSIDE after the exception's line (the first one not indented).
         */
        SCRIPT_ERROR,
        /**
         * A thread's Python frames, as CPython's gdb extension prints them (py-bt, Tools/gdb/libpython.py): the thread is
         * the Python runtime's view of it, joined with gdb's stack of the same thread. Sample: {@code Traceback (most
         * recent call first):}, then {@code   File "…/threading.py", line 320, in wait} and its source line, {@code
         * <built-in method acquire of _thread.lock object at remote 0x…>}, {@code   Waiting for the GIL}. From: THREAD,
         * right after the header. To: THREAD at the first other line.
         */
        PY_BT
    }

    @Override
    public InputFormat format() {
        return InputFormat.GDB;
    }

    @Override
    public Backtrace parse(LineSource lines) throws IOException {
        return new GdbRun(lines).read().toBacktrace();
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
        return new GdbRun(lines).read();
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

    record HeldLine(int line, int column, String text) { }

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

    static int trimmedEnd(String s) {
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
