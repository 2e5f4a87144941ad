package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.analyze.Analysis;
import dev.btexplain.analyze.Analyzer;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.Frame;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.ThreadTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** py-spy's dump (src/dump.rs): threads with their OS id, status and name, Python frames, --native and --locals. */
class PySpyParserTest {
    private static final Path DUMPS = Path.of("src/test/resources/captures/py-spy");

    private static Backtrace parse(String text) {
        return ParseFixtures.detected(InputFormat.PY_SPY, new PySpyParser(), text);
    }

    @Test
    void aThreadHasItsOsIdStatusAndName() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("busy-loop-py313.txt")));
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        assertEquals(2L, bt.stats().skipped().get("py-spy-process"), "the process and interpreter lines");
        ThreadTrace compute = bt.threads().get(1);
        assertEquals(14092L, compute.lwp());
        assertEquals("compute", compute.name());
        assertEquals("active", compute.runtime().state());
        assertEquals("python", compute.runtime().runtime());
        Frame top = compute.frames().get(0);
        assertEquals("busy_loop.collatz_forever", top.function());
        assertEquals("busy_loop.py", top.source().file());
        assertEquals(14, top.source().line());
        assertEquals("threading.run", compute.frames().get(1).function());
        assertEquals("idle", bt.threads().get(0).runtime().state());
    }

    @Test
    void aShortenedFileIsItsModulesPath() {
        assertEquals("concurrent.futures.thread._worker", PySpyParser.qualified("concurrent/futures/thread.py", "_worker"));
        assertEquals("http.client.getresponse", PySpyParser.qualified("http/client.py", "getresponse"));
        assertEquals("ctypes.string_at", PySpyParser.qualified("ctypes/__init__.py", "string_at"));
        assertEquals("threading.wait", PySpyParser.qualified("/usr/lib/python3.11/threading.py", "wait"), "--full-filenames");
        assertEquals("<module>", PySpyParser.qualified("app.py", "<module>"));
        assertEquals("importlib._bootstrap._find_and_load", PySpyParser.qualified("<frozen importlib._bootstrap>", "_find_and_load"));
    }

    @Test
    void nativeFramesLocalsAndAPthreadIdAreRead() {
        Backtrace bt = parse("""
                Process 2462: python3 server.py
                Python v3.11.2 (/usr/bin/python3.11)

                Thread 0x7F3A9E611BB8 (active+gil): "MainThread"
                    __futex_abstimed_wait_common (libc.so.6)
                    0x7f3a1c2d (?)
                    PyThread_acquire_lock_timed (thread_pthread.h:497)
                    handle (server.py:12)
                        Arguments:
                            request: <socket at 0x7f3a9e611bb8>
                        Locals:
                            n: 3
                    <module> (server.py:30)
                """);
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        assertEquals(4L, bt.stats().skipped().get("py-spy-locals"), "two headings and a line for each");
        ThreadTrace t = bt.threads().get(0);
        assertNull(t.lwp());
        assertEquals("0x7f3a9e611bb8", t.pthread(), "the pthread_t as gdb prints it");
        assertEquals("active+gil", t.runtime().state());
        assertEquals(5, t.frames().size());
        assertEquals("libc.so.6", t.frames().get(0).library());
        assertEquals("??", t.frames().get(1).function());
        assertEquals(0x7f3a1c2dL, t.frames().get(1).pc());
        assertEquals("thread_pthread.h", t.frames().get(2).source().file());
        assertEquals("server.handle", t.frames().get(3).function());
    }

    @Test
    void aDumpIsDetected() throws Exception {
        String dump = Files.readString(DUMPS.resolve("pool-idle-py312.txt"));
        byte[] b = dump.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(InputFormat.PY_SPY, new FormatDetector().detect(b, b.length).format());
    }

    @Test
    void aThreadOnACpuRunsAndOneOffItIsNotSaidToRun() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("busy-loop-py313.txt")));
        Analysis a = new Analyzer(KnowledgeBase.builtIn()).analyze(bt);
        ThreadExplanation compute = a.of(bt.threads().get(1));
        assertEquals("running", compute.state().id());
        assertTrue(compute.evidence().stream().anyMatch(e -> e.rule().equals("state.runtime-on-cpu")), compute.evidence().toString());
        Backtrace deadlock = parse(Files.readString(DUMPS.resolve("lock-deadlock-py311.txt")));
        Analysis d = new Analyzer(KnowledgeBase.builtIn()).analyze(deadlock);
        assertEquals("unknown", d.of(deadlock.threads().get(1)).state().id(), "idle at its own line: in a call py-spy does not show");
    }

    @Test
    void theStandardLibrarysShortenedFilesAreThePythonPacks() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("pool-idle-py312.txt")));
        KnowledgeBase kb = KnowledgeBase.builtIn();
        Frame worker = bt.threads().get(1).frames().get(0);
        assertEquals("python", kb.libraryOf(worker.library(), worker.source()));
        Frame own = bt.threads().get(0).frames().get(bt.threads().get(0).frames().size() - 1);
        assertNull(kb.libraryOf(own.library(), own.source()), "the program's own pool_idle.py");
    }
}
