package dev.btexplain.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.Btexplain;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of the shared corpus (../shared/corpus), one named test each: the gdb ones parse without losing a
 * frame and match their golden report, every other format by its own frame lines, with the format detected as
 * PROVENANCE.md names it.
 * Without ../shared the tests show as skipped, by name; the project's own captures are tested by CapturesTest.
 */
class CorpusTest {
    static final Path CORPUS = Path.of("../shared/corpus");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** "#12 0x... in f (" or "#3  f (" or "#4  <signal handler called>" after quote markers, prompts, tabs. */
    private static final Pattern GDB_FRAME_LINE = Pattern.compile(
            "^[\\s>]*(?:\\(gdb\\)\\s*)*#\\d++\\s++(?!0x[0-9a-fA-F]+\\s+(?!in\\b))");

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            return Stream.of(DynamicTest.dynamicTest("shared corpus (../shared/corpus is not here: skipped)",
                    () -> Assumptions.abort("../shared/corpus not found")));
        }
        Map<String, String[]> formats = provenanceFormats();
        List<Path> files;
        try (Stream<Path> s = Files.walk(CORPUS)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            String rel = CORPUS.relativize(file).toString();
            String[] described = formats.getOrDefault(rel.replaceFirst("^public/", ""),
                    new String[] {rel.startsWith("public/") ? "?" : "gdb", ""});
            tests.add(DynamicTest.dynamicTest(rel, () -> checkFile(file, rel, described[0], described[1])));
        }
        return tests.stream();
    }

    /** Frame lines of the formats read besides gdb, to check that none is lost. */
    private static final Map<String, Pattern> FRAME_LINES = Map.of(
            "lldb", Pattern.compile("^\\s*\\*?\\s*frame #\\d+: 0x"),
            "eu-stack", Pattern.compile("^#\\d+\\s+0x[0-9a-fA-F]+"),
            "coredumpctl", Pattern.compile("^\\s*#\\d+\\s+0x[0-9a-fA-F]+ \\S+"),
            "asan", Pattern.compile("^\\s*#\\d+ "),
            "tsan", Pattern.compile("^\\s*#\\d+ "),
            "backtrace-symbols", Pattern.compile("\\)\\s*\\[0x[0-9a-fA-F]+\\]\\s*$"),
            "proc-stack", Pattern.compile("(?:^|:)\\[<[0-9a-f]+>\\] \\S+\\+0x"),
            "faulthandler", Pattern.compile("^  (?:File |Binary file )"),
            "py-spy", Pattern.compile("^    (?! )\\S.* \\(.*\\)$"));

    /**
     * A kernel report's frame lines, after a dmesg prefix: "[<ffffffff81171d6f>] ? find_lock_entry+0x1f/0x80",
     * " amdgpu_vm_sdma_update+0x17d/0x240 [amdgpu]", ARM's "[<c0333330>] (f) from [<c031c7a0>] (g+0xa8/0x1c0)",
     * ppc64's "[c000000010f930b0] [c000000008068df8] .f+0x278/0x390". Location lines (RIP, PC is at) are frames too,
     * and ARM's last "from" is one more: the check is that each of these lines holds a frame.
     */
    private static final Pattern KERNEL_FRAME_LINE = Pattern.compile("^(?:\\[\\s*\\d+\\.\\d+\\])?\\s*(?:<\\w+>\\s*)?"
            + "(?:\\[<[0-9a-f]+>\\]\\s+(?:\\? )?[^\\s(]+\\+0x|\\[<[0-9a-f]+>\\] \\(|\\[[0-9a-f]{8,16}\\] \\[[0-9a-f]{8,16}\\] "
            + "|(?:\\? )?[\\w.]+\\+0x[0-9a-f]+/0x[0-9a-f]+(?: \\[\\w+\\])?$)");

    /** The format PROVENANCE.md names, as btexplain's id; null for one it has no id for. */
    static String expectedFormat(String described) {
        String f = described.toLowerCase();
        if ((f.contains("coredumpctl") || f.contains("systemd-coredump")) && f.contains("gdb")) {
            return "mixed";
        }
        if (f.contains("gdb")) {
            return "gdb";
        }
        if (f.contains("lldb")) {
            return "lldb";
        }
        if (f.contains("eu-stack")) {
            return "eu-stack";
        }
        if (f.contains("coredumpctl") || f.contains("systemd-coredump")) {
            return "coredumpctl";
        }
        if (f.contains("addresssanitizer")) {
            return "asan";
        }
        if (f.contains("threadsanitizer")) {
            return "tsan";
        }
        if (f.contains("backtrace_symbols")) {
            return "backtrace-symbols";
        }
        if (f.contains("linux kernel")) {
            return "kernel";
        }
        return null;
    }

    private static void checkFile(Path file, String rel, String format, String description) throws Exception {
        String expected = expectedFormat(format);
        assertTrue(expected != null, rel + ": PROVENANCE.md describes a format btexplain has no id for: " + format);
        Report report = explain(file);
        Backtrace bt = report.backtrace();
        assertEquals(expected, bt.format().id(), "format detected");
        assertNothingLost(file, bt);
        // PROVENANCE.md says how many threads the capture shows ("...; 10 threads"): the last listing has them.
        Matcher count = Pattern.compile("(\\d+) threads?\\b").matcher(description);
        String threads = null;
        while (count.find()) {
            threads = count.group(1);
        }
        if (threads != null && !List.of("asan", "tsan", "backtrace-symbols", "kernel", "mixed").contains(expected)) { // stacks, or two views
            assertEquals(Integer.parseInt(threads), bt.threads().size(), "threads, as PROVENANCE.md describes the file");
        }
        Path truth = truthOf(file, rel);
        assertTrue(Files.exists(truth), "every corpus file has a truth file (beside it, or " + OWN_TRUTH.resolve(rel) + ")");
        if (truth.getParent().equals(file.getParent())) {
            assertMatchesTruth(JSON.readTree(truth.toFile()), bt);
        }
        TruthChecks.assertExplained(JSON.readTree(truth.toFile()), report);
        StringWriter out = new StringWriter();
        Btexplain.render(report, ReportFormat.JSON, out, false);
        GoldenFiles.check(GoldenFiles.ROOT.resolve(rel.replace(".txt", ".summary.txt")), GoldenFiles.summary(out.toString()), truth);
        if (rel.startsWith("seed/")) {
            // the founding example's whole report; every other file is guarded by its summary
            GoldenFiles.check(GoldenFiles.ROOT.resolve(rel.replace(".txt", ".json")), GoldenFiles.normalize(out.toString()), truth);
        }
    }

    /** Our truth files for the public corpus, written from PROVENANCE.md and the bug threads (the corpus has none). */
    static final Path OWN_TRUTH = Path.of("src/test/resources/truth");

    /** The truth of a corpus file: the corpus's own beside it, else ours under src/test/resources/truth. */
    static Path truthOf(Path file, String rel) {
        Path beside = file.resolveSibling(file.getFileName().toString().replace(".txt", ".truth.json"));
        return Files.exists(beside) ? beside : OWN_TRUTH.resolve(rel.replace(".txt", ".truth.json"));
    }

    static Report explain(Path file) throws IOException, UnusableInputException {
        try (InputStream in = Files.newInputStream(file)) {
            return Btexplain.explain(in, Btexplain.Options.defaults());
        }
    }

    /**
     * Every frame line of the raw text is a frame of the model: for gdb also a repeated print or a stop print;
     * for the other formats by their own frame shape, with every line understood.
     */
    static void assertNothingLost(Path file, Backtrace bt) throws IOException {
        Pattern other = FRAME_LINES.get(bt.format().id());
        if (bt.format().id().equals("kernel")) {
            java.util.Set<Integer> frameAt = new java.util.HashSet<>();
            bt.threads().forEach(t -> t.frames().forEach(f -> frameAt.add(f.line())));
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            for (int i = 0; i < lines.size(); i++) {
                if (KERNEL_FRAME_LINE.matcher(lines.get(i)).find()) {
                    assertTrue(frameAt.contains(i + 1), "line " + (i + 1) + " is a frame: " + lines.get(i));
                }
            }
            assertEquals(0, bt.stats().unparsedLines(), () -> "every line understood: " + bt.warnings());
        } else if (other != null) {
            long frameLines = Files.readAllLines(file).stream().filter(l -> other.matcher(l).find()).count();
            long stopPrints = bt.events().stream().filter(e -> e.kind() == DebuggerEvent.Kind.STOP_LOCATION).count();
            assertEquals(frameLines, bt.frameCount() + stopPrints, "frame lines in the text vs frames read (+ LLDB's stop print)");
            assertEquals(0, bt.stats().unparsedLines(), () -> "every line understood: " + bt.warnings());
        }
        if (bt.format() != dev.btexplain.model.InputFormat.GDB && bt.format() != dev.btexplain.model.InputFormat.MIXED) {
            assertEquals(bt.stats().linesRead(), bt.stats().linesUsed() + bt.stats().unparsedLines()
                    + bt.stats().skipped().values().stream().mapToLong(Long::longValue).sum(), "every line in one bucket");
            return;
        }
        String raw = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                .replace("\u00C2\u00A0", " ").replace('\u00A0', ' ');
        Pattern coredumpctl = FRAME_LINES.get("coredumpctl");
        long frameLines = raw.lines().filter(l -> GDB_FRAME_LINE.matcher(l).find()
                || bt.format() == dev.btexplain.model.InputFormat.MIXED && coredumpctl.matcher(l).find()).count();
        long stopPrints = bt.events().stream()
                .filter(e -> e.kind() == DebuggerEvent.Kind.STOP_LOCATION && e.text().startsWith("#")).count();
        // gdb's frames only: a runtime dump's frames joined into a thread are not gdb's, the gdb frames they replaced were
        long gdbFrames = 0;
        for (ThreadTrace t : bt.snapshots().stream().flatMap(x -> x.threads().stream()).toList()) {
            dev.btexplain.model.RuntimeView v = t.runtime();
            gdbFrames += v == null ? t.frames().size() : v.joined() == null ? 0 : t.frames().size() - v.joined().count() + v.joined().replaced();
        }
        long accounted = gdbFrames + bt.stats().skipped("repeated-frame-print") + stopPrints;
        assertEquals(frameLines, accounted, "gdb frame lines in the text vs frames read (+ repeated prints)");
        assertEquals(bt.stats().linesRead(), bt.stats().linesUsed() + bt.stats().unparsedLines()
                + bt.stats().skipped().values().stream().mapToLong(Long::longValue).sum(), "every line in one bucket");
    }

    /** Thread count and frames per thread (keyed by gdb's thread number) as the truth file states them. */
    static void assertMatchesTruth(JsonNode truth, Backtrace bt) {
        List<ThreadTrace> threads = bt.threads();
        assertEquals(truth.get("threads").asInt(), threads.size(), "thread count");
        Map<Integer, Integer> frames = new HashMap<>();
        for (ThreadTrace t : threads) {
            frames.put(t.number(), t.frames().size());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.get("frames_per_thread").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(e.getValue().asInt(), frames.get(Integer.valueOf(e.getKey())), "frames of thread " + e.getKey());
        }
    }

    /** PROVENANCE.md lines "- `qemu/x.txt` (gdb thread apply all bt (live)): ..." give each file's format and description. */
    private static Map<String, String[]> provenanceFormats() throws IOException {
        Map<String, String[]> formats = new HashMap<>();
        Path provenance = CORPUS.resolve("public/PROVENANCE.md");
        if (!Files.exists(provenance)) {
            return formats;
        }
        Matcher m = Pattern.compile("^- `([^`]+\\.txt)` \\((.+?)\\): (.*)$", Pattern.MULTILINE)
                .matcher(Files.readString(provenance));
        while (m.find()) {
            formats.put(m.group(1), new String[] {m.group(2), m.group(3)});
        }
        return formats;
    }
}
