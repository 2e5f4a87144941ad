package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.ThreadTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Python's tracebacks of uncaught exceptions, 3.8 to 3.13: frames oldest first, source lines, markers, chains. */
class PythonTracebackParserTest {
    private static final Path TRACEBACKS = Path.of("src/test/resources/captures/python-traceback");

    private static Backtrace parse(Path file) throws Exception {
        return ParseFixtures.detected(InputFormat.PYTHON_TRACEBACK, new PythonTracebackParser(), Files.readString(file));
    }

    @Test
    void framesInnermostFirstAndTheExceptionAsTheReport() throws Exception {
        for (String version : new String[] {"38", "311", "313"}) {
            Backtrace bt = parse(TRACEBACKS.resolve("missing-config-py" + version + ".txt"));
            assertEquals(0, bt.stats().unparsedLines(), version + ": " + bt.warnings());
            ThreadTrace t = bt.threads().get(0);
            assertTrue(t.current());
            assertEquals("missing_config.load", t.frames().get(0).function(), version);
            assertEquals(6, t.frames().get(0).source().line());
            assertEquals("<module>", t.frames().get(2).function());
            assertEquals("FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/config.json'", bt.events().stream()
                    .filter(e -> e.kind() == DebuggerEvent.Kind.RUNTIME_REPORT).findFirst().orElseThrow().text());
        }
    }

    @Test
    void aChainsEarlierExceptionIsAStackNamedByItsLine() throws Exception {
        Backtrace bt = parse(TRACEBACKS.resolve("chained-py310.txt"));
        assertEquals(2, bt.threads().size());
        assertEquals("Cause: KeyError: 'port'", bt.threads().get(0).name(), "raise ... from: its cause");
        assertFalse(bt.threads().get(0).current());
        assertTrue(bt.threads().get(1).current(), "the last traceback ended the program");
        assertEquals(1, bt.events().stream().filter(e -> e.kind() == DebuggerEvent.Kind.RUNTIME_REPORT).count());
    }

    @Test
    void aThreadsExceptionAndRepeatedFrames() throws Exception {
        Backtrace thread = parse(TRACEBACKS.resolve("thread-error-py312.txt"));
        assertEquals("divider", thread.threads().get(0).name(), "Exception in thread divider:");
        assertEquals("python3.12", thread.threads().get(0).frames().get(2).library());
        Backtrace recursion = parse(TRACEBACKS.resolve("recursion-py39.txt"));
        assertEquals(0, recursion.stats().unparsedLines());
        assertEquals(1L, recursion.stats().skipped().get("python-repeated-frames"));
    }
}
