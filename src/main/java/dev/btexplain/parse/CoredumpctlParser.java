package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * systemd-coredump's stack traces, alone or under {@code coredumpctl info}'s header ({@code PID:},
 * {@code Signal: 11 (SEGV)}, {@code Command Line:}, {@code Executable:}): {@code Stack trace of thread 249326:}
 * then {@code #0  0x00007f1fbbbb2579 _int_malloc (libc.so.6 + 0x97579)}; {@code n/a} names an unknown function.
 * The first stack is the thread that received the signal.
 */
public final class CoredumpctlParser extends LineByLineParser {
    /** "Jun 29 07:15:10 hypervisor kernel: ..." — a system-journal line. */
    private static final Pattern JOURNAL = Pattern.compile("^[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ ([^:\\s]+?)(?:\\[\\d+\\])?: (.*)$");
    private static final Pattern SEGFAULT = Pattern.compile("segfault at \\S+");
    private static final Pattern FIELD = Pattern.compile("^\\s*([A-Z][A-Za-z ]*?):\\s(.*)$");
    private static final Pattern SIGNAL = Pattern.compile("^(\\d+) \\(([A-Z0-9]+)\\)");
    private static final Pattern THREAD = Pattern.compile("^Stack trace of thread (\\d{1,18}):$");
    private static final Pattern FRAME = Pattern.compile("^#(\\d{1,7})\\s+0x([0-9a-fA-F]{1,16})\\s+(\\S+)(?:\\s+\\((\\S+) \\+ 0x[0-9a-fA-F]+\\))?$");

    @Override
    public InputFormat format() {
        return InputFormat.COREDUMPCTL;
    }

    /** The first stack systemd-coredump prints is the thread that received the signal. */
    private boolean first = true;

    @Override
    void read(TraceBuilder b, String line, String stripped, int n) {
        // markdown hard breaks and quoting some pastes add: "#0 0x... f (libc.so.6 + 0x1)\"
        String t = stripped.replaceFirst("\\\\$", "").strip().replaceFirst("^`+", "");
        Matcher m;
        if (t.isEmpty() || t.equals("`") || t.equals("```")) {
            b.skip("blank");
        } else if ((m = JOURNAL.matcher(t)).matches()) {
            if (m.group(1).equals("kernel") && SEGFAULT.matcher(m.group(2)).find()) {
                b.event(DebuggerEvent.Kind.PROGRAM_TERMINATED, "Program terminated with signal SIGSEGV (kernel: "
                        + m.group(2) + ")", n);
            } else {
                b.skip("journal");
            }
        } else if ((m = THREAD.matcher(t)).matches()) {
            b.startThread(null, Long.valueOf(m.group(1)), null, first, n);
            first = false;
        } else if ((m = FRAME.matcher(t)).matches()) {
            String function = m.group(3).equals("n/a") ? "??" : m.group(3);
            b.frame(Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16), m.group(2).length(),
                    function, null, null, 0, m.group(4), n);
        } else if (t.startsWith("Module ") || t.startsWith("ELF object binary architecture")) {
            b.skip("module-list");
        } else if ((m = FIELD.matcher(t)).matches() && !b.inThread()) {
            Matcher sig = m.group(1).equals("Signal") ? SIGNAL.matcher(m.group(2)) : null;
            if (sig != null && sig.find()) {
                b.event(DebuggerEvent.Kind.PROGRAM_TERMINATED, "Program terminated with signal SIG" + sig.group(2)
                        + " (coredumpctl: Signal: " + m.group(2) + ")", n);
            } else {
                b.skip("coredump-header");
            }
        } else if (t.startsWith("#") && t.contains("coredumpctl")) {
            b.skip("command");
        } else {
            b.unparsed(n, line);
        }
    }
}
