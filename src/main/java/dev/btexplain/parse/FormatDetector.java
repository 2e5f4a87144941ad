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

    private record Signature(InputFormat format, Pattern line) { }

    private static final List<Signature> SIGNATURES = List.of(
            // "#0  0x00007f... in __ppoll (" or "#2  qemu_event_wait (" or "Thread 2 (Thread 0x7f... (LWP 9014)):"
            new Signature(InputFormat.GDB, Pattern.compile(
                    "^[\\s>]*(?:\\(gdb\\)\\s*)*#\\d+\\s+(?:0x[0-9a-fA-F]+ in )?(?:[^\\s(]+ \\(|<signal handler called>)", Pattern.MULTILINE)),
            new Signature(InputFormat.GDB, Pattern.compile("^\\s*Thread \\d+ \\((?:Thread|LWP|process) .*\\):\\s*$", Pattern.MULTILINE)),
            new Signature(InputFormat.LLDB, Pattern.compile("^\\s*\\*?\\s*frame #\\d+: ", Pattern.MULTILINE)),
            new Signature(InputFormat.COREDUMPCTL, Pattern.compile("^\\s*Stack trace of thread \\d+:", Pattern.MULTILINE)),
            new Signature(InputFormat.EU_STACK, Pattern.compile("^(?:TID \\d+:|PID \\d+ - (?:process|core))", Pattern.MULTILINE)),
            new Signature(InputFormat.ASAN, Pattern.compile("ERROR: AddressSanitizer|ERROR: LeakSanitizer")),
            new Signature(InputFormat.TSAN, Pattern.compile("WARNING: ThreadSanitizer")),
            new Signature(InputFormat.UBSAN, Pattern.compile("runtime error: ")),
            new Signature(InputFormat.KERNEL, Pattern.compile("^.{0,40}(?:Call Trace:|BUG: |Oops: |WARNING: CPU: )", Pattern.MULTILINE)),
            new Signature(InputFormat.BACKTRACE_SYMBOLS, Pattern.compile("\\(\\S*\\+0x[0-9a-f]+\\) ?\\[0x[0-9a-f]+\\]")));

    /** What the sample looks like: the best format, or UNKNOWN, plus every score. */
    public record Detection(InputFormat format, Map<InputFormat, Integer> scores, boolean binary) { }

    public Detection detect(byte[] sample, int length) {
        int nul = 0;
        for (int i = 0; i < length; i++) {
            if (sample[i] == 0) {
                nul++;
            }
        }
        String text = new String(sample, 0, length, StandardCharsets.ISO_8859_1);
        Map<InputFormat, Integer> scores = new EnumMap<>(InputFormat.class);
        for (Signature sig : SIGNATURES) {
            int count = (int) sig.line().matcher(text).results().limit(10_000).count();
            if (count > 0) {
                scores.merge(sig.format(), count, Integer::sum);
            }
        }
        // GDB is the one format read today; a sample with any gdb frame or header is parsed as gdb, and the
        // lines of other formats inside it are reported as not understood.
        InputFormat best = InputFormat.UNKNOWN;
        // A sanitizer's banner decides: its "#0 0x... in f (lib.so+0x1)" frames also fit gdb's shape.
        for (InputFormat sanitizer : List.of(InputFormat.ASAN, InputFormat.TSAN)) {
            if (scores.containsKey(sanitizer)) {
                return new Detection(sanitizer, scores, false);
            }
        }
        if (scores.containsKey(InputFormat.GDB)) {
            best = InputFormat.GDB;
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
}
