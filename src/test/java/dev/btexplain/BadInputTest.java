package dev.btexplain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.model.Backtrace;
import dev.btexplain.parse.LineSource;
import dev.btexplain.parse.UnusableInputException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Inputs of gigabytes, streamed from memory so no disk is needed: bounded time and memory, clear outcomes. */
class BadInputTest {

    /** A stream that repeats {@code unit} until {@code size} bytes have been read, without holding them. */
    static InputStream repeating(String unit, long size) {
        byte[] u = unit.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                return pos >= size ? -1 : u[(int) (pos++ % u.length)];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = u[(int) ((pos + i) % u.length)];
                }
                pos += n;
                return n;
            }
        };
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sanitizers", "eu-stack", "lldb", "gcc", "kernel", "crash-logs"})
    @DisplayName("a line of 40,000 blanks, or 20,000 nested parentheses, in a capture of each format is read in linear time")
    void longBlankRunsAndNestedParenthesesDoNotBacktrack(String format) throws Exception {
        Path capture;
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("src/test/resources/captures", format))) {
            capture = s.filter(p -> p.toString().endsWith(".txt")).sorted().findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(capture, StandardCharsets.ISO_8859_1);
        int frame = 0;
        while (frame < lines.size() - 1 && !lines.get(frame).contains("#") && !lines.get(frame).contains("frame")
                && !lines.get(frame).contains("[<")) {
            frame++;
        }
        List<String> blanks = new java.util.ArrayList<>(lines);
        blanks.set(frame, lines.get(frame) + " ".repeat(40_000) + "x");
        blanks.add(2, " ".repeat(200_000));
        List<String> parens = new java.util.ArrayList<>(lines);
        parens.set(frame, lines.get(frame).replaceFirst("\\(", "(".repeat(20_000)) + ")".repeat(20_000));
        for (List<String> input : List.of(blanks, parens)) {
            byte[] bytes = String.join("\n", input).getBytes(StandardCharsets.ISO_8859_1);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                    Btexplain.explain(new java.io.ByteArrayInputStream(bytes), Btexplain.Options.defaults()), capture.toString());
        }
    }

    @Test
    @DisplayName("a thread header printed twice with no frames under the first, and a crashing stack with no frames, explain")
    void headersWithoutFramesExplain() throws Exception {
        String lldb = "* thread #1, name = 'a', stop reason = signal SIGSEGV\n* thread #1, name = 'a', stop reason = signal SIGSEGV\n"
                + "    frame #0: 0x0000000000401000 a.out`main at a.c:3\n";
        String coredump = "           PID: 1234 (prog)\n        Signal: 11 (SEGV)\n\n                Stack trace of thread 1234:\n\n"
                + "                Stack trace of thread 1235:\n                #0  0x00007f0000001000 raise (libc.so.6 + 0x3bd1b)\n";
        for (String input : List.of(lldb, coredump)) {
            dev.btexplain.report.Report r = Btexplain.explain(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    Btexplain.Options.defaults());
            if (input == lldb) {
                assertEquals(1, r.backtrace().threads().size(), "the header printed twice is one thread");
            }
            for (dev.btexplain.report.ReportFormat f : dev.btexplain.report.ReportFormat.values()) {
                Btexplain.render(r, f, java.io.Writer.nullWriter(), false);
            }
        }
    }

    @Test
    @DisplayName("a stack of 100,000 frames renders in every format; the flame graph stops at a depth it says")
    void deepStacksRenderEverywhere() throws Exception {
        StringBuilder b = new StringBuilder("Thread 1 (LWP 1):\n");
        for (int i = 0; i < 100_000; i++) {
            b.append('#').append(i).append("  0x000055555555518d in descend (depth=").append(i).append(") at d.c:9\n");
        }
        dev.btexplain.report.Report r = Btexplain.explain(new java.io.ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)),
                Btexplain.Options.defaults());
        for (dev.btexplain.report.ReportFormat f : dev.btexplain.report.ReportFormat.values()) {
            java.io.StringWriter w = new java.io.StringWriter();
            Btexplain.render(r, f, w, false);
            if (f == dev.btexplain.report.ReportFormat.HTML) {
                assertTrue(w.toString().contains("deeper levels, not drawn"));
            }
        }
    }

    @Test
    void twoGigabytesOfBacktraceStopAtTheLimitWithAWarning() throws Exception {
        String thread = "Thread 7 (Thread 0x7f (LWP 7)):\n#0  0x00007f3aa0efc256 in read () from /lib/libc.so.6\n"
                + "#1  0x00005602370d7179 in worker (arg=0x0) at w.c:6\n\n";
        Btexplain.Options limit = new Btexplain.Options(32L << 20);
        Backtrace bt = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Btexplain.explain(repeating(thread, 2L << 30), limit)).backtrace();
        assertTrue(bt.stats().truncated());
        assertEquals(32L << 20, bt.stats().bytesRead());
        assertTrue(bt.warnings().stream().anyMatch(w -> w.code().equals("input-limit")), bt.warnings().toString());
        assertTrue(bt.frameCount() > 100_000, "what was read is kept: " + bt.frameCount());
    }

    @Test
    void everyFormatSaysWhenItStoppedAtTheLimit() throws Exception {
        String oops = "BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
                + "CPU: 0 PID: 9 Comm: worker Not tainted 6.1.0 #1\nCall Trace:\n demo_work+0x8/0x20\n process_one_work+0x1/0x2\n";
        String mixed = "        Signal: 11 (SEGV)\n"
                + "#0  0x00007f3aa0efc256 in read () from /lib/libc.so.6\n#1  0x00005602370d7179 in worker (arg=0x0) at w.c:6\n";
        for (String unit : new String[] {oops, "[<0>] futex_wait_queue+0x60/0x90\n", mixed}) {
            Btexplain.Options limit = new Btexplain.Options(1L << 20);
            Backtrace bt = Btexplain.explain(repeating(unit, 8L << 20), limit).backtrace();
            assertTrue(bt.stats().truncated(), bt.format().id());
            assertEquals(1L << 20, bt.stats().bytesRead(), bt.format().id());
            assertTrue(bt.warnings().stream().anyMatch(w -> w.code().equals("input-limit")),
                    bt.format().id() + ": " + bt.warnings());
        }
    }

    @Test
    void twoGigabytesOfSomethingElseGiveUpEarly() {
        UnusableInputException e = assertThrows(UnusableInputException.class, () -> assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> Btexplain.explain(repeating("just some log line\n", 2L << 30),
                        Btexplain.Options.defaults())));
        assertTrue(e.getMessage().startsWith("no backtrace found (read 200,000 lines"), e.getMessage());
        assertTrue(e.getMessage().contains("; stopped reading early; btexplain reads the output of: gdb"), e.getMessage());
    }

    @Test
    void aFrameLineCutAtTheLimitIsReadFromItsTextAndWarned() throws Exception {
        String line = "#0  0x00007f3aa0efc256 in read (fd=3) from /lib/" + "a".repeat(3 << 20) + "\n";
        Backtrace bt = Btexplain.explain(new java.io.ByteArrayInputStream(
                ("Thread 1 (Thread 0x7e (LWP 1)):\n" + line).getBytes(StandardCharsets.US_ASCII)),
                Btexplain.Options.defaults()).backtrace();
        assertTrue(bt.warnings().stream().anyMatch(w -> w.code().equals("line-cut") && w.line() == 2), bt.warnings().toString());
        String library = bt.threads().get(0).frames().get(0).library();
        assertEquals(LineSource.MAX_LINE_BYTES - line.indexOf("/lib/"), library.length());
        assertTrue(library.chars().skip(5).allMatch(c -> c == 'a'), "the kept part is the line's own text");
    }

    @Test
    void oneEndlessLineIsCutNotHeld() throws Exception {
        InputStream in = repeating("#0  0x1 in f (a=" + "x".repeat(1000), 300L << 20);
        Backtrace bt = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Btexplain.explain(in, Btexplain.Options.defaults())).backtrace();
        assertEquals(1, bt.frameCount());
        assertTrue(bt.warnings().stream().anyMatch(w -> w.code().equals("line-cut")));
    }
}
