package dev.btexplain.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.Btexplain;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The project's own gdb captures (src/test/resources/captures, made here with gcc, gdb and QEMU; each
 * directory has the script that made them): truth, nothing lost, and golden reports. These run without ../shared.
 */
class CapturesTest {
    /** A fact joined into a sentence as itself prints as "Who[name=…]": the report words every fact it is given. */
    private static final java.util.regex.Pattern RECORD_TEXT = java.util.regex.Pattern.compile("\\b[A-Z][A-Za-z]*\\[[a-z][A-Za-z]*=");

    private static final Path CAPTURES = Path.of("src/test/resources/captures");
    /** Captures whose text report is kept as a golden file too, as samples of what a person sees. */
    private static final Set<String> TEXT_GOLDEN = Set.of("qemu/qemu72-smp2-prelaunch.txt", "gcc/segv-in-worker-core.txt");
    /**
     * Captures whose whole JSON report is a golden file, as samples of every part of the report (an idle VM, a crash
     * with its core, a deadlock with bt full locals, GLib's unnamed frames over two samples, a sanitizer report, a
     * kernel log); every capture has its summary golden.
     */
    static final Set<String> JSON_GOLDEN = Set.of("qemu/qemu72-smp2-prelaunch.txt", "gcc/segv-in-worker-core.txt",
            "gcc/deadlock-abba-bt-full.txt", "glib/glib-deadlock-2samples.txt", "sanitizers/asan-use-after-free.txt",
            "kernel/hung-task-sysrq-w-panic-6.1.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> captures() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(CAPTURES)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "captures are missing");
        return files.stream().map(f -> DynamicTest.dynamicTest(CAPTURES.relativize(f).toString(), () -> check(f)));
    }

    private static void check(Path file) throws Exception {
        String rel = CAPTURES.relativize(file).toString();
        Path truthFile = file.resolveSibling(file.getFileName().toString().replace(".txt", ".truth.json"));
        assertTrue(Files.exists(truthFile), "every capture has a truth file: " + truthFile);
        Report report = CorpusTest.explain(file);
        Backtrace bt = report.backtrace();
        CorpusTest.assertNothingLost(file, bt);
        assertEquals(0, bt.stats().unparsedLines(), () -> "gdb's own output is fully understood: " + bt.warnings());
        JsonNode truth = JSON.readTree(truthFile.toFile());
        assertEquals(truth.get("samples").asInt(), bt.snapshots().size(), "samples");
        assertEquals(truth.get("threads").asInt(), bt.threads().size(), "threads");
        int position = 0;
        for (ThreadTrace t : bt.threads()) {
            position++;
            String key = t.number() != null ? t.number().toString() : t.lwp() != null ? "lwp:" + t.lwp()
                    : bt.threads().size() == 1 ? "unnumbered" : "stack:" + position;
            assertEquals(truth.get("frames_per_thread").get(key).asInt(), t.frames().size(), "frames of thread " + key);
            JsonNode lwp = truth.get("lwp_per_thread").get(key);
            assertEquals(lwp.isNull() ? null : lwp.asLong(), t.lwp(), "LWP of thread " + key);
            JsonNode name = truth.get("name_per_thread").get(key);
            assertEquals(name.isNull() ? null : name.asText(), t.name(), "name of thread " + key);
        }
        if (truth.has("current_thread")) {
            int current = truth.get("current_thread").asInt();
            for (ThreadTrace t : bt.threads()) {
                assertEquals(t.number() == current, t.current(), "current flag of thread " + t.number());
            }
        }
        if (truth.has("signal")) {
            String signal = truth.get("signal").asText();
            assertTrue(bt.events().stream().anyMatch(e -> (e.kind() == DebuggerEvent.Kind.SIGNAL_RECEIVED
                    || e.kind() == DebuggerEvent.Kind.PROGRAM_TERMINATED) && e.text().contains(signal)), "signal line kept");
        }
        if (truth.has("signal_handler_frame")) {
            assertTrue(bt.threads().get(0).frames().get(truth.get("signal_handler_frame").asInt()).signalHandler());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("locals").fields(); it.hasNext(); ) {
            String[] where = it.next().getKey().split(":");
            ThreadTrace t = bt.threads().stream().filter(x -> x.number() == Integer.parseInt(where[0])).findFirst().orElseThrow();
            assertTrue(t.frames().get(Integer.parseInt(where[1])).locals().stream()
                    .anyMatch(l -> l.name().equals(where[2]) && l.value().contains("\n")), "multi-line local " + where[2]);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("args").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] where = e.getKey().split(":");
            ThreadTrace t = bt.threads().stream().filter(x -> x.number() == Integer.parseInt(where[0])).findFirst().orElseThrow();
            assertEquals(e.getValue().asText(), t.frames().get(Integer.parseInt(where[1])).args(), "arguments " + e.getKey());
        }
        TruthChecks.assertExplained(truth, report);
        StringWriter json = new StringWriter();
        Btexplain.render(report, ReportFormat.JSON, json, false);
        GoldenFiles.check(GoldenFiles.ROOT.resolve("captures").resolve(rel.replace(".txt", ".summary.txt")),
                GoldenFiles.summary(json.toString()), truthFile);
        if (JSON_GOLDEN.contains(rel)) {
            GoldenFiles.check(GoldenFiles.ROOT.resolve("captures").resolve(rel.replace(".txt", ".json")),
                    GoldenFiles.normalize(json.toString()), truthFile);
        }
        StringWriter text = new StringWriter();
        Btexplain.render(report, ReportFormat.TEXT, text, false);
        for (String out : List.of(json.toString(), text.toString())) {
            java.util.regex.Matcher m = RECORD_TEXT.matcher(out);
            boolean found = m.find();
            assertFalse(found, () -> "a record printed instead of its words: " + out.substring(m.start(),
                    Math.min(out.length(), m.start() + 80)));
        }
        if (TEXT_GOLDEN.contains(rel)) {
            GoldenFiles.check(GoldenFiles.ROOT.resolve("captures").resolve(rel), text.toString(), truthFile);
        }
    }
}
