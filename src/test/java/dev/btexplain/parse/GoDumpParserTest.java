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

    /** Every kind of panicparse's cmd/panic generator, reproduced by src/test/go/kinds: the goroutines the runtime printed. */
    @Test
    void everyKindOfDumpGivesTheGoroutinesTheRuntimePrinted() throws Exception {
        java.util.List<Path> dumps;
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("src/test/resources/captures/go-kinds"))) {
            dumps = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertEquals(57, dumps.size(), "19 kinds, each made with Go 1.19, 1.21 and 1.23");
        java.util.regex.Pattern header = java.util.regex.Pattern.compile("^goroutine \\d+ .*\\]:$", java.util.regex.Pattern.MULTILINE);
        for (Path dump : dumps) {
            String text = Files.readString(dump);
            Backtrace bt = parse(text);
            assertEquals(0, bt.stats().unparsedLines(), dump + ": " + bt.warnings());
            long printed = header.matcher(text).results().count();
            assertEquals(dump.toString().contains("race") ? 3 : printed, bt.threads().size(), dump.toString());
        }
    }

    @Test
    void aRaceReportsStacksAreItsAccessesAndWhereTheGoroutinesStarted() throws Exception {
        Backtrace bt = parse(Files.readString(Path.of("src/test/resources/captures/go-kinds/race-go119.txt")));
        assertEquals("Write at 0x00c0000b2008 by goroutine 7", bt.threads().get(0).name());
        assertTrue(bt.threads().get(0).current(), "the access the report is about");
        assertEquals("main.glob..func11.1", bt.threads().get(0).frames().get(0).function());
        assertEquals(87, bt.threads().get(0).frames().get(0).source().line());
        assertEquals("Goroutine 7 (running) created at", bt.threads().get(2).name());
        assertTrue(bt.events().stream().anyMatch(e -> e.text().equals("Found 1 data race(s)")));
    }

    /**
     * Layouts newer than Debian's Go 1.19, as the runtime's traceback.go prints them: Go 1.21's {@code created by F in
     * goroutine N}, Go 1.23's {@code gp= m= mp=} under GOTRACEBACK=system, Go 1.24's internal/sync frames.
     */
    @Test
    void newerRuntimesLayouts() {
        Backtrace bt = parse("""
                goroutine 1 gp=0xc000002380 m=0 mp=0x5a2f40 [chan receive, 2 minutes]:
                main.main()
                \t/src/app/main.go:12 +0x25 fp=0xc000068f50 sp=0xc000068f30 pc=0x47b2c5

                goroutine 7 gp=0xc000003500 m=nil [sync.Mutex.Lock]:
                internal/sync.runtime_SemacquireMutex(0xc000012345?, 0x0?, 0x0?)
                \t/usr/local/go/src/runtime/sema.go:95 +0x25
                internal/sync.(*Mutex).lockSlow(0xc000012340)
                \t/usr/local/go/src/internal/sync/mutex.go:149 +0x15d
                sync.(*Mutex).Lock(...)
                \t/usr/local/go/src/sync/mutex.go:46
                main.worker()
                \t/src/app/main.go:30 +0x3b
                created by main.main in goroutine 1
                \t/src/app/main.go:11 +0x1d
                """);
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        assertEquals(2, bt.threads().size());
        ThreadTrace worker = bt.threads().get(1);
        assertEquals(7, worker.number());
        assertEquals("sync.Mutex.Lock", worker.runtime().state());
        assertEquals(4, worker.frames().size(), "created by ... in goroutine 1 is no frame");
        assertEquals("chan receive", bt.threads().get(0).runtime().state());
        assertEquals(2, bt.threads().get(0).runtime().waitedMinutes(), "how long it has waited, as the header says");
        assertEquals(-1, worker.runtime().waitedMinutes(), "not said: under a minute, or no collection saw it wait");
    }

    @Test
    void elidedFramesKeepTheOuterFramesDepthAndNeverWrapIt() {
        Backtrace bt = parse("""
                goroutine 1 [running]:
                main.a()
                	/x.go:1 +0x1
                ...23 frames elided...
                main.b()
                	/x.go:2 +0x1
                ...999999999 frames elided...
                main.c()
                	/x.go:3 +0x1
                ...999999999 frames elided...
                main.d()
                	/x.go:4 +0x1
                ...999999999 frames elided...
                main.e()
                	/x.go:5 +0x1
                """);
        java.util.List<dev.btexplain.model.Frame> frames = bt.threads().get(0).frames();
        assertEquals(5, frames.size());
        assertEquals(24, frames.get(1).index(), "the 23 frames left out keep main.b's depth");
        for (int i = 1; i < frames.size(); i++) {
            assertTrue(frames.get(i).index() > frames.get(i - 1).index(), "indexes only grow: " + frames);
        }
        assertEquals(4, bt.warnings().stream().filter(w -> w.code().equals("frames-elided")).count(), bt.warnings().toString());
    }

    @Test
    void aGroupSaysTheLongestWaitItsDumpPrinted() throws Exception {
        String dump = """
                goroutine 1 [semacquire, 12 minutes]:
                main.main()
                	/src/app/main.go:30 +0x25

                goroutine 6 [chan receive, 7 minutes]:
                main.worker(0xc000012345?)
                	/src/app/main.go:12 +0x25
                created by main.main in goroutine 1
                	/src/app/main.go:28 +0x1d

                goroutine 7 [chan receive, 11 minutes]:
                main.worker(0xc000012345?)
                	/src/app/main.go:12 +0x25
                created by main.main in goroutine 1
                	/src/app/main.go:28 +0x1d

                goroutine 8 [chan receive]:
                main.worker(0xc000012345?)
                	/src/app/main.go:12 +0x25
                created by main.main in goroutine 1
                	/src/app/main.go:28 +0x1d
                """;
        dev.btexplain.report.Report report = dev.btexplain.Btexplain.explain(dump.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                dev.btexplain.Btexplain.Options.defaults());
        dev.btexplain.analyze.StackGroup workers = report.analysis().diagnosis().groups().stream()
                .filter(g -> g.threads().size() == 3).findFirst().orElseThrow();
        assertEquals(11, workers.longestWaitMinutes());
        java.io.StringWriter text = new java.io.StringWriter();
        dev.btexplain.Btexplain.render(report, dev.btexplain.report.ReportFormat.TEXT, text, false);
        assertTrue(text.toString().replaceAll("\\s+", " ").contains("threads 6–8; the longest waiting 11 minutes"), text.toString());
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
