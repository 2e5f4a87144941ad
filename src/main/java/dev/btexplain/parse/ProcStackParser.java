package dev.btexplain.parse;

import dev.btexplain.model.InputFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kernel stacks read from {@code /proc/PID/task/TID/stack} (root only): {@code [<0>] futex_wait_queue+0x60/0x90}
 * per line (addresses are printed as 0 unless kptr_restrict allows them). A line naming a task's path
 * ({@code /proc/1234/task/1240}, {@code ==> /proc/1234/task/1240/stack <==}, or grep -H's
 * {@code /proc/1234/task/1240/stack:[<0>] ...}) starts that task's stack; the text after the path, when it is
 * one word, is its name ({@code echo $t $(cat $t/comm)}). Without paths the dump is one stack.
 */
public final class ProcStackParser extends LineByLineParser {
    private static final Pattern TASK_PATH = Pattern.compile("/proc/(\\d{1,9})(?:/task/(\\d{1,9}))?(?:/stack)?\\b");
    private static final Pattern GREP_PREFIX = Pattern.compile("^(\\S*?/proc/\\d{1,9}(?:/task/\\d{1,9})?/stack):(.*)$");
    /** The end marker older kernels print: "[<ffffffffffffffff>] 0xffffffffffffffff". */
    private static final Pattern END_MARKER = Pattern.compile("^\\[<f{8,16}>\\]\\s+0xf{8,16}$");
    private static final Pattern NAME = Pattern.compile("^[\\s:=>()\\[\\]-]*([^\\s:=>()\\[\\]]{1,64})[\\s:=<()\\[\\]-]*$");

    @Override
    public InputFormat format() {
        return InputFormat.PROC_STACK;
    }

    @Override
    TraceBuilder builder() {
        return new TraceBuilder(false);
    }

    private Long lwp;
    private String lastPath;

    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher g = GREP_PREFIX.matcher(t);
        if (g.matches()) {
            String path = g.group(1);
            if (!path.equals(lastPath)) {
                header(b, path, "", n, false);
            }
            lastPath = path;
            frame(b, g.group(2).strip(), n, true);
            return;
        }
        if (frame(b, t, n, false)) {
            return;
        }
        Matcher p = TASK_PATH.matcher(t);
        if (p.find()) {
            header(b, p.group(0), t.substring(p.end()), n, true);
        } else {
            b.unparsed(n, line);
        }
    }

    private void header(TraceBuilder b, String path, String rest, int n, boolean countLine) {
        Matcher p = TASK_PATH.matcher(path);
        p.find();
        lwp = Long.valueOf(p.group(2) != null ? p.group(2) : p.group(1));
        Matcher name = NAME.matcher(rest);
        String taskName = name.matches() && !name.group(1).equals("stack") ? name.group(1) : null;
        if (countLine) {
            b.startThread(null, lwp, taskName, false, n);
        } else {
            b.startStack(lwp, taskName, false, n); // grep -H: the line's frame counts it
        }
    }

    private boolean frame(TraceBuilder b, String t, int n, boolean lineCounted) {
        if (END_MARKER.matcher(t).matches()) {
            b.skip("proc-stack-end-marker");
            return true;
        }
        Matcher m = KernelLines.X86_FRAME.matcher(t);
        if (!m.matches()) {
            if (lineCounted) {
                b.unparsed(n, t);
            }
            return false;
        }
        if (!b.inThread()) {
            b.startStack(lwp, null, false, n);
        }
        long address = TraceBuilder.address(m.group(1));
        // "[<0>]": the kernel hid the address (kptr_restrict); no address is known
        int digits = address == 0 ? 0 : TraceBuilder.digits(m.group(1));
        b.frame(b.frameCount(), address, digits, m.group(3) != null ? m.group(3) : m.group(4), null, null, 0, m.group(5), n,
                m.group(2) != null);
        return true;
    }
}
