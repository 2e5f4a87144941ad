package dev.btexplain.parse;

import dev.btexplain.model.InputFormat;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scores the start of an input against the formats people paste and picks the one to parse with.
 * Each format is named by lines only it prints; the score is how many such lines the sample holds.
 */
public final class FormatDetector {
    /** How much of the input is looked at. */
    public static final int SAMPLE_BYTES = 256 * 1024;

    /**
     * A format's line, and text one of which every such line holds ({@code anyOf}, empty: none asked): only the lines
     * holding one of them are tried with the pattern (a kernel report's pattern tries 60 places on every line; a fleet
     * of small reports spent most of its time there).
     */
    private record Signature(InputFormat format, Pattern line, List<String> anyOf) {
        Signature(InputFormat format, Pattern line, String... anyOf) {
            this(format, line, List.of(anyOf));
        }

        /** The pattern is anchored at a line's start. */
        boolean lineStart() {
            return line.pattern().startsWith("^") && (line.flags() & Pattern.MULTILINE) != 0;
        }
    }

    private static final List<Signature> SIGNATURES = List.of(
            // "#0  0x00007f... in __ppoll (" or "#2  qemu_event_wait (" or "Thread 2 (Thread 0x7f... (LWP 9014)):"
            new Signature(InputFormat.GDB, Pattern.compile(
                    "^[\\s>]*+(?:\\(gdb\\)\\s*+)*+#\\d+\\s+(?:0x[0-9a-fA-F]+ in )?(?:[^\\s(]+ \\(|<signal handler called>)", Pattern.MULTILINE), "#"),
            new Signature(InputFormat.GDB, Pattern.compile("^\\s*+Thread \\d+ \\((?:Thread|LWP|process) .*\\):\\s*$", Pattern.MULTILINE), "Thread "),
            new Signature(InputFormat.LLDB, Pattern.compile("^\\s*+\\*?\\s*+frame #\\d+: ", Pattern.MULTILINE), "frame #"),
            new Signature(InputFormat.COREDUMPCTL, Pattern.compile("^\\s*+Stack trace of thread \\d+:", Pattern.MULTILINE), "Stack trace of thread "),
            // coredumpctl info's header: "Signal: 11 (SEGV)"
            new Signature(InputFormat.COREDUMPCTL, Pattern.compile("^\\s*+Signal: \\d{1,2} \\([A-Z0-9]+\\)\\s*$", Pattern.MULTILINE), "Signal: "),
            new Signature(InputFormat.EU_STACK, Pattern.compile("^(?:TID \\d+:|PID \\d+ - (?:process|core))", Pattern.MULTILINE), "TID ", "PID "),
            new Signature(InputFormat.ASAN, Pattern.compile("ERROR: AddressSanitizer|ERROR: LeakSanitizer"), "ERROR: "),
            new Signature(InputFormat.TSAN, Pattern.compile("WARNING: ThreadSanitizer"), "WARNING: ThreadSanitizer"),
            // "src/a.c:7:69: runtime error: shift exponent 32 is too large ..."
            new Signature(InputFormat.UBSAN, Pattern.compile("^\\S+:\\d+:\\d+: runtime error: ", Pattern.MULTILINE), "runtime error: "),
            new Signature(InputFormat.KERNEL, Pattern.compile("^.{0,60}?(?:Call Trace:|Call trace:|BUG: |Oops: |Oops - |WARNING: CPU: "
                    + "|WARNING: at |kernel BUG at |general protection fault|Unable to handle kernel |Kernel panic - not syncing"
                    + "|INFO: task \\S+ blocked for|INFO: possible |WARNING: possible |soft lockup - CPU#|task:\\S+\\s+state:\\S+ "
                    + "|\\[ (?:INFO|BUG): |BUG [\\w.-]+(?: \\(.*\\))?: |stack backtrace:)",
                    Pattern.MULTILINE), "Call Trace:", "Call trace:", "BUG", "Oops", "WARNING: ", "general protection fault",
                    "Unable to handle kernel ", "Kernel panic", "INFO: ", "soft lockup", "task:", "stack backtrace:"),
            // "[<0>] futex_wait_queue+0x60/0x90" from column 0, or a task's /proc path (a report's frames are indented)
            new Signature(InputFormat.PROC_STACK, Pattern.compile(
                    "^(?:\\S*/proc/\\d+(?:/task/\\d+)?/stack:)?\\[<[0-9a-f]+>\\] [^\\s?]+\\+0x[0-9a-f]+/0x[0-9a-f]+$", Pattern.MULTILINE), "[<"),
            new Signature(InputFormat.JSTACK, Pattern.compile("^(?:\\s*+java\\.lang\\.Thread\\.State: |Full thread dump "
                    + "|#\\d+ \"[^\"]*\"(?: virtual)? [A-Z_]+ \\d{4}-\\d\\d-\\d\\dT|#\\d+ \"[^\"]*\"(?: virtual)?$)", Pattern.MULTILINE),
                    "java.lang.Thread.State: ", "Full thread dump ", "\" ", " \""),
            new Signature(InputFormat.GO, Pattern.compile("^goroutine \\d+ (?:gp=0x[0-9a-f]+ m=\\S+ (?:mp=0x[0-9a-f]+ )?)?\\[[^\\]]+\\]:$",
                    Pattern.MULTILINE), "goroutine "),
            // the Go race detector's report (ThreadSanitizer's runtime, which C programs' reports name)
            new Signature(InputFormat.GO, Pattern.compile("^WARNING: DATA RACE$", Pattern.MULTILINE), "WARNING: DATA RACE"),
            new Signature(InputFormat.FAULTHANDLER, Pattern.compile("^(?:(?:Current thread|Thread) 0x[0-9a-fA-F]{1,16}|Stack) \\(most recent call first\\):$",
                    Pattern.MULTILINE), "most recent call first"),
            // py-spy dump's thread header: "Thread 2462 (idle): \"MainThread\"", found by its state (not by "Thread ", which
            // begins every gdb thread header too: each was tried with this pattern)
            new Signature(InputFormat.PY_SPY, Pattern.compile("^Thread (?:\\d+|0x[0-9A-F]+) \\((?:idle|active|active\\+gil|gil)\\)(?:: \".*\")?$",
                    Pattern.MULTILINE), "(idle)", "(active", "(gil)"),
            new Signature(InputFormat.PYTHON_TRACEBACK, Pattern.compile("^Traceback \\(most recent call last\\):$", Pattern.MULTILINE),
                    "Traceback (most recent call last)"),
            // a Java exception's header and causes; its "at" frames are a thread dump's too
            new Signature(InputFormat.JAVA_EXCEPTION, Pattern.compile("^(?:Exception in thread \"[^\"]*\" |Caused by: )(?:[\\w$]+\\.)+[\\w$]+(?::|$)",
                    Pattern.MULTILINE), "Exception in thread \"", "Caused by: "),
            new Signature(InputFormat.BACKTRACE_SYMBOLS, Pattern.compile("\\([^()\\s]*\\+0x[0-9a-f]+\\) ?\\[0x[0-9a-f]+\\]"), "+0x"));

    /**
     * Lines that belong to one format's session without being a stack: gdb's banner and prompts, coredumpctl's
     * header fields. With the signatures they tell, line by line, which format a part of a mixed input is.
     */
    private static final List<Signature> SESSION_LINES = List.of(
            new Signature(InputFormat.GDB, Pattern.compile("^\\s*+(?:GNU gdb |\\(gdb\\)|Reading symbols from |Core was generated by "
                    + "|Program terminated with signal |\\[New LWP |\\[Thread debugging using |\\[Current thread is |Downloading separate debug info)")),
            // what gdb prints on attaching, before the listing: where the thread it stopped is (and that line of the
            // source), and its advice on a helper script it did not load
            new Signature(InputFormat.GDB, Pattern.compile("^(?:(?:0x[0-9a-fA-F]+ in )?[^\\s(]+ \\(.*\\) at \\S+:\\d+|\\d+\\t.*"
                    + "|To enable execution of this file add|To completely disable this security protection add"
                    + "|line to your configuration file \"|For more information about this security protection see the"
                    + "|\"Auto-loading safe path\" section|\\t(?:add-auto-load-safe-path |set auto-load safe-path |info \"\\(gdb\\)Auto-loading))")),
            new Signature(InputFormat.COREDUMPCTL, Pattern.compile("^\\s*+(?:(?:PID|UID|GID|Signal|Timestamp|Command Line|Executable"
                    + "|Control Group|Unit|User Unit|Slice|Session|Owner UID|Boot ID|Machine ID|Hostname|Storage|Size on Disk"
                    + "|Disk Size|Message|Package|build-id): |Module \\S+ (?:with|from) |ELF object binary architecture"
                    + "|#\\d+\\s+0x[0-9a-fA-F]+ \\S+ \\((?:\\S+ \\+ 0x[0-9a-fA-F]+|n/a \\+ 0x0)\\))")),
            // a thread dump's header and first lines, before the line that says its format (a thread's state)
            new Signature(InputFormat.JSTACK, Pattern.compile("^(?:\"[^\"]*\" .*\\bnid=(?:0x)?[0-9a-fA-F]+\\b|Full thread dump |\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$)")),
            new Signature(InputFormat.FAULTHANDLER, Pattern.compile("^(?:Fatal Python error: |Timeout \\(\\d+:\\d\\d:\\d\\d|Current thread's C stack trace )")),
            new Signature(InputFormat.PY_SPY, Pattern.compile("^(?:Process \\d+: |Parent Process \\d+: |Python v\\d+\\.\\d+)")),
            // a goroutine dump's first lines on a signal (runtime/signal_unix.go: the signal, then the signalled M's pc)
            new Signature(InputFormat.GO, Pattern.compile("^(?:SIG[A-Z]+: [a-z ]+|PC=0x[0-9a-f]+ m=\\d+ sigcode=-?\\d+.*)$")));

    /**
     * The formats one input may mix: gdb's output and a coredumpctl report (the report, then a gdb session on its core),
     * or gdb's output and a runtime's dump of the same process's threads (jstack, faulthandler, py-spy, a goroutine dump).
     */
    public static final List<InputFormat> MIXABLE = List.of(InputFormat.GDB, InputFormat.COREDUMPCTL, InputFormat.JSTACK,
            InputFormat.FAULTHANDLER, InputFormat.PY_SPY, InputFormat.GO);

    /** Which of {@code among} this line belongs to by its own shape, or null when it does not say. */
    public InputFormat claim(String line, List<InputFormat> among) {
        for (List<Signature> list : List.of(SIGNATURES, SESSION_LINES)) {
            for (Signature sig : list) {
                if (among.contains(sig.format()) && sig.line().matcher(line).find()) {
                    return sig.format();
                }
            }
        }
        return null;
    }

    /**
     * The formats whose mere presence decides (their lines are not counted): gdb's, a sanitizer's banner, a kernel
     * report's; once one is seen, the other formats are only looked for, not counted.
     */
    private static final java.util.Set<InputFormat> PRESENCE_DECIDES = java.util.EnumSet.of(InputFormat.GDB,
            InputFormat.ASAN, InputFormat.TSAN, InputFormat.UBSAN, InputFormat.KERNEL);

    /**
     * What the sample looks like: the best format, or UNKNOWN, plus every format seen with its count of lines (1 for a
     * format whose presence decides, and for every format once such a one is seen).
     */
    public record Detection(InputFormat format, Map<InputFormat, Integer> scores, boolean binary) { }

    public Detection detect(byte[] sample, int length) {
        Candidates candidates = new Candidates(sample, length);
        Map<InputFormat, Integer> scores = new EnumMap<>(InputFormat.class);
        boolean decided = false;
        for (int s = 0; s < SIGNATURES.size(); s++) {
            Signature sig = SIGNATURES.get(s);
            int count = candidates.count(s, sig, sample, decided || PRESENCE_DECIDES.contains(sig.format()) ? 1 : 10_000);
            decided |= count > 0 && PRESENCE_DECIDES.contains(sig.format());
            if (count > 0) {
                scores.merge(sig.format(), count, Integer::sum);
            }
        }
        return decide(scores, candidates.nul);
    }

    /**
     * The same detection by the slow way, each pattern searched along the whole sample: what the fast one must agree
     * with (a test compares the two on every capture).
     */
    Detection detectBySearch(byte[] sample, int length) {
        String text = new String(sample, 0, length, StandardCharsets.ISO_8859_1);
        Map<InputFormat, Integer> scores = new EnumMap<>(InputFormat.class);
        for (Signature sig : SIGNATURES) {
            int count = (int) sig.line().matcher(text).results().limit(10_000).count();
            if (count > 0) {
                scores.merge(sig.format(), count, Integer::sum);
            }
        }
        return decide(scores, (int) text.chars().filter(c -> c == 0).count());
    }

    private static Detection decide(Map<InputFormat, Integer> scores, int nul) {
        // Gdb's frames and headers decide over the formats that are not mixed with it: their lines inside a gdb
        // session are reported as not understood. The formats mixed with gdb make a mixed input.
        InputFormat best = InputFormat.UNKNOWN;
        // A sanitizer's banner decides: its "#0 0x... in f (lib.so+0x1)" frames also fit gdb's shape.
        for (InputFormat sanitizer : List.of(InputFormat.ASAN, InputFormat.TSAN, InputFormat.UBSAN)) {
            if (scores.containsKey(sanitizer)) {
                return new Detection(sanitizer, scores, false);
            }
        }
        if (scores.containsKey(InputFormat.GDB) && MIXABLE.stream().anyMatch(f -> f != InputFormat.GDB && scores.containsKey(f))) {
            best = InputFormat.MIXED;
        } else if (scores.containsKey(InputFormat.GDB)) {
            best = InputFormat.GDB;
        } else if (scores.containsKey(InputFormat.KERNEL)) {
            best = InputFormat.KERNEL; // a report's old-style frames look like /proc stack lines
        } else {
            int top = 0;
            for (Map.Entry<InputFormat, Integer> e : scores.entrySet()) {
                if (e.getValue() > top) {
                    top = e.getValue();
                    best = e.getKey();
                }
            }
        }
        boolean binary = nul > 0 && best == InputFormat.UNKNOWN;
        return new Detection(best, scores, binary);
    }

    /** The signatures' literals, each once, by their first byte; and for each literal the signatures that ask it. */
    private static final byte[][] LITERALS;
    private static final int[][] LITERALS_BY_FIRST_BYTE = new int[256][];
    private static final int[][] SIGNATURES_OF_LITERAL;
    /**
     * What the pass does at each pair of bytes (the byte before and the byte read), one byte per pair: most pairs
     * nothing, and a pair that starts a literal ({@link #STARTS_LITERAL}) is compared further; a byte that is a literal of
     * one byte or a NUL stops the pass too ({@link #STOPS}). One load per byte decides: one byte in 44 stops, on
     * 3,000 generated fleet reports (a bit per pair, tested by a shift, took twice as long in a bare loop).
     */
    private static final byte[] PAIRS = new byte[1 << 16];
    private static final byte STOPS = 1;
    private static final byte STARTS_LITERAL = 2;
    private static final boolean[] ONE_BYTE_LITERAL = new boolean[256];

    static {
        List<String> literals = new java.util.ArrayList<>();
        List<List<Integer>> askers = new java.util.ArrayList<>();
        for (int s = 0; s < SIGNATURES.size(); s++) {
            for (String literal : SIGNATURES.get(s).anyOf()) {
                int at = literals.indexOf(literal);
                if (at < 0) {
                    at = literals.size();
                    literals.add(literal);
                    askers.add(new java.util.ArrayList<>());
                }
                askers.get(at).add(s);
            }
        }
        LITERALS = new byte[literals.size()][];
        SIGNATURES_OF_LITERAL = new int[literals.size()][];
        for (int l = 0; l < literals.size(); l++) {
            LITERALS[l] = literals.get(l).getBytes(StandardCharsets.ISO_8859_1);
            SIGNATURES_OF_LITERAL[l] = askers.get(l).stream().mapToInt(Integer::intValue).toArray();
            int first = LITERALS[l][0] & 0xff;
            int[] was = LITERALS_BY_FIRST_BYTE[first] == null ? new int[0] : LITERALS_BY_FIRST_BYTE[first];
            LITERALS_BY_FIRST_BYTE[first] = java.util.Arrays.copyOf(was, was.length + 1);
            LITERALS_BY_FIRST_BYTE[first][was.length] = l;
            if (LITERALS[l].length == 1) {
                ONE_BYTE_LITERAL[first] = true;
            } else {
                PAIRS[first << 8 | LITERALS[l][1] & 0xff] |= STOPS | STARTS_LITERAL;
            }
        }
        for (int pair = 0; pair < 1 << 16; pair++) {
            int second = pair & 0xff;
            if (ONE_BYTE_LITERAL[second] || second == 0) {
                PAIRS[pair] |= STOPS;
            }
        }
    }

    /**
     * The lines each signature is tried on: those that hold one of its literals, found in one pass over the sample's
     * bytes (a search per literal and a pattern over the whole sample cost a small report most of its reading).
     */
    private static final class Candidates {
        private final int[][] lineStarts = new int[SIGNATURES.size()][];
        private final int[] lines = new int[SIGNATURES.size()];
        private final int length;
        int nul;

        Candidates(byte[] sample, int length) {
            this.length = length;
            int prev = '\n';
            for (int i = 0; i < length; i++) {
                int b = sample[i] & 0xff;
                int pair = prev << 8 | b;
                prev = b;
                int does = PAIRS[pair];
                if (does == 0) {
                    continue;
                }
                if ((does & STARTS_LITERAL) != 0) {
                    found(sample, i - 1); // a literal of two bytes or more may start at the byte before
                }
                if (ONE_BYTE_LITERAL[b]) {
                    found(sample, i);
                } else if (b == 0) {
                    nul++;
                }
            }
        }

        /** The start of the line that {@code lineStartOf} was asked for last (the pass goes forward: asked in order). */
        private int lineStart;
        private int lineStartAskedAt;

        /**
         * The start of the line holding byte {@code at}: the bytes since the last such question are looked at backwards
         * for a line's end (a CR ends one too, as the line reader takes it). Line ends are not stops of the pass: they were
         * its most frequent stop (one byte in 83 of a fleet's reports), and this look back, each byte once at most, cost
         * less (DetBench: 4.7 against 3.4 µs a report).
         */
        private int lineStartOf(byte[] sample, int at) {
            for (int k = at - 1; k >= lineStartAskedAt; k--) {
                if (sample[k] == '\n' || sample[k] == '\r') {
                    lineStart = k + 1;
                    break;
                }
            }
            lineStartAskedAt = at;
            return lineStart;
        }

        private void found(byte[] sample, int at) {
            for (int l : LITERALS_BY_FIRST_BYTE[sample[at] & 0xff]) {
                if (holds(sample, at, LITERALS[l])) {
                    int start = lineStartOf(sample, at);
                    for (int s : SIGNATURES_OF_LITERAL[l]) {
                        add(s, start);
                    }
                }
            }
        }

        private boolean holds(byte[] sample, int at, byte[] literal) {
            if (length - at < literal.length) {
                return false;
            }
            for (int k = 1; k < literal.length; k++) {
                if (sample[at + k] != literal[k]) {
                    return false;
                }
            }
            return true;
        }

        private void add(int signature, int lineStart) {
            int[] starts = lineStarts[signature];
            int n = lines[signature];
            if (starts == null) {
                starts = lineStarts[signature] = new int[8];
            } else if (starts[n - 1] == lineStart) {
                return; // a second literal on the same line
            } else if (n == starts.length) {
                starts = lineStarts[signature] = java.util.Arrays.copyOf(starts, 2 * n);
            }
            starts[n] = lineStart;
            lines[signature] = n + 1;
        }

        /**
         * How many of the signature's lines the sample holds, up to {@code most}; a signature without literals is tried
         * everywhere. Each line tried is made a String alone: most signatures try a line or none, and a copy of the
         * whole sample per report cost a fleet's small reports more than the lines they try.
         */
        int count(int s, Signature signature, byte[] sample, int most) {
            if (signature.anyOf().isEmpty()) {
                String text = new String(sample, 0, length, StandardCharsets.ISO_8859_1);
                return (int) signature.line().matcher(text).results().limit(most).count();
            }
            java.util.regex.Matcher m = null;
            int count = 0;
            for (int i = 0; i < lines[s] && count < most; i++) {
                int start = lineStarts[s][i];
                int end = start;
                while (end < length && sample[end] != '\n' && sample[end] != '\r') {
                    end++;
                }
                String line = new String(sample, start, end - start, StandardCharsets.ISO_8859_1);
                m = m == null ? signature.line().matcher(line) : m.reset(line);
                if (signature.lineStart()) {
                    count += m.lookingAt() ? 1 : 0; // once per line: a search along the rest of it cannot match
                } else {
                    while (count < most && m.find()) {
                        count++;
                    }
                }
            }
            return count;
        }
    }
}
