package dev.btexplain.parse;

import static dev.btexplain.parse.ParseFixtures.resource;
import static dev.btexplain.parse.ParseFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Frame;
import dev.btexplain.model.Local;
import dev.btexplain.model.ParseWarning;
import dev.btexplain.model.ThreadTrace;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One test per quirk of gdb output, each on a small input under src/test/resources/parse named for it. */
class GdbParserTest {

    private static List<String> functions(ThreadTrace t) {
        return t.frames().stream().map(Frame::function).collect(Collectors.toList());
    }

    private static long linesAccountedFor(Backtrace bt) {
        return bt.stats().linesUsed() + bt.stats().unparsedLines()
                + bt.stats().skipped().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void headerForms() {
        Backtrace bt = resource("header-forms.txt");
        List<ThreadTrace> t = bt.threads();
        assertEquals(6, t.size());
        assertEquals(6, t.get(0).number());
        assertEquals(48213L, t.get(0).lwp());
        assertEquals("0x7f3a9e5ff6c0", t.get(0).pthread());
        assertEquals("IO mon_iothread", t.get(0).name());
        assertEquals(48214L, t.get(1).lwp());
        assertNull(t.get(1).name());
        assertEquals(48215L, t.get(2).lwp(), "Thread 4 (LWP 48215)");
        assertNull(t.get(2).pthread());
        assertEquals(48216L, t.get(3).lwp(), "Thread 3 (process 48216)");
        assertEquals("19947", t.get(4).pthread(), "Thread 2 (Thread 19947)");
        assertEquals("7760.0x1d64", t.get(5).pthread(), "Windows thread id");
        assertEquals(1, t.get(0).line());
        assertEquals(4, t.get(1).line());
        assertEquals(0, bt.stats().unparsedLines());
    }

    @Test
    void plainBtHasNoHeaderAndKeepsUnknownAndEmptyNames() {
        Backtrace bt = resource("no-header-plain-bt.txt");
        ThreadTrace t = bt.threads().get(0);
        assertNull(t.number());
        assertEquals(List.of("__ppoll", "qemu_poll_ns", "", "??"), functions(t));
        assertTrue(t.frames().get(2).isUnknownFunction());
        assertEquals("previous frame inner to this frame (corrupt stack?)", t.stopReason());
        assertEquals(0, bt.stats().unparsedLines());
    }

    @Test
    void signalHandlerFrameAndLimitedListing() {
        ThreadTrace t = resource("signal-handler-and-limits.txt").threads().get(0);
        assertEquals(4, t.frames().size());
        assertTrue(t.frames().get(2).signalHandler());
        assertEquals("<signal handler called>", t.frames().get(2).function());
        assertFalse(t.frames().get(2).inlined());
        assertTrue(t.moreFramesFollow());
    }

    @Test
    void gdbWrappedFramesAreJoined() {
        Backtrace bt = resource("gdb-wrapped.txt");
        List<Frame> f = bt.threads().get(0).frames();
        assertEquals(4, f.size());
        assertEquals("set=<optimized out>, set@entry=0xaaaae725c070, info=info@entry=0xffff9bffbf18, "
                + "timeout=0x3ff0000000000001, timeout@entry=0x0", f.get(0).args());
        assertEquals("../sysdeps/unix/sysv/linux/sigtimedwait.c", f.get(0).source().file());
        assertEquals(42, f.get(0).source().line());
        assertEquals("util/compatfd.c", f.get(2).source().file());
        assertEquals("address_space_translate_for_iotlb", f.get(3).function());
        assertEquals("cpu=0x55766c32c480, asidx=<optimized out>", f.get(3).args());
        assertEquals(688, f.get(3).source().line());
        assertTrue(f.get(2).inlined(), "frame #3 has no address: #2 was inlined into it");
        assertFalse(f.get(3).inlined());
        assertEquals(0, bt.stats().unparsedLines());
        assertEquals(2, f.get(0).line(), "a frame keeps the line it starts on");
        assertEquals(6, f.get(1).line());
    }

    @Test
    void emailWrappedFramesAreJoined() {
        Backtrace bt = resource("email-wrapped.txt");
        List<Frame> f = bt.threads().get(0).frames();
        assertEquals(4, f.size());
        assertEquals("args=<optimized out>, ret=<optimized out>, errp=0x7ffc56c67018", f.get(1).args());
        assertEquals("qapi/qapi-commands-block-core.c", f.get(1).source().file());
        assertEquals("util/async.c", f.get(2).source().file());
        assertEquals(117, f.get(2).source().line());
        assertEquals("parent=0x555612373120 \"colo-disk0\", has_child=<optimized out>", f.get(3).args());
        assertEquals(0, bt.stats().unparsedLines());
    }

    @Test
    void crlfTabsQuotesAndMarkdownAreRead() {
        for (String name : List.of("crlf-endings.txt", "quoted-reply.txt")) {
            Backtrace bt = resource(name);
            assertEquals(2, bt.threads().size(), name);
            assertEquals(List.of("read", "worker"), functions(bt.threads().get(0)), name);
            assertEquals("w.c", bt.threads().get(0).frames().get(1).source().file(), name);
            assertEquals(0, bt.stats().unparsedLines(), name);
        }
        Backtrace tabs = resource("tab-indented.txt");
        assertEquals(3, tabs.threads().get(0).frames().size());
        assertEquals("asyncJob=VIR_ASYNC_JOB_MIGRATION_OUT, vm=<optimized out>, driver=<optimized out>, job=0x7f827c03ca90",
                tabs.threads().get(0).frames().get(1).args());
        assertEquals(605, tabs.threads().get(0).frames().get(2).source().line());
        Backtrace md = resource("markdown-backslashes.txt");
        assertEquals(List.of("raise", "abort", "main"), functions(md.threads().get(0)));
        assertEquals("/lib/libc.so.6", md.threads().get(0).frames().get(0).library());
        assertEquals("m.c", md.threads().get(0).frames().get(2).source().file());
    }

    @Test
    void noiseIsSkippedByReasonAndNothingIsLost() {
        Backtrace bt = resource("noise-interleaved.txt");
        assertEquals(2, bt.threads().size());
        assertEquals(4, bt.threads().get(0).frames().size());
        assertEquals(2, bt.threads().get(1).frames().size());
        assertEquals("worker", bt.threads().get(0).name());
        assertEquals(0, bt.stats().unparsedLines(), () -> bt.warnings().toString());
        assertEquals(2, bt.stats().skipped("pager-prompt"));
        assertEquals(2, bt.stats().skipped("gdb-banner"));
        assertEquals(2, bt.stats().skipped("gdb-message"), "the warning: and Python Exception lines");
        assertEquals(bt.stats().linesRead(), linesAccountedFor(bt));
        assertEquals(1, bt.events().stream().filter(e -> e.kind() == DebuggerEvent.Kind.STOP_LOCATION).count());
    }

    @Test
    void severalListingsAreSeparateSnapshots() {
        Backtrace bt = resource("two-listings.txt");
        assertEquals(3, bt.snapshots().size());
        assertEquals("read", bt.snapshots().get(0).threads().get(0).frames().get(0).function());
        assertEquals("write", bt.snapshots().get(1).threads().get(0).frames().get(0).function());
        assertEquals("poll", bt.threads().get(0).frames().get(0).function(), "threads are the last listing's");
    }

    @Test
    void btFullLocalsKeepMultiLineValues() {
        Backtrace bt = resource("bt-full-locals.txt");
        List<Frame> f = bt.threads().get(0).frames();
        assertEquals(4, f.size());
        List<Local> l0 = f.get(0).locals();
        assertEquals(List.of("attempts", "empty", "name"), l0.stream().map(Local::name).collect(Collectors.toList()));
        assertEquals("{x = 1, y = 2}", l0.get(1).value());
        assertEquals("0x560ab489a004 \"a } brace in a string\"", l0.get(2).value());
        List<Local> l1 = f.get(1).locals();
        assertEquals("req", l1.get(0).name());
        assertEquals("{\n          id = 7,\n          deadline = {\n            sec = 1700000000\n          }\n        }",
                l1.get(0).value());
        assertEquals("'\\000' <repeats 63 times>", l1.get(1).value());
        assertEquals("{x = 0, y = 0}", l1.get(2).value(), "gdb's warning stood in place of the value");
        assertTrue(f.get(2).signalHandler());
        assertTrue(f.get(3).locals().isEmpty());
        assertEquals(0, bt.stats().unparsedLines(), () -> bt.warnings().toString());
        assertEquals(2, bt.stats().skipped("no-locals"));
        assertEquals(bt.stats().linesRead(), linesAccountedFor(bt));
    }

    @Test
    void infoThreadsAndPerThreadBacktraces() {
        Backtrace bt = resource("info-threads-then-bt.txt");
        assertEquals(1, bt.snapshots().size());
        List<ThreadTrace> t = bt.threads();
        assertEquals(2, t.size());
        assertEquals(1, t.get(0).number(), "the bt after 'info threads' is of the selected thread");
        assertEquals(19986L, t.get(0).lwp());
        assertTrue(t.get(0).current());
        assertEquals(2, t.get(1).number());
        assertEquals(List.of("ioctl", "kvm_vcpu_ioctl"), functions(t.get(1)), "the frame printed on switching is not doubled");
        assertEquals(1, bt.stats().skipped("repeated-frame-print"));
        assertEquals(0, bt.stats().unparsedLines(), () -> bt.warnings().toString());
    }

    @Test
    void runSessionKeepsSignalAndProgramOutput() {
        Backtrace bt = resource("run-session-signal.txt");
        List<DebuggerEvent> e = bt.events();
        assertEquals(DebuggerEvent.Kind.PROGRAM_OUTPUT, e.get(0).kind());
        assertEquals("prog: worker.c:12: parse: Assertion `p != NULL' failed.", e.get(0).text());
        assertEquals(DebuggerEvent.Kind.SIGNAL_RECEIVED, e.get(1).kind());
        assertEquals(DebuggerEvent.Kind.SWITCHED_TO_THREAD, e.get(2).kind());
        assertEquals(DebuggerEvent.Kind.STOP_LOCATION, e.get(3).kind());
        ThreadTrace t = bt.threads().get(0);
        assertEquals(2, t.number());
        assertEquals(16047L, t.lwp());
        assertEquals("parser", t.name());
        assertTrue(t.current());
        assertEquals(3, t.frames().size());
        assertEquals(0, bt.stats().unparsedLines(), () -> bt.warnings().toString());
    }

    @Test
    void coreSessionStopPrintIsAnEventNotAThread() {
        Backtrace bt = resource("core-session.txt");
        assertEquals(1, bt.snapshots().size());
        assertEquals(2, bt.threads().size());
        ThreadTrace crashed = bt.threads().get(1);
        assertEquals(1, crashed.number());
        assertTrue(crashed.current());
        assertEquals(2, crashed.frames().size());
        assertTrue(bt.events().stream().anyMatch(e -> e.kind() == DebuggerEvent.Kind.STOP_LOCATION
                && e.text().startsWith("#0  parse_header")));
        assertEquals("/tmp/build/segv-in-worker", bt.programCommandLine());
    }

    @Test
    void truncatedLastLineKeepsTheFrameAndWarns() {
        Backtrace bt = resource("truncated-last-line.txt");
        List<Frame> f = bt.threads().get(0).frames();
        assertEquals(2, f.size());
        assertEquals("worker", f.get(1).function());
        assertTrue(bt.warnings().stream().anyMatch(w -> w.code().equals("truncated-frame") && w.line() == 3));
        assertTrue(bt.warnings().stream().anyMatch(w -> w.code().equals("no-final-newline")));
    }

    @Test
    void invalidUtf8AndNonBreakingSpaces() {
        Backtrace bt = resource("invalid-utf8-and-nbsp.txt");
        List<Frame> f = bt.threads().get(0).frames();
        assertEquals(List.of("read", "main", "_start"), f.stream().map(Frame::function).collect(Collectors.toList()));
        assertTrue(f.get(0).args().contains("\uFFFD"), "bad bytes are shown, not dropped");
        assertTrue(f.get(0).args().contains("café"), "valid UTF-8 on the same line survives");
        assertTrue(bt.warnings().stream().anyMatch(w -> w.code().equals("invalid-utf8") && w.line() == 2));
    }

    @Test
    void binaryLineIsSkippedWithAWarningAndTheStackGoesOn() {
        Backtrace bt = resource("binary-line-inside.txt");
        assertEquals(2, bt.threads().get(0).frames().size());
        assertEquals(1, bt.stats().skipped("binary"));
        assertTrue(bt.warnings().stream().anyMatch(w -> w.code().equals("binary-line") && w.line() == 3));
    }

    @Test
    void blankLinePastedInsideAStackDoesNotSplitIt() {
        Backtrace bt = resource("blank-line-inside-stack.txt");
        assertEquals(1, bt.threads().size());
        assertEquals(3, bt.threads().get(0).frames().size());
    }

    @Test
    void unknownLinesAreCountedAndNamedWithLineAndColumn() {
        Backtrace bt = text("Thread 1 (Thread 0x7e (LWP 1)):\n#0  0x1 in f () at a.c:1\n   what is this\n#1  0x2 in g () at a.c:2\n");
        assertEquals(2, bt.threads().get(0).frames().size());
        assertEquals(1, bt.stats().unparsedLines());
        ParseWarning w = bt.warnings().get(0);
        assertEquals(3, w.line());
        assertEquals(4, w.column());
        assertEquals("what is this", w.excerpt());
    }

    @Test
    void programOutputBeforeASignalIsKeptNotCountedAsUnparsed() {
        Backtrace bt = text("free(): double free detected in tcache 2\n\nProgram received signal SIGABRT, Aborted.\n"
                + "#0  0x1 in raise () from /lib/libc.so.6\n");
        assertEquals(0, bt.stats().unparsedLines());
        assertEquals("free(): double free detected in tcache 2", bt.events().get(0).text());
        assertEquals(DebuggerEvent.Kind.PROGRAM_OUTPUT, bt.events().get(0).kind());
    }

    @Test
    void warningsAreCappedButCountsStayExact() {
        StringBuilder sb = new StringBuilder("Thread 1 (Thread 0x7e (LWP 1)):\n#0  0x1 in f () at a.c:1\n");
        for (int i = 0; i < 500; i++) {
            sb.append("  junk line ").append(i).append('\n');
        }
        Backtrace bt = text(sb.toString());
        assertEquals(500, bt.stats().unparsedLines());
        assertEquals(GdbParser.MAX_LISTED_WARNINGS + 1, bt.warnings().size());
        assertTrue(bt.warnings().get(bt.warnings().size() - 1).message().startsWith("300 more 'unparsed-line'"));
    }

    @Test
    void wrappedStopLineIsOneEventWhateverFollowsIt() {
        String stop = "Program received signal SIGSEGV, Segmentation fault.\n"
                + "0x0000555555555144 in descend (\n"
                + "    path=0x7ffffffbf440 \"/\", \n";
        String header = "Thread 1 (Thread 0x7ffff7d8a740 (LWP 2976) \"overflow\"):\n"
                + "#0  0x0000555555555144 in descend (path=0x7ffffffbf440 \"/\", depth=3) at d.c:5\n";
        for (String after : List.of("    depth=3) at d.c:5\n\n" + header, "\n" + header, header)) {
            Backtrace bt = text(stop + after);
            List<DebuggerEvent> stops = bt.events().stream().filter(e -> e.kind() == DebuggerEvent.Kind.STOP_LOCATION).toList();
            assertEquals(1, stops.size(), after);
            assertTrue(stops.get(0).text().startsWith("0x0000555555555144 in descend (path=0x7ffffffbf440 \"/\","), stops.get(0).text());
            assertEquals(after.startsWith("    depth") , stops.get(0).text().endsWith("depth=3) at d.c:5"), stops.get(0).text());
            assertEquals(1, bt.threads().size(), after);
            assertEquals(List.of("descend"), functions(bt.threads().get(0)), after);
            assertEquals(0, bt.stats().unparsedLines(), after);
        }
    }
}
