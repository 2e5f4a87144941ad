package dev.btexplain.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.ThreadTrace;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A runtime's dump and gdb's listing of the same process, given together, make one thread each. */
class DumpJoinTest {
    private static final Path JOINED = Path.of("src/test/resources/captures/joined");

    private static Backtrace explained(String text) throws Exception {
        return Btexplain.explain(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Btexplain.Options.defaults()).backtrace();
    }

    private static ThreadTrace thread(Backtrace bt, int number) {
        return bt.threads().stream().filter(t -> t.number() != null && t.number() == number).findFirst().orElseThrow();
    }

    @Test
    void aJavaThreadsFramesReplaceGdbsGuessesPastItsFirstUnnamedFrame() throws Exception {
        String text = Files.readString(JOINED.resolve("monitor-deadlock-jdk17.txt"));
        Backtrace bt = explained(text);
        assertEquals(List.of(InputFormat.GDB, InputFormat.JSTACK), bt.formats());
        assertEquals(21, bt.threads().size(), "every gdb thread once, each Java thread joined with its own");
        ThreadTrace auditor = thread(bt, 20);
        assertEquals("auditor", auditor.name());
        assertEquals(20462L, auditor.lwp());
        assertEquals("InterpreterRuntime::monitorenter", auditor.frames().get(9).function().replaceAll("\\(.*", ""));
        assertEquals("MonitorDeadlock.lambda$main$0", auditor.frames().get(10).function());
        assertEquals(10, auditor.runtime().joined().from());
        assertEquals(11, auditor.runtime().joined().replaced(), "gdb's ?? frames and the guesses after them");
        assertEquals("lwp", auditor.runtime().joined().by());
        assertEquals(10, auditor.runtime().waitsToTake().frame(), "the lock line's frame, among the joined frames");
        for (int i = 0; i < auditor.frames().size(); i++) {
            assertEquals(i, auditor.frames().get(i).index());
        }
        // the kernel keeps 15 characters of a name; the dump the whole of it
        assertEquals("VM Periodic Task Thread", thread(bt, 18).name());
        assertTrue(bt.warnings().stream().noneMatch(w -> w.code().equals("dump-thread-not-joined")), bt.warnings().toString());
    }

    @Test
    void aGoroutineOnAnMIsTheGdbThreadRunningItsFrames() throws Exception {
        Backtrace bt = explained(Files.readString(JOINED.resolve("syscall-read-go123.txt")));
        assertEquals(List.of(InputFormat.GDB, InputFormat.GO), bt.formats());
        ThreadTrace reader = thread(bt, 1);
        assertEquals("goroutine 6", reader.name());
        assertEquals("frames", reader.runtime().joined().by());
        assertEquals("syscall", reader.runtime().state());
        assertEquals(0, reader.runtime().joined().count(), "gdb's frames are the goroutine's: none added");
        // the first frame both print an address of (syscall.read), not gdb's frame #0 printed without one
        assertEquals("syscall.read", reader.frames().get(reader.runtime().joined().from()).function());
        assertEquals(10, bt.threads().size(), "5 gdb threads, one of them running goroutine 6, and the 5 goroutines on no thread");
    }

    @Test
    void pythonFramesGoWhereTheInterpreterRunsThem() throws Exception {
        Backtrace bt = explained(Files.readString(JOINED.resolve("lock-deadlock-py311.txt")));
        ThreadTrace main = thread(bt, 1);
        int first = main.runtime().joined().from();
        assertEquals("pthread", main.runtime().joined().by());
        assertEquals(0, main.runtime().joined().replaced(), "gdb names every C frame of the interpreter: none is replaced");
        assertEquals("threading._wait_for_tstate_lock", main.frames().get(first).function());
        assertEquals("_PyEval_EvalFrameDefault", main.frames().get(first + main.runtime().joined().count()).function(),
                "the Python frames stand above the innermost C frame of the interpreter, which runs them");
        assertEquals("PyThread_acquire_lock_timed", main.frames().stream().map(f -> f.function()).filter(f -> f.startsWith("PyThread_"))
                .findFirst().orElseThrow());
    }

    @Test
    void aDumpOfAnotherMomentStaysApartAndIsCounted() throws Exception {
        String text = Files.readString(JOINED.resolve("lock-deadlock-py311.txt"))
                .replace("Thread 0x00007f60d418b6c0 (most recent call first)", "Thread 0x00007f60d0000000 (most recent call first)");
        Backtrace bt = explained(text);
        assertEquals(4, bt.threads().size(), "the thread no gdb thread matches is listed on its own");
        assertNotNull(bt.warnings().stream().filter(w -> w.code().equals("dump-thread-not-joined")).findFirst().orElse(null),
                bt.warnings().toString());
    }

    @Test
    void aDumpOfAnotherProcessJoinsNothingAndSaysSo() throws Exception {
        String text = Files.readString(JOINED.resolve("lock-deadlock-py311.txt")).replaceAll(
                "(?m)^(Current thread|Thread) 0x00007f60([0-9a-f]{8})", "$1 0x00007e00$2");
        Backtrace bt = explained(text);
        assertEquals(6, bt.threads().size(), "gdb's three threads and the dump's three, each on its own");
        assertTrue(bt.threads().stream().noneMatch(t -> t.runtime() != null && t.runtime().joined() != null));
        assertTrue(bt.warnings().stream().anyMatch(w -> w.code().equals("dump-thread-not-joined")
                && w.message().startsWith("3 of the dump's 3 threads")
                && w.message().endsWith("numbered after its threads (4–6)")), bt.warnings().toString());
        // a thread number names one thread: the dump's, counted from 1 as gdb's are, come after the listing's
        assertEquals(List.of(1, 2, 3, 4, 5, 6), bt.threads().stream().map(ThreadTrace::number).sorted().toList());
        assertTrue(bt.threads().stream().filter(t -> t.number() > 3).allMatch(t -> t.runtime() != null));
    }

    @Test
    void aRuntimeDumpAloneIsNotJoined() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/captures/jstack/monitor-deadlock-jdk17.txt"))) {
            Backtrace bt = Btexplain.explain(in, Btexplain.Options.defaults()).backtrace();
            assertTrue(bt.threads().stream().allMatch(t -> t.runtime() != null && t.runtime().joined() == null));
            assertNull(bt.threads().get(0).pthread());
        }
    }
}
