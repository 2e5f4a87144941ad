package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AddressSanitizer, LeakSanitizer, ThreadSanitizer and UBSan reports. The report line
 * ({@code ==32048==ERROR: AddressSanitizer: heap-use-after-free on address ...}) and the SUMMARY line become
 * events; each stack becomes one entry of the model named by its title ({@code WRITE of size 8 at 0x... thread T0},
 * {@code freed by thread T1 here:}, {@code Thread T1 created by T0 here:}), the first one marked as the one that
 * failed. Frames: {@code #1 0x55d... in vhost_virtqueue_start ../hw/virtio/vhost.c:1234:5},
 * {@code #0 0x4c2e01 in free (/usr/lib/libasan.so.4+0xa5d5)}, and TSan's {@code #2 worker_thread util/thread-pool.c:113:9 (qemu-img+0x24fe7c)}.
 * Other report text (shadow bytes, "is located 16 bytes inside of") is counted as report text.
 */
public final class SanitizerParser extends LineByLineParser {
    private static final Pattern REPORT = Pattern.compile("(?:ERROR|WARNING): (AddressSanitizer|LeakSanitizer|ThreadSanitizer|MemorySanitizer|UndefinedBehaviorSanitizer): ?(.*)$");
    private static final Pattern UBSAN = Pattern.compile("^\\S+:\\d+(?::\\d+)?: runtime error: (.*)$");
    private static final Pattern SUMMARY = Pattern.compile("^SUMMARY: (\\w+): (.*)$");
    private static final Pattern FRAME = Pattern.compile("^#(\\d{1,7})\\s+(?:0x([0-9a-fA-F]{1,16})\\s+)?(?:in\\s+)?(.*)$");
    /** "func file.c:12:3 (module+0x1)", "func (module+0x1)", "(module+0x1)", "func <null> (module+0x1)". */
    private static final Pattern WHERE = Pattern.compile(
            "^(.*?)(?:\\s+(<null>|[^\\s()]+?):(\\d{1,9})(?::\\d+)?)?(?:\\s+<null>)?(?:\\s*\\(([^()]+?)\\+0x[0-9a-fA-F]+\\))?$");

    /** The end of a frame line wrapped onto a line of its own: "file.c:153", "file.c:153:5", "(/lib64/libasan.so.4+0x38f6f)". */
    private static final Pattern WRAPPED_END = Pattern.compile("^(?:[^\\s()]+:\\d{1,9}(?::\\d{1,9})?|\\([^()\\s]+\\+0x[0-9a-fA-F]{1,16}\\))$");

    private final InputFormat format;

    public SanitizerParser(InputFormat format) {
        this.format = format;
    }

    @Override
    public InputFormat format() {
        return format;
    }

    /** The title of the stack that follows: the last line of report text before its "#0". */
    private String title;
    private boolean first = true;

    @Override
    TraceBuilder builder() {
        return new TraceBuilder(false); // TSan prints frames without addresses: not inlined ones
    }

    @Override
    void blank(TraceBuilder b) {
        b.endThread();
        lastFrame = null; // the stack ended: a next line is not the end of its last frame
    }

    /** The frame line just read and its number: an e-mail client may have wrapped its end onto the next line. */
    private String lastFrame;
    private int lastFrameLine;

    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        String previous = lastFrame;
        lastFrame = null;
        if ((m = FRAME.matcher(t)).matches()) {
            if (!b.inThread() || m.group(1).equals("0")) {
                b.startStack(title == null ? "stack" : title, first, n);
                first = false;
            }
            frame(b, m, n);
            lastFrame = t;
            lastFrameLine = n;
        } else if (previous != null && b.hasFrame() && WRAPPED_END.matcher(t).matches() && (m = FRAME.matcher(previous + " " + t)).matches()) {
            // "#4 0x... in pci_bridge_dev_write_config" + "hw/pci-bridge/pci_bridge_dev.c:153": one frame
            b.dropLastFrame();
            frame(b, m, lastFrameLine);
            b.countLine();
        } else if (SUMMARY.matcher(t).matches()) {
            b.endThread();
            b.event(DebuggerEvent.Kind.SANITIZER_SUMMARY, t, n);
        } else if (REPORT.matcher(t).find() || UBSAN.matcher(t).matches()) {
            b.endThread();
            b.event(DebuggerEvent.Kind.SANITIZER_REPORT, t, n);
            // UBSan's stack (UBSAN_OPTIONS=print_stacktrace=1) follows its report line, which names it
            title = REPORT.matcher(t).find() ? null : t.substring(t.indexOf("runtime error: "));
        } else {
            // a stack's title, or other report text (shadow bytes, the region, hints)
            b.endThread();
            title = t.replaceFirst(":$", "");
            b.skip("sanitizer-text");
        }
    }

    private static void frame(TraceBuilder b, Matcher m, int line) {
        long pc = TraceBuilder.address(m.group(2));
        int digits = TraceBuilder.digits(m.group(2));
        Matcher w = WHERE.matcher(m.group(3).strip());
        String function = "??";
        String file = null;
        int sourceLine = 0;
        String module = null;
        if (w.matches()) {
            function = w.group(1).isBlank() ? "??" : w.group(1).strip();
            if (w.group(2) != null && !w.group(2).equals("<null>")) {
                file = w.group(2);
                sourceLine = Integer.parseInt(w.group(3));
            }
            module = w.group(4);
        }
        b.frame(Integer.parseInt(m.group(1)), pc, digits, function, null, file, sourceLine, module, line);
    }
}
