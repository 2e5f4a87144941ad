package dev.btexplain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bucketing the project's own captures: the same bug's captures together, different bugs apart, in any order. */
class FleetTest {
    private static final Path GCC = Path.of("src/test/resources/captures/gcc");
    private static final Path EU = Path.of("src/test/resources/captures/eu-stack");
    private static final Btexplain.Options OPTIONS = Btexplain.Options.defaults();
    private static final Signer SIGNER = new Signer(SignatureRules.builtIn(), OPTIONS.knowledge());

    private static Signature sign(Path capture) throws Exception {
        try (var in = Files.newInputStream(capture)) {
            return SIGNER.sign(Btexplain.explain(in, OPTIONS));
        }
    }

    @Test
    void theSameBugsCapturesShareASignatureAndOtherBugsDoNot() throws Exception {
        // one ABBA deadlock, caught by gdb twice, with bt full, in a gcore session, and by eu-stack twice
        List<Path> abba = List.of(GCC.resolve("deadlock-abba-2samples.txt"), GCC.resolve("deadlock-abba-bt-full.txt"),
                GCC.resolve("deadlock-abba-gcore-session.txt"), EU.resolve("deadlock-abba-eu-stack.txt"),
                EU.resolve("deadlock-abba-eu-stack-i-s.txt"));
        for (Path p : abba) {
            assertEquals("deadlock | transfer | a_then_b + transfer | b_then_a", sign(p).text(), p.toString());
        }
        assertEquals(sign(GCC.resolve("segv-in-worker-core.txt")), sign(GCC.resolve("segv-in-worker-run-session.txt")));
        assertEquals("SIGSEGV | parse_header | worker_main", sign(GCC.resolve("segv-in-worker-core.txt")).text());
        // the same fault caught by a handler that then hangs: the handler's frames are not where it happened
        assertTrue(sign(GCC.resolve("handler-hang.txt")).text().endsWith("| parse_header | worker_main"),
                sign(GCC.resolve("handler-hang.txt")).text());
        // an assertion read from a core and from the program's stderr: one condition, one bucket
        assertEquals(sign(GCC.resolve("abort-assert-core.txt")).text(), sign(GCC.resolve("abort-assert-run-session.txt")).text());
        // glibc's CPU-specific string function is the call the program made
        assertEquals("SIGSEGV | strlen | title_length | render_worker", sign(GCC.resolve("null-argument-core-siginfo.txt")).text());
        assertNotEquals(sign(GCC.resolve("deadlock-three-cycle.txt")).text(), sign(GCC.resolve("deadlock-abba-2samples.txt")).text());
        Signature hang = sign(GCC.resolve("holder-blocked-in-read.txt"));
        assertEquals("hang | read_setting | worker", hang.text()); // a waiter: the head of the blocked chain
        assertEquals("end-of-stack", hang.endedBy());
        assertTrue(hang.frames().contains("start_thread"), "the whole normalized stack is kept: " + hang.frames());
    }

    @Test
    void theBucketsAreTheSameWhateverTheOrder(@TempDir Path dir) throws Exception {
        List<Path> inputs = new ArrayList<>();
        try (var files = Files.list(GCC)) {
            files.filter(f -> f.toString().endsWith(".txt")).sorted().forEach(inputs::add);
        }
        String first = json(Fleet.run(inputs, SIGNER, OPTIONS, 2));
        Collections.shuffle(inputs, new Random(7));
        assertEquals(first, json(Fleet.run(inputs, SIGNER, OPTIONS, 2)));
        assertEquals(first, json(Fleet.run(inputs, SIGNER, OPTIONS, 1)));
    }

    @Test
    void runtimeDumpsSignByTheProgramsFramesNotTheRuntimesMachinery() throws Exception {
        Path jstack = Path.of("src/test/resources/captures/jstack");
        // the same monitor deadlock dumped by JDK 17 and Temurin 25: the lambda's hidden class differs in its address only
        Signature jdk17 = sign(jstack.resolve("monitor-deadlock-jdk17-l.txt"));
        assertEquals(jdk17.text(), sign(jstack.resolve("monitor-deadlock-jdk25-l.txt")).text());
        assertEquals("deadlock | MonitorDeadlock.lambda$main$0 | MonitorDeadlock$$Lambda.run + MonitorDeadlock.main", jdk17.text());
        Path go = Path.of("src/test/resources/captures/go-dumps");
        assertEquals("crash | main.(*cache).store | main.main.func1", sign(go.resolve("nil-map-panic-go119.txt")).text(),
                "a Go method's receiver is part of its name");
        // the Go runtime names the deadlock; no cycle shows: the goroutines blocked on a lock sign it
        assertEquals("deadlock | sync.(*Mutex).Lock | main.transfer", sign(go.resolve("mutex-deadlock-go119.txt")).text());
    }

    @Test
    void partsMergedInAnyGroupingGiveTheSameBucketsAndTravelAsJson() {
        Signature s = new Signature("SIGSEGV", "SIGSEGV | f | g", List.of("f", "g", "main"), "0123456789abcdef", "end-of-stack");
        List<FleetReport> reports = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            reports.add(new FleetReport("r/" + (1000 - i) + ".txt", "", "2026-11-" + (10 + i % 19) + "T00:00:00Z", "h" + i % 9,
                    "v" + (200 - i)));
        }
        // one report at a time, in order
        Buckets oneByOne = new Buckets();
        reports.forEach(r -> oneByOne.add(List.of(new Buckets.SignedReport(s, r, "crash"))));
        // shuffled, merged in three parts that travel as JSON (another engine's way)
        List<FleetReport> shuffled = new ArrayList<>(reports);
        Collections.shuffle(shuffled, new Random(3));
        Buckets byParts = new Buckets();
        for (List<FleetReport> third : List.of(shuffled.subList(0, 40), shuffled.subList(40, 90), shuffled.subList(90, 120))) {
            Buckets.Part part = null;
            for (FleetReport r : third) {
                Buckets.Part one = Buckets.Part.of(s, r, "crash");
                part = part == null ? one : part.merge(one);
            }
            byParts.add(Buckets.Part.fromJson(part.toJson()));
        }
        assertEquals(oneByOne.sorted(), byParts.sorted());
        Bucket b = byParts.sorted().get(0);
        assertEquals(120, b.count());
        assertEquals(Buckets.VERSIONS_KEPT, b.versions().size());
        assertEquals("v100", b.versions().get(0), "the least versions in text order, whichever came first: " + b.versions());
        assertEquals("r/1000.txt", b.example(), "the least source in name order");
        assertEquals(9, b.hosts());
    }

    @Test
    void batchesKeepTheReadingOrderAndAnNdjsonFileAlone(@TempDir Path dir) throws Exception {
        for (String name : List.of("a.txt", "b.txt", "c.ndjson.gz", "d.txt")) {
            Files.writeString(dir.resolve(name), "");
        }
        assertEquals(List.of(List.of(dir.resolve("a.txt").toString(), dir.resolve("b.txt").toString()),
                List.of(dir.resolve("c.ndjson.gz").toString()), List.of(dir.resolve("d.txt").toString())),
                FleetInput.batches(List.of(dir), 2));
    }

    private static String json(Fleet.Result r) throws Exception {
        StringWriter w = new StringWriter();
        FleetRenderer.json(r, SIGNER.rules().version(), w, false);
        return w.toString().replaceAll("\"version\" : \"[^\"]*\"", "");
    }

    @Test
    void ndjsonAndGzipCarryTheirMetadataAndWhatCannotBeReadIsCounted(@TempDir Path dir) throws Exception {
        String segv = Files.readString(GCC.resolve("segv-in-worker-core.txt"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("report", segv,
                    "time", "2026-12-0" + (i + 1) + "T10:00:00Z", "host", "host-" + (i % 2), "version", "1." + i))).append('\n');
        }
        lines.append("not json\n").append("{\"text\": \"no report field\"}\n");
        try (var out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("day.ndjson.gz")))) {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Fleet.Result r = Fleet.run(List.of(dir), SIGNER, OPTIONS, 2);
        assertEquals(5, r.buckets().reports());
        Bucket b = r.buckets().sorted().get(0);
        assertEquals(5, b.count());
        assertEquals("2026-12-01T10:00:00Z", b.firstSeen());
        assertEquals("2026-12-05T10:00:00Z", b.lastSeen());
        assertEquals(List.of("1.0", "1.1", "1.2", "1.3", "1.4"), b.versions());
        assertEquals(2, b.hosts());
        assertEquals(dir.resolve("day.ndjson.gz") + ":1", b.example());
        assertEquals(3, r.skipped().values().stream().mapToLong(Fleet.Skipped::count).sum(), r.skipped().toString());
        assertTrue(r.skipped().containsKey("no backtrace found"), r.skipped().toString());
    }

    @Test
    void aUsersRulesChangeTheSignatureAndItsVersion(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("rules.json");
        Files.writeString(mine, "{\"version\": \"ours-1\", \"irrelevant\": [\"parse_header\"]}");
        SignatureRules rules = SignatureRules.builtIn().with(mine);
        assertEquals(SignatureRules.builtIn().version() + "+ours-1", rules.version());
        Signature theirs = sign(GCC.resolve("segv-in-worker-core.txt"));
        Signature ours;
        try (var in = Files.newInputStream(GCC.resolve("segv-in-worker-core.txt"))) {
            ours = new Signer(rules, OPTIONS.knowledge()).sign(Btexplain.explain(in, OPTIONS));
        }
        assertEquals("SIGSEGV | worker_main", ours.text());
        assertNotEquals(theirs.id(), ours.id());
        // the same text under other rules is another id: buckets of two rule versions never merge silently
        assertNotEquals(Signer.id("a", "x"), Signer.id("b", "x"));
    }

    @Test
    void aSplitWalksFurtherForItsBucketOnly(@TempDir Path dir) throws Exception {
        Path decisions = dir.resolve("decisions.json");
        Files.writeString(decisions, "{\"split\": [{\"signature\": \"busy | ioctl | kvm_vcpu_ioctl | kvm_cpu_exec\", \"max_frames\": 4}]}");
        Overrides overrides = Overrides.read(decisions);
        Path vcpu = EU.resolve("qemu72-kvm-disk-eu-stack.txt");
        Fleet.Read read = Fleet.read(new FleetReport(vcpu.toString(), Files.readString(vcpu), null, null, null), OPTIONS);
        assertEquals("busy | ioctl | kvm_vcpu_ioctl | kvm_cpu_exec", read.sign(SIGNER).signature().text());
        Signature split = overrides.apply(read, SIGNER).signature();
        assertEquals("busy | ioctl | kvm_vcpu_ioctl | kvm_cpu_exec | @?", split.text()); // the next frame: unnamed, no module printed
        assertNotEquals(read.sign(SIGNER).signature().id(), split.id());
        Signature other = sign(GCC.resolve("segv-in-worker-core.txt"));
        Path segv = GCC.resolve("segv-in-worker-core.txt");
        assertEquals(other, overrides.apply(Fleet.read(new FleetReport(segv.toString(), Files.readString(segv), null, null, null),
                OPTIONS), SIGNER).signature(), "another bucket keeps its signature");
    }

    @Test
    void packsAddTheirOwnRules() {
        assertTrue(SIGNER.rules().version().contains("+qemu-1") && SIGNER.rules().version().contains("+glib-1"), SIGNER.rules().version());
        // GLib's assertion path and QEMU's coroutine entry are machinery: the frames that asserted and ran are the signature
        Signer.Walk w = SIGNER.walkNames(List.of("raise", "abort", "g_abort", "g_assertion_message", "g_assertion_message_expr", "test_job_run",
                "job_co_entry", "coroutine_trampoline", "__correctly_grouped_prefixwc"));
        assertEquals(List.of("test_job_run", "job_co_entry", "__correctly_grouped_prefixwc"), w.kept());
        assertEquals(List.of("g_log", "g_logv", "report_error", "main"), SIGNER.walkNames(List.of("g_log", "g_logv", "report_error", "main")).kept(),
                "logging is kept and the walk goes on");
        // a crash handler's own frames are not where the crash happened
        assertEquals(List.of("parse_header", "worker_main"), SIGNER.walkNames(List.of("pause", "on_crash", "<signal handler called>",
                "parse_header", "worker_main", "start_thread", "clone3")).kept());
    }

    @Test
    void namesAreNormalizedAsSocorroDoes() {
        assertEquals("std::vector<T>::push_back", Signer.templates("std::vector<int, std::allocator<int> >::push_back"));
        assertEquals("memmove", SIGNER.name("__memmove_avx_unaligned_erms"));
        assertEquals("strlen", SIGNER.name("__strlen_evex"));
        assertEquals("core::ptr::drop_in_place", SIGNER.name("core::ptr::drop_in_place::h0123456789abcdef"));
        assertEquals("Foo::bar", SIGNER.name("Foo::bar(int) const"));
        assertEquals("abort: Assertion `x > N' failed", "abort: " + Signer.message("prog: a.c:12: f: Assertion `x > 3' failed."));
    }
}
