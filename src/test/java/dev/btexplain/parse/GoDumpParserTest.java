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

/** The Go runtime's goroutine dumps: panics, fatal errors and SIGQUIT, with GOTRACEBACK's frame details. */
class GoDumpParserTest {
    private static final Path DUMPS = Path.of("src/test/resources/captures/go-dumps");

    private static Backtrace parse(String text) {
        return ParseFixtures.detected(InputFormat.GO, new GoDumpParser(), text);
    }

    @Test
    void aFunctionLineIsSplitAtTheListThatEndsIt() {
        assertEquals("sync.(*Mutex).lockSlow".length(), GoDumpParser.argumentsStart("sync.(*Mutex).lockSlow(0xc0000a4000)"));
        assertEquals("panic".length(), GoDumpParser.argumentsStart("panic({0x4a1e40, 0x4e2d10})"));
        assertEquals("runtime.gopark".length(), GoDumpParser.argumentsStart("runtime.gopark(0x0?, 0xc000038670?, 0x2b?, 0x38?, 0xc000038770?)"));
        assertEquals("main.(*cache).store".length(), GoDumpParser.argumentsStart("main.(*cache).store(...)"));
        assertEquals(-1, GoDumpParser.argumentsStart("fatal error: all goroutines are asleep - deadlock!"));
        assertEquals(-1, GoDumpParser.argumentsStart("created by main.main"));
    }

    @Test
    void aSigquitDumpWithGotracebackSystemFrames() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("hang-sigquit-go119.txt")));
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        assertEquals(9, bt.threads().size());
        ThreadTrace main = bt.threads().stream().filter(t -> t.number() == 1).findFirst().orElseThrow();
        assertEquals("chan receive", main.runtime().state());
        assertEquals("runtime.gopark", main.frames().get(0).function());
        assertTrue(main.frames().get(0).hasAddress(), "pc= under GOTRACEBACK=system");
        assertEquals("main.main", main.frames().get(3).function());
        assertEquals("/tmp/build/hang.go", main.frames().get(3).source().file());
        assertEquals(33, main.frames().get(3).source().line());
        ThreadTrace g0 = bt.threads().stream().filter(t -> t.number() == 0).findFirst().orElseThrow();
        assertTrue(g0.runtime().schedulerStack(), "goroutine 0 is the signal thread's system stack");
        assertFalse(bt.threads().stream().anyMatch(t -> t.runtime().schedulerStack() && t != g0));
    }

    @Test
    void createdByIsNotAFrameAndThePanickingGoroutineComesFirst() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("nil-map-panic-go119.txt")));
        ThreadTrace g = bt.threads().get(0);
        assertEquals(17, g.number());
        assertTrue(g.current(), "the goroutine the panic names");
        assertEquals(2, g.frames().size(), "main.(*cache).store and main.main.func1; created by main.main is not one");
        assertEquals("panic: assignment to entry in nil map", bt.events().stream()
                .filter(e -> e.kind() == DebuggerEvent.Kind.RUNTIME_REPORT).findFirst().orElseThrow().text());
    }
}
