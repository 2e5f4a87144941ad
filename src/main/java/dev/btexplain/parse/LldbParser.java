package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LLDB's {@code bt} and {@code bt all}: {@code * thread #1, name = 'qemu-i386', stop reason = signal SIGSEGV}
 * ("*" marks the selected thread) and frames {@code frame #3: 0x... module`function + 12 at file.c:42:7}, also
 * {@code module`function(arg=1) at file.c:745:5} with debug information and {@code ___lldb_unnamed_symbol123}
 * for symbols LLDB had to invent, which are read as {@code ??}: a stripped function's name is not known.
 */
public final class LldbParser extends LineByLineParser {
    private static final Pattern THREAD = Pattern.compile(
            "^(\\*?)\\s*thread #(\\d{1,9})(?:, tid = (0x[0-9a-fA-F]{1,15}|\\d{1,18}))?(?:, name = '([^']*)')?(?:, queue = '[^']*')?(?:, stop reason = (.*))?$");
    private static final Pattern FRAME = Pattern.compile("^\\*?\\s*frame #(\\d{1,7}): 0x([0-9a-fA-F]{1,16})(?:\\s+(.*))?$");
    /** "libc.so.6`__sigsuspend + 92" or "qemu-i386`main(argc=2) at main.c:925:5". */
    private static final Pattern WHERE = Pattern.compile("^(?:([^`\\s]+)`)?(.+?)(?:\\s+at\\s+(\\S+?):(\\d{1,9})(?::\\d+)?)?$");
    private static final Pattern SIGNAL = Pattern.compile("signal (SIG[A-Z0-9]+)");
    private static final Pattern INVENTED = Pattern.compile("___lldb_unnamed_symbol\\d{1,9}(?:\\$\\$\\S+)?");

    @Override
    public InputFormat format() {
        return InputFormat.LLDB;
    }

    /** The source lines LLDB prints under a stop: "   9   \tint x = ...", "-> 9 ...", and the caret line under it. */
    private static final Pattern SOURCE_LISTING = Pattern.compile("^(?:->)?\\s*\\d{1,9}\\s{0,6}\\t.*$|^\\s*\\t\\s*\\^\\s*$");
    /**
     * LLDB's own session lines, the Python error Debian's lldb 14 prints on start (a packaging bug), and what it says
     * of a thread it cannot read (a kernel worker with no user stack: "memory read failed for 0x0").
     */
    private static final Pattern SESSION = Pattern.compile("^(?:Executable module set to |Architecture set to|Current executable set to "
            + "|Process \\d+ (?:launched|resuming|detached)|Traceback \\(most recent call last\\):|File \"<string>\", line \\d+"
            + "|ModuleNotFoundError: No module named 'lldb|This version of LLDB has no plugin for the language "
            + "|error: memory read failed for ).*");

    /** The commands that list every thread: "bt all", "thread backtrace all". */
    private static final Pattern ALL_THREADS = Pattern.compile("\\(lldb\\)\\s+(?:bt|thread\\s+backtrace)\\s+all\\b.*");

    /** After "Process N stopped", LLDB prints where each thread stopped: a stop print, not the listing. */
    private boolean stopPrint;
    /** Threads whose signal was already said (in the stop print), so the listing does not say it twice. */
    private final java.util.Set<String> signalled = new java.util.HashSet<>();

    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        if (t.startsWith("(lldb)")) {
            stopPrint = false;
            if (ALL_THREADS.matcher(t).matches()) {
                b.event(DebuggerEvent.Kind.ALL_THREADS_ASKED, t, n); // a listing of one thread is then the whole process
            } else {
                b.skip("lldb-command");
            }
        } else if (stopPrint && ((m = THREAD.matcher(t)).matches() || FRAME.matcher(t).matches())) {
            // the same threads and frames follow in the listing; the stop reason is said from here
            if (m.matches()) {
                signal(b, m, n, true);
            } else {
                b.event(DebuggerEvent.Kind.STOP_LOCATION, t, n);
            }
        } else if ((m = THREAD.matcher(t)).matches()) {
            Long tid = m.group(3) == null ? null : m.group(3).startsWith("0x")
                    ? Long.parseLong(m.group(3).substring(2), 16) : Long.valueOf(m.group(3));
            b.startThread(Integer.valueOf(m.group(2)), tid, m.group(4), !m.group(1).isEmpty(), n);
            signal(b, m, n, false);
        } else if ((m = FRAME.matcher(t)).matches()) {
            frame(b, m, n);
        } else if (t.startsWith("Process ") && (t.contains(" stopped") || t.contains(" exited"))) {
            stopPrint = t.contains(" stopped");
            b.skip("lldb-process-event");
        } else if (SOURCE_LISTING.matcher(line).matches()) {
            b.skip("lldb-source-listing");
        } else if (SESSION.matcher(t).matches()) {
            b.skip("lldb-session");
        } else {
            b.unparsed(n, line);
        }
    }

    /** A signal stop reason, said in gdb's words so that the diagnosis reads one form; LLDB's own words follow. */
    private void signal(TraceBuilder b, Matcher m, int n, boolean ownLine) {
        String reason = m.group(5);
        Matcher sig = reason == null ? null : SIGNAL.matcher(reason);
        if (sig != null && sig.find() && !sig.group(1).equals("SIGSTOP") && signalled.add(m.group(2) + reason)) {
            // (SIGSTOP is how LLDB stops a process it attaches to: not something that happened to the program)
            String text = "Thread " + m.group(2) + " received signal " + sig.group(1) + " (lldb: stop reason = " + reason + ")";
            if (ownLine) {
                b.event(DebuggerEvent.Kind.SIGNAL_RECEIVED, text, n);
            } else {
                b.eventOnCountedLine(DebuggerEvent.Kind.SIGNAL_RECEIVED, text, n);
            }
        } else if (ownLine) {
            b.skip("lldb-stop-print");
        }
    }

    private static void frame(TraceBuilder b, Matcher m, int line) {
        String where = m.group(3) == null ? "" : m.group(3).strip();
        Matcher w = WHERE.matcher(where);
        String module = null;
        String function = "??";
        String args = null;
        String file = null;
        int sourceLine = 0;
        if (!where.isEmpty() && w.matches()) {
            module = w.group(1);
            String f = w.group(2).replaceFirst("\\s+\\+\\s+\\d+$", "");
            int open = f.indexOf('(');
            if (open > 0 && f.endsWith(")") && !f.startsWith("operator")) {
                args = f.substring(open + 1, f.length() - 1);
                f = f.substring(0, open);
            }
            // a name LLDB made up for an address without a symbol says no more than gdb's ??
            function = f.isEmpty() || INVENTED.matcher(f).matches() ? "??" : f;
            file = w.group(3);
            sourceLine = w.group(4) == null ? 0 : Integer.parseInt(w.group(4));
        }
        b.frame(Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16), m.group(2).length(), function, args,
                file, sourceLine, module, line);
    }
}
