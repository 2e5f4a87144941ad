package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.ThreadTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** CPython's faulthandler dumps, 3.8 to 3.14: fatal errors, the watchdog's timeout, a signal's dump. */
class FaulthandlerParserTest {
    private static final Path DUMPS = Path.of("src/test/resources/captures/faulthandler");

    private static Backtrace parse(String text) {
        return ParseFixtures.detected(InputFormat.FAULTHANDLER, new FaulthandlerParser(), text);
    }

    @Test
    void aFramesFunctionIsNamedWithItsModule() {
        assertEquals("threading.wait", FaulthandlerParser.qualified("/usr/lib/python3.11/threading.py", "wait"));
        assertEquals("concurrent.futures.thread._worker",
                FaulthandlerParser.qualified("/root/.pyenv/versions/3.12.1/lib/python3.12/concurrent/futures/thread.py", "_worker"));
        assertEquals("requests.sessions.send",
                FaulthandlerParser.qualified("/srv/venv/lib/python3.11/site-packages/requests/sessions.py", "send"));
        assertEquals("ctypes.string_at", FaulthandlerParser.qualified("/usr/lib/python3.13/ctypes/__init__.py", "string_at"));
        assertEquals("app.main", FaulthandlerParser.qualified("/srv/app/app.py", "main"));
        assertEquals("importlib._bootstrap._find_and_load", FaulthandlerParser.qualified("<frozen importlib._bootstrap>", "_find_and_load"));
        assertEquals("<module>", FaulthandlerParser.qualified("/srv/app/app.py", "<module>"));
        assertEquals("f", FaulthandlerParser.qualified("<string>", "f"));
        assertEquals("python3.11", FaulthandlerParser.library("/usr/lib/python3.11/threading.py"));
        assertEquals("site-packages", FaulthandlerParser.library("/srv/venv/lib/python3.11/site-packages/requests/api.py"));
        assertNull(FaulthandlerParser.libraryDir("/srv/app/app.py"));
    }

    @Test
    void aFatalSignalNamesTheFaultingThreadCurrent() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("ctypes-segfault-py310.txt")));
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        assertEquals(2, bt.threads().size());
        ThreadTrace reader = bt.threads().get(0);
        assertTrue(reader.current());
        assertEquals("0x7f97818b96c0", reader.pthread(), "the pthread_t without its leading zeros, as gdb prints it");
        assertEquals("ctypes.string_at", reader.frames().get(0).function());
        assertEquals(517, reader.frames().get(0).source().line());
        assertEquals("python3.10", reader.frames().get(0).library());
        assertNull(reader.frames().get(1).library(), "the program's own file");
        assertEquals("python", reader.runtime().runtime());
        assertFalse(bt.threads().get(1).current());
        assertEquals("Fatal Python error: Segmentation fault", bt.events().stream()
                .filter(e -> e.kind() == DebuggerEvent.Kind.RUNTIME_REPORT).findFirst().orElseThrow().text());
        assertEquals(1L, bt.stats().skipped().get("shell-signal-report"), "the shell's 'Segmentation fault' after the dump");
    }

    @Test
    void oneThreadsStackUnknownPartsAndLimits() {
        Backtrace bt = parse("""
                Stack (most recent call first):
                  File ???, line ??? in ???
                  File "/srv/app/deep.py", line 3 in recurse
                  ...
                """);
        ThreadTrace t = bt.threads().get(0);
        assertTrue(t.current(), "dump_traceback(all_threads=False) prints the calling thread");
        assertEquals("???", t.frames().get(0).function());
        assertNull(t.frames().get(0).source());
        assertEquals("deep.recurse", t.frames().get(1).function());
        assertTrue(t.stopReason().contains("faulthandler's limit"), t.stopReason());
        assertEquals(0, bt.stats().unparsedLines());
    }

    @Test
    void python314sCStackIsTheCurrentThreadsNativeStack() {
        Backtrace bt = parse("""
                Fatal Python error: Segmentation fault

                Current thread 0x00007fb899f39700 (most recent call first):
                  File "/opt/python/Lib/ctypes/__init__.py", line 486 in string_at
                  File "<stdin>", line 1 in <module>

                Current thread's C stack trace (most recent call first):
                  Binary file "/opt/python/python", at _Py_DumpStack+0x42 [0x5b27f7d7147e]
                  Binary file "/opt/python/python", at +0x32dcbd [0x5b27f7d85cbd]
                  Binary file "/usr/lib/libc.so.6", at +0x3def0 [0x77b73226bef0]
                  <truncated rest of calls>
                """);
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        assertEquals(2, bt.threads().size(), "the Python stack and the C stack, joined later by their pthread_t");
        ThreadTrace c = bt.threads().get(1);
        assertNull(c.runtime(), "the C stack is the native side");
        assertEquals("0x7fb899f39700", c.pthread());
        assertEquals(bt.threads().get(0).number(), c.number());
        assertEquals("_Py_DumpStack", c.frames().get(0).function());
        assertEquals("??", c.frames().get(1).function());
        assertEquals(0x5b27f7d85cbdL, c.frames().get(1).pc());
        assertEquals("/usr/lib/libc.so.6", c.frames().get(2).library());
        assertEquals("ctypes.string_at", bt.threads().get(0).frames().get(0).function(), "Lib/ on a source build");
    }

    @Test
    void theWatchdogsTimeoutIsAReportLine() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("server-timeout-py39.txt")));
        assertEquals("Timeout (0:00:01)!", bt.events().get(0).text());
        assertFalse(bt.threads().stream().anyMatch(ThreadTrace::current),
                "the watchdog marks no thread current (3.8 to 3.13, even while a thread runs Python: tried here)");
        assertEquals("selectors.select", bt.threads().get(1).frames().get(0).function());
    }
}
