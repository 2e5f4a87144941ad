package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.regex.Matcher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The kernel parser's hand-written readers of its commonest lines (dmesg's timestamp, a 4.x frame) agree with the
 * regular expressions they stand in for, on lines built from the characters those patterns turn on.
 */
class KernelFastPathTest {
    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> pieces = Arbitraries.of("[", "]", " ", "  ", "\t", "0", "12", "8683", ".", "927442", "? ", "+0x", "/0x",
                "1f", "80", "ffffffff", "find_lock_entry", "__schedule", "[i915]", " [amdgpu]", "[drm_kms_helper]", "<IRQ>",
                "<", ">", "(", ")", "kernel: ", "host ", "T123", "C1", "\u001c", "\u00a0", "é", "x", "-", "_", "0123456789abcdef0");
        return pieces.list().ofMinSize(1).ofMaxSize(14).map(l -> String.join("", l));
    }

    @Property(tries = 3000, seed = "20261127")
    void dmesgPrefixAsThePatternReadsIt(@ForAll("lines") String line) {
        int fast = KernelLines.dmesgPrefixEnd(line);
        if (fast >= 0) {
            Matcher m = KernelLines.PREFIX.matcher(line);
            m.lookingAt();
            assertEquals(m.end(), fast, line);
        }
    }

    @Property(tries = 3000, seed = "20261127")
    void plainFrameAsThePatternReadsIt(@ForAll("lines") String line) {
        KernelLines.PlainFrame fast = KernelLines.plainFrame(line);
        Matcher m = KernelLines.FRAME.matcher(line);
        if (fast != null) {
            assertEquals(true, m.matches(), line);
            assertEquals(m.group(1) != null, fast.unreliable(), line);
            assertEquals(m.group(2), fast.function(), line);
            assertEquals(m.group(3), fast.module(), line);
        } else if (!line.startsWith("<") && m.matches()) {
            throw new AssertionError("FRAME reads a line the fast path refused: " + line);
        }
    }

    @Provide
    Arbitrary<String> reportLines() {
        Arbitrary<String> pieces = Arbitraries.of("BUG", "BUG: ", "kernel BUG at ", "Unable to handle kernel ", "general protection fault",
                "Oops", "Internal error: ", "invalid opcode: ", "WARNING: ", "INFO: ", "rcu: ", "[ ", " ]", "Kernel panic - not syncing",
                "SysRq : ", "sysrq: ", "NMI backtrace for cpu ", "Watchdog detected hard LOCKUP", "Not tainted", "Tainted: ", "x",
                " (", "123", ") is the thread ", "CPU: 1 PID: 2", " ", "usb 1-1: ", "a", ":", "\\", "ys", "Rq");
        return pieces.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 3000, seed = "20261127")
    void headlinesAsThePatternReadsThem(@ForAll("reportLines") String line) {
        assertEquals(KernelLines.HEADLINE.matcher(line).matches(), KernelLines.isHeadline(line), line);
    }

    @Property(tries = 3000, seed = "20261127")
    void reportTextAsThePatternsReadIt(@ForAll("reportLines") String line) {
        boolean expected = KernelLines.REPORT_TEXT.matcher(line).matches()
                || java.util.regex.Pattern.compile(".* \\(\\d+\\) is the thread .*").matcher(line).matches()
                || java.util.regex.Pattern.compile(".*\\b(?:Not tainted|Tainted: ).*").matcher(line).matches();
        assertEquals(expected, KernelLines.isReportText(line), line);
    }

    @Test
    void reportTextSplitsIntoItsAlternatives() {
        String all = KernelLines.REPORT_TEXT.pattern();
        String body = all.substring("^(?:".length(), all.length() - ")$".length());
        java.util.List<String> alternatives = KernelLines.reportTextAlternatives();
        assertEquals(body, String.join("|", alternatives));
        assertEquals(true, alternatives.size() > 40, alternatives.toString());
        assertEquals(true, alternatives.contains("<[/#]?\\w{1,10}>"), alternatives.toString());
    }

    @Test
    void examples() {
        assertEquals(15, KernelLines.dmesgPrefixEnd("[ 8683.927442] __schedule+0x34d/0xa00"));
        assertEquals(-1, KernelLines.dmesgPrefixEnd("[ 8683.927442] [  T123] x"));
        KernelLines.PlainFrame f = KernelLines.plainFrame("? amdgpu_vm_num_entries+0x1e/0x70 [amdgpu]");
        assertNotNull(f);
        assertEquals(new KernelLines.PlainFrame(true, "amdgpu_vm_num_entries", "amdgpu"), f);
        assertNull(KernelLines.plainFrame("unwind_backtrace from show_stack+0x10/0x14"));
    }
}
