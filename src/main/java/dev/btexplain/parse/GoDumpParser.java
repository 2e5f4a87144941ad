package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.RuntimeView;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go runtime's own goroutine dump: what a Go program prints on a panic, a fatal error ("all goroutines are asleep
 * - deadlock!") or SIGQUIT. A goroutine's header names it and its state ({@code goroutine 7 [chan receive, 5 minutes]:},
 * runtime/traceback.go goroutineheader); each frame is a function line ({@code main.worker(0xc000012345)}) and a
 * tab-indented location ({@code /src/app/main.go:33 +0x145}, with {@code fp= sp= pc=} under GOTRACEBACK=system);
 * {@code created by F} (from Go 1.21 {@code in goroutine N}) says where it was started. The panic or fatal error line
 * and the signal line are report lines; with GOTRACEBACK=crash or system, the registers printed after a signal are
 * skipped.
 */
public final class GoDumpParser extends RuntimeDumpParser {
    /** {@code ...23 frames elided...}: runtime/traceback.go (Go 1.21+) between a deep stack's first and last frames. */
    private static final Pattern ELIDED = Pattern.compile("^\\.\\.\\.(\\d{1,9}) frames elided\\.\\.\\.$");
    /** The deepest frame index elided counts can reach: far past any real stack, far from int's end. */
    private static final int MAX_FRAME_INDEX = Integer.MAX_VALUE / 2;
    /** {@code goroutine 1 [chan receive, 5 minutes]:}; Go 1.23 adds {@code gp=0x… m=0 mp=0x…} before the state. */
    private static final Pattern WAITED = Pattern.compile(", (\\d{1,9}) minutes");
    private static final Pattern HEADER = Pattern.compile("^goroutine (\\d{1,12})(?: gp=0x[0-9a-f]+ m=\\S+(?: mp=0x[0-9a-f]+)?)? \\[([^\\],]+)((?:, [^\\]]*)?)\\]:$");
    /** {@code \t/usr/lib/go-1.19/src/runtime/proc.go:363 +0xd6 fp=0xc000088e68 sp=0xc000088e48 pc=0x4343d6}. */
    private static final Pattern LOCATION = Pattern.compile("^\\t(.+?):(\\d{1,9})(?: \\+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x([0-9a-f]+))?$");
    private static final Pattern CREATED_BY = Pattern.compile("^created by (\\S+)(?: in goroutine (\\d+))?$");
    /**
     * A race detector report's stacks (the ThreadSanitizer runtime in Go, go build -race): the two accesses, then where
     * the goroutines were started: {@code Write at 0x00c0000b0008 by main goroutine:}, {@code Previous read at 0x… by
     * goroutine 7:}, {@code Goroutine 7 (running) created at:}. Their frames are a function line indented by two
     * spaces and a location indented by six.
     */
    private static final Pattern RACE_STACK = Pattern.compile(
            "^(?:(?:Previous )?(?:[Aa]tomic )?(?:[Rr]ead|[Ww]rite)(?: of size \\d+)? at 0x[0-9a-f]+ by (?:main goroutine|goroutine \\d+)"
                    + "|Goroutine \\d+ \\((?:running|finished)\\) created at):$");
    private static final Pattern RACE_LOCATION = Pattern.compile("^ {6}(\\S.*?):(\\d{1,9})(?: \\+0x[0-9a-f]+)?$");
    /** Register lines after a signal under GOTRACEBACK=crash: {@code rax    0x0}. */
    private static final Pattern REGISTER = Pattern.compile("^(?:r[a-z0-9]{1,3}|rip|rflags|cs|fs|gs)\\s+0x[0-9a-f]+$");

    private String function;
    private String args;
    private int functionLine;
    private int frame;
    private String state;
    /** How long the goroutine has waited, in minutes; -1 when its header does not say. */
    private int minutes = -1;
    /** The goroutine a panic or fatal error names comes first: the one the report is about. */
    private boolean reportOpen;
    private boolean currentGiven;

    @Override
    public InputFormat format() {
        return InputFormat.GO;
    }


    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        if ((m = HEADER.matcher(t)).matches()) {
            endGoroutine(b);
            state = m.group(2);
            // how long it has waited, in whole minutes (traceback.go goroutineheader: printed from one minute on)
            Matcher waited = WAITED.matcher(m.group(3));
            minutes = waited.find() ? Integer.parseInt(waited.group(1)) : -1;
            // the first goroutine after a panic or fatal error is the one it happened on (tracebackothers prints it first)
            boolean current = reportOpen && !currentGiven;
            currentGiven |= current;
            long id = Long.parseLong(m.group(1));
            goroutine = id;
            b.startThread(id <= Integer.MAX_VALUE ? (int) id : null, null, null, current, n);
            return;
        }
        if ((m = RACE_STACK.matcher(t)).matches()) {
            endGoroutine(b);
            b.startStack(t.substring(0, t.length() - 1), !raceAccessGiven, n);
            raceAccessGiven = true; // the first access is the one the report is about
            race = true;
            b.countLine();
            return;
        }
        if (race && function != null && (m = RACE_LOCATION.matcher(line)).matches()) {
            b.frame(frame++, 0, 0, function, args, m.group(1), Integer.parseInt(m.group(2)), null, functionLine);
            b.countLine();
            function = null;
            return;
        }
        if (t.equals("==================")) {
            endGoroutine(b);
            race = false;
            b.skip("race-report-separator");
            return;
        }
        if (t.startsWith("Found ") && t.endsWith(" data race(s)")) {
            b.event(DebuggerEvent.Kind.RUNTIME_REPORT, t, n);
            return;
        }
        if (line.startsWith("\t") && function != null && (m = LOCATION.matcher(line)).matches()) {
            String pc = m.group(3);
            b.frame(frame++, TraceBuilder.address(pc), TraceBuilder.digits(pc), function, args, m.group(1), Integer.parseInt(m.group(2)),
                    null, functionLine);
            b.countLine();
            function = null;
            return;
        }
        if (b.inThread() && (m = CREATED_BY.matcher(t)).matches()) {
            function = null;
            createdBy = true; // its location line follows: not a frame of the goroutine's stack
            b.countLine();
            return;
        }
        if (createdBy && line.startsWith("\t")) {
            createdBy = false;
            b.skip("created-by-location");
            return;
        }
        createdBy = false;
        int open = b.inThread() ? argumentsStart(t) : -1;
        if (open > 0) {
            if (function != null) {
                b.unparsed(functionLine, function + "(" + args + ")"); // a function line without its location
            }
            function = t.substring(0, open);
            args = t.substring(open + 1, t.length() - 1);
            functionLine = n;
            return;
        }
        Matcher elided = b.inThread() ? ELIDED.matcher(t) : null;
        if (elided != null && elided.matches()) {
            // Go 1.21+ prints a deep stack's innermost and outermost frames: the outer ones keep their depth
            int count = Integer.parseInt(elided.group(1));
            // hostile counts must not wrap the index around: past the bound, the outer frames only count on by one
            frame = (int) Math.min(Math.max(MAX_FRAME_INDEX, frame), (long) frame + count);
            b.warn(n, "frames-elided", "the runtime left out " + count + " frames in the middle of this goroutine's stack", t);
            return;
        }
        if (b.inThread() && t.equals("...additional frames elided...")) {
            b.stopReason("additional frames elided");
            return;
        }
        if (t.startsWith("panic: ") || t.startsWith("fatal error: ") || t.startsWith("SIGQUIT: ") || t.startsWith("[signal ")
                || t.startsWith("SIGSEGV: ") || t.startsWith("SIGABRT: ") || t.startsWith("SIGBUS: ") || t.startsWith("SIGILL: ")
                || t.startsWith("SIGFPE: ") || t.equals("WARNING: DATA RACE")) {
            endGoroutine(b);
            reportOpen = !t.startsWith("SIGQUIT: ");
            b.event(DebuggerEvent.Kind.RUNTIME_REPORT, t, n);
            return;
        }
        if (t.startsWith("PC=0x") || REGISTER.matcher(t).matches() || EXIT_STATUS.matcher(t).matches()) {
            b.skip("go-signal-context");
            return;
        }
        if (t.startsWith("goroutine ") && t.endsWith("gp=... m=... mp=...]:")) {
            b.skip("go-header");
            return;
        }
        b.unparsed(n, line);
    }

    private boolean createdBy;
    /** Inside a race detector report's stacks. */
    private boolean race;
    private boolean raceAccessGiven;
    /** What go run prints when the program exits with a status: 2 after a panic, 66 after a race report. */
    private static final Pattern EXIT_STATUS = Pattern.compile("^exit status \\d{1,3}$");
    private long goroutine = -1;

    /**
     * Where the argument list of a function line opens: the parenthesis that matches the line's last one
     * ({@code sync.(*Mutex).lockSlow(0xc0000a4000)}, {@code panic({0x4a1e40, 0x4e2d10})}); -1 when the line is no
     * function line (a name has no blank, and the line ends with the list).
     */
    static int argumentsStart(String t) {
        if (!t.endsWith(")") || t.startsWith("(")) {
            return -1;
        }
        int depth = 0;
        for (int i = t.length() - 1; i >= 0; i--) {
            char c = t.charAt(i);
            depth += c == ')' ? 1 : c == '(' ? -1 : 0;
            if (depth == 0) {
                return i > 0 && t.lastIndexOf(' ', i) < 0 ? i : -1;
            }
        }
        return -1;
    }

    private void endGoroutine(TraceBuilder b) {
        if (function != null) {
            b.unparsed(functionLine, function + "(" + args + ")");
        }
        if (b.inThread()) {
            // goroutine 0 is no goroutine: the system stack (g0) of the thread that took SIGQUIT
            b.runtime(new RuntimeView("go", state, List.of(), goroutine == 0 && !race, null, false, minutes));
        }
        function = null;
        frame = 0;
        state = null;
    }

    @Override
    void end(TraceBuilder b) {
        endGoroutine(b);
    }
}
