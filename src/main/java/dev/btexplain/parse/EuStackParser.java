package dev.btexplain.parse;

import dev.btexplain.model.InputFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * elfutils' eu-stack: {@code PID 28080 - process} (or {@code - core}), {@code TID 28080:}, frames
 * {@code #0  0x00007f1ee343f99d read} (with {@code -m}: {@code - /lib64/libc.so.6} after the name; no name when
 * unknown), with {@code -s} the source line indented below each frame, and with {@code -i} inlined functions as
 * frames of their own that repeat the address of the frame they are inlined into.
 */
public final class EuStackParser extends LineByLineParser {
    private static final Pattern PROCESS = Pattern.compile("^PID (\\d{1,18}) - (process|core)\\s*$");
    private static final Pattern THREAD = Pattern.compile("^TID (\\d{1,18}):\\s*$");
    /** "#1  0x00007f1ee4147864 nix::FdSource::readUnbuffered(unsigned char*, unsigned long) - /lib/libnix.so". */
    private static final Pattern FRAME = Pattern.compile("^#(\\d{1,7})\\s+0x([0-9a-fA-F]{1,16})(?:\\s+(.*?))?(?:\\s+-\\s+(/\\S+))?\\s*$");
    private static final Pattern SOURCE = Pattern.compile("^\\s+(\\S+?):(\\d{1,9})(?::\\d+)?\\s*$");

    @Override
    public InputFormat format() {
        return InputFormat.EU_STACK;
    }

    @Override
    TraceBuilder builder() {
        return new TraceBuilder().inlinedWhenAddressRepeats();
    }

    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        if (t.startsWith("$ ") || t.startsWith("# ")) {
                b.skip("command"); // the shell prompt and the eu-stack command line
        } else if (PROCESS.matcher(t).matches()) {
            b.skip("process-header");
        } else if ((m = THREAD.matcher(t)).matches()) {
            b.startThread(null, Long.valueOf(m.group(1)), null, false, n);
        } else if ((m = FRAME.matcher(t)).matches()) {
            String name = m.group(3) == null || m.group(3).isBlank() ? "??" : m.group(3).strip();
            b.frame(Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16), m.group(2).length(),
                    name, null, null, 0, m.group(4), n);
        } else if (b.hasFrame() && (m = SOURCE.matcher(line)).matches()) {
            b.sourceOfLastFrame(m.group(1), Integer.parseInt(m.group(2)));
        } else if (t.startsWith("eu-stack: ") && b.hasFrame()) {
            b.stopReason(t.substring("eu-stack: ".length())); // its error for the thread it was unwinding
        } else if (t.equals("...")) {
            b.skip("elided"); // the corpus marks frames a reporter left out
        } else {
            b.unparsed(n, line);
        }
    }
}
