package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LLDB's {@code bt} and {@code bt all}: {@code * thread #1, name = 'qemu-i386', stop reason = signal SIGSEGV}
 * ("*" marks the selected thread) and frames {@code frame #3: 0x... module`function + 12 at file.c:42:7}, also
 * {@code module`function(arg=1) at file.c:745:5} with debug information and {@code ___lldb_unnamed_symbol123}
 * for symbols LLDB had to invent.
 */
public final class LldbParser extends LineByLineParser {
    private static final Pattern THREAD = Pattern.compile(
            "^(\\*?)\\s*thread #(\\d{1,9})(?:, tid = (0x[0-9a-fA-F]{1,15}|\\d{1,18}))?(?:, name = '([^']*)')?(?:, queue = '[^']*')?(?:, stop reason = (.*))?$");
    private static final Pattern FRAME = Pattern.compile("^\\*?\\s*frame #(\\d{1,7}): 0x([0-9a-fA-F]{1,16})(?:\\s+(.*))?$");
    /** "libc.so.6`__sigsuspend + 92" or "qemu-i386`main(argc=2) at main.c:925:5". */
    private static final Pattern WHERE = Pattern.compile("^(?:([^`\\s]+)`)?(.+?)(?:\\s+at\\s+(\\S+?):(\\d{1,9})(?::\\d+)?)?$");
    private static final Pattern SIGNAL = Pattern.compile("signal (SIG[A-Z0-9]+)");

    @Override
    public InputFormat format() {
        return InputFormat.LLDB;
    }

    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        if (t.startsWith("(lldb)")) {
            b.skip("lldb-command");
        } else if ((m = THREAD.matcher(t)).matches()) {
            Long tid = m.group(3) == null ? null : m.group(3).startsWith("0x")
                    ? Long.parseLong(m.group(3).substring(2), 16) : Long.valueOf(m.group(3));
            b.startThread(Integer.valueOf(m.group(2)), tid, m.group(4), !m.group(1).isEmpty(), n);
            String reason = m.group(5);
            Matcher sig = reason == null ? null : SIGNAL.matcher(reason);
            if (sig != null && sig.find()) {
                // said in gdb's words, so that the diagnosis reads one form; LLDB's own words follow
                b.eventOnCountedLine(DebuggerEvent.Kind.SIGNAL_RECEIVED, "Thread " + m.group(2) + " received signal " + sig.group(1)
                        + " (lldb: stop reason = " + reason + ")", n);
            }
        } else if ((m = FRAME.matcher(t)).matches()) {
            frame(b, m, n);
        } else if (t.startsWith("Process ") && (t.contains(" stopped") || t.contains(" exited"))) {
            b.skip("lldb-process-event");
        } else {
            b.unparsed(n, line);
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
            function = f.isEmpty() ? "??" : f;
            file = w.group(3);
            sourceLine = w.group(4) == null ? 0 : Integer.parseInt(w.group(4));
        }
        b.frame(Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16), m.group(2).length(), function, args,
                file, sourceLine, module, line);
    }
}
