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

/** Java exceptions' stack traces as Throwable.printStackTrace prints them (captures/java-exception, OpenJDK 17). */
class JavaExceptionParserTest {
    private static final Path TRACES = Path.of("src/test/resources/captures/java-exception");

    private static Backtrace parse(String name) throws Exception {
        return ParseFixtures.detected(InputFormat.JAVA_EXCEPTION, new JavaExceptionParser(), Files.readString(TRACES.resolve(name)));
    }

    @Test
    void aCausesMoreFramesAreTheOnesItSharesWithTheTraceAbove() throws Exception {
        Backtrace bt = parse("uncaught-jdk17.txt");
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        ThreadTrace thrown = bt.threads().get(0);
        ThreadTrace cause = bt.threads().get(1);
        assertEquals("main", thrown.name());
        assertTrue(thrown.current());
        assertFalse(cause.current());
        assertEquals("java.io.FileInputStream.open0", cause.frames().get(0).function());
        assertEquals("java.base", cause.frames().get(0).library());
        assertEquals(7, cause.frames().size(), "5 printed and '... 2 more': Failures.start and Failures.main");
        assertEquals("Failures.main", cause.frames().get(6).function());
        assertEquals(bt.stats().linesRead(), bt.stats().linesUsed() + bt.stats().unparsedLines()
                + bt.stats().skipped().values().stream().mapToLong(Long::longValue).sum(), "every line once");
        assertEquals("Exception in thread \"main\" java.io.UncheckedIOException: cannot read the configuration", bt.events().stream()
                .filter(e -> e.kind() == DebuggerEvent.Kind.RUNTIME_REPORT).findFirst().orElseThrow().text());
    }

    @Test
    void aSuppressedExceptionAndALoggedOne() throws Exception {
        Backtrace suppressed = parse("suppressed-jdk17.txt");
        assertEquals("Suppressed: java.lang.IllegalStateException: close failed", suppressed.threads().get(1).name());
        assertEquals(2, suppressed.threads().get(1).frames().size());
        Backtrace logged = parse("logged-jdk17.txt");
        assertEquals("Thrown: java.io.UncheckedIOException: cannot read the configuration", logged.threads().get(0).name());
    }
}
