package dev.btexplain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.report.ReportFormat;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: option wiring through parseArgs, behaviour and exit codes through execute. */
class ExplainCommandTest {
    private static final String EXAMPLE = "examples/qemu-idle.txt";

    record Run(int status, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static Run runWithStdin(byte[] stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin));
        try {
            return run(args);
        } finally {
            System.setIn(saved);
        }
    }

    private static void assertOneLineError(Run r, int status, String fragment) {
        assertEquals(status, r.status(), r.err());
        assertTrue(r.err().startsWith("btexplain: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertFalse(r.err().contains("\tat "), "no Java stack trace");
        assertEquals("", r.out());
    }

    /** Numbers too long for an int or a long, in every format: the line is reported as not understood, never a Java exception. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Thread 99999999999 (Thread 0x7f (LWP 5)):\n#0  0x00007f in poll () from /lib/libc.so.6\n",
        "Thread 2 (Thread 0x7f (LWP 99999999999999999999)):\n#0  0x00007f in poll () at a.c:99999999999\n",
        "PID 1 - process\nTID 99999999999999999999:\n#0  0x1 poll\n#99999999999 0x2 f\n    a.c:99999999999\n",
        "* thread #99999999999, tid = 0xffffffffffffffffff, name = 'x'\n  * frame #0: 0x1 libc.so`poll at a.c:99999999999\n",
        "==1==ERROR: AddressSanitizer: heap-use-after-free\n    #0 0x1 in f a.c:99999999999\n    #99999999999 0x2 in g\n",
        "Stack trace of thread 99999999999999999999:\n#0  0x00007f poll (libc.so.6 + 0x10)\n#99999999999 0x1 f (a + 0x1)\n",
        "Obtained 2 frames\n./a(f+0x1)[0x1]\na.c:99999999999\n"})
    void oversizedNumbersAreNotUnderstoodLinesNotExceptions(String input) {
        Run r = runWithStdin(input.getBytes(StandardCharsets.UTF_8), "-");
        assertFalse(r.err().contains("internal error"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.status() == 0 || r.status() == 2, r.status() + " " + r.err());
        assertTrue(r.status() == 2 || r.out().contains("not understood"), r.out());
    }

    @Test
    void optionsAreWired() {
        ExplainCommand cmd = new ExplainCommand();
        new CommandLine(cmd).parseArgs("--format", "json", "--no-color", "--max-input", "64m", "-o", "r.json", "in.txt");
        assertEquals(ReportFormat.JSON, cmd.output.format);
        assertTrue(cmd.output.noColor);
        assertEquals(64L << 20, (long) cmd.maxInput);
        assertEquals(Path.of("r.json"), cmd.output.output);
        assertEquals(java.util.List.of("in.txt"), cmd.files);
        ExplainCommand defaults = new ExplainCommand();
        new CommandLine(defaults).parseArgs();
        assertEquals(ReportFormat.TEXT, defaults.output.format);
        assertEquals(null, defaults.maxInput); // the default depends on the heap: 1 GiB, or a sixth of the heap when less
        assertEquals(Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 6), ExplainCommand.defaultMaxInput());
    }

    @Test
    void explainsTheExampleAsText() {
        Run r = run(EXAMPLE);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("gdb backtrace: 5 threads, 43 frames\n"), r.out());
        assertTrue(r.out().contains("Thread 4 (LWP 15909) \"CPU 0/TCG\""), r.out());
        assertFalse(r.out().contains("\u001b["), "no colour when not on a terminal");
        assertEquals("", r.err());
    }

    @Test
    void allStacksShowsTheIdlePoolsALargeReportLeavesOut() {
        String pool = "src/test/resources/captures/gcc/pool-50-threads.txt";
        Run brief = run(pool);
        Run all = run("--all-stacks", pool);
        assertEquals(0, all.status(), all.err());
        assertFalse(brief.out().contains("Thread 41 (LWP 3656)"), brief.out());
        assertTrue(all.out().contains("Thread 41 (LWP 3656)") && all.out().contains("Thread 50 (LWP 3665)"), all.out());
    }

    @Test
    void jsonFollowsTheContractNames() throws Exception {
        Run r = run("--format", "json", EXAMPLE);
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("btexplain", j.get("tool").get("name").asText());
        assertEquals("gdb", j.get("input").get("format").asText());
        assertEquals(61, j.get("input").get("lines").asInt());
        assertEquals(0, j.get("input").get("unparsed_lines").asInt());
        JsonNode t = j.get("threads").get(4);
        assertEquals(1, t.get("number").asInt());
        assertEquals(15904, t.get("lwp").asInt());
        assertEquals("qemu-system-x86", t.get("name").asText());
        JsonNode f = t.get("frames").get(0);
        assertEquals("__ppoll", f.get("function").asText());
        assertEquals("0x00007f2b7e86b366", f.get("address").asText());
        assertEquals("../sysdeps/unix/sysv/linux/ppoll.c", f.get("file").asText());
        assertEquals(42, f.get("line").asInt());
        assertFalse(f.get("inlined").asBoolean());
        assertTrue(f.get("library").isNull());
        assertTrue(j.get("warnings").isArray());
    }

    @Test
    void readsStandardInputAndWritesAFile(@TempDir Path dir) throws Exception {
        byte[] text = Files.readAllBytes(Path.of(EXAMPLE));
        Path out = dir.resolve("r.json");
        Run r = runWithStdin(text, "-", "--format", "json", "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(Files.readString(out).contains("\"format\" : \"gdb\""));
        assertEquals(0, runWithStdin(text).status(), "no FILE reads standard input");
    }

    @Test
    void missingFileIsExit2() {
        assertOneLineError(run("no/such/file.txt"), 2, "no/such/file.txt: no such file");
    }

    @Test
    void directoryIsExit2() {
        assertOneLineError(run("src"), 2, "is a directory");
    }

    @Test
    void emptyInputIsExit2() {
        assertOneLineError(runWithStdin(new byte[0]), 2, "empty input");
    }

    @Test
    void binaryInputIsExit2() {
        byte[] elf = new byte[4096];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        assertOneLineError(runWithStdin(elf), 2, "binary data");
    }

    @Test
    void textThatIsNotABacktraceIsExit2() {
        byte[] prose = "Hello,\nmy VM hangs, any idea?\nThanks\n".getBytes(StandardCharsets.UTF_8);
        assertOneLineError(runWithStdin(prose), 2, "no backtrace found (read 3 lines; 0 thread headers, 0 frames); btexplain reads "
                + "the output of: gdb, lldb, eu-stack, coredumpctl, asan, tsan, lsan, ubsan, backtrace-symbols, kernel, proc-stack");
    }

    @Test
    void aFormatNotReadIsRefusedNamingTheFormatsThatAre() {
        // a JavaScript exception's stack (Node.js prints its frames "    at f (file:line:col)")
        byte[] javascript = ("TypeError: config.load is not a function\n    at main (/srv/app/index.js:3:10)\n"
                + "    at Object.<anonymous> (/srv/app/index.js:6:1)\n").getBytes(StandardCharsets.UTF_8);
        assertOneLineError(runWithStdin(javascript), 2, "btexplain reads the output of: gdb, lldb, eu-stack");
    }

    @Test
    void kernelOopsIsDetectedAndReadAsACrash() throws Exception {
        byte[] oops = ("BUG: unable to handle kernel NULL pointer dereference at 0000000000000008\nCall Trace:\n"
                + " [<ffffffff8116e9d8>] find_get_entry+0x68/0x100\n [<ffffffff8116e9d8>] ? kfree+0x68/0x100\n").getBytes(StandardCharsets.UTF_8);
        Run r = runWithStdin(oops, "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("kernel", json.get("input").get("format").asText());
        assertEquals("crash", json.get("verdict").asText());
        JsonNode frames = json.get("threads").get(0).get("frames");
        assertEquals("find_get_entry", frames.get(0).get("function").asText());
        assertTrue(frames.get(1).get("unreliable").asBoolean(), "a '?' frame is marked unreliable");
    }

    @Test
    void lldbIsDetectedAndRead() throws Exception {
        byte[] lldb = "* thread #1, name = 'qemu-i386', stop reason = signal SIGSEGV\n  * frame #0: 0x0000aaaa qemu-i386`cpu_ldub_code + 12\n"
                .getBytes(StandardCharsets.UTF_8);
        Run r = runWithStdin(lldb, "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("lldb", json.get("input").get("format").asText());
        assertEquals("crash", json.get("verdict").asText());
        assertEquals("cpu_ldub_code", json.get("threads").get(0).get("frames").get(0).get("function").asText());
        assertEquals("qemu-i386", json.get("threads").get(0).get("frames").get(0).get("library").asText());
        Run forced = runWithStdin(lldb, "--input-format", "gdb");
        assertEquals(2, forced.status(), "read as gdb it holds no backtrace");
        assertEquals(2, run("--input-format", "klingon", EXAMPLE).status());
    }

    @Test
    void badOptionsAreExit2() {
        Run r = run("--format", "yaml", EXAMPLE);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown format 'yaml' (valid: text, markdown, json, html, folded)"), r.err());
        assertEquals(2, run("--max-input", "lots", EXAMPLE).status());
        assertEquals(2, run("--bogus").status());
    }

    @Test
    void severalFilesAreSamplesOfOneProcess(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String both = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/captures/gcc/deadlock-abba-2samples.txt"));
        int cut = both.indexOf("[New LWP", both.indexOf("[Inferior 1"));
        java.nio.file.Path first = dir.resolve("t0.txt");
        java.nio.file.Path second = dir.resolve("t1.txt");
        java.nio.file.Files.writeString(first, both.substring(0, cut));
        java.nio.file.Files.writeString(second, both.substring(cut));
        Run r = run("--format", "json", first.toString(), second.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, json.get("samples").asInt());
        assertEquals(first.toString(), json.get("input").get("files").get(0).get("name").asText());
        assertEquals(1, json.get("input").get("files").get(0).get("first_line").asInt());
        assertEquals(both.substring(0, cut).lines().count() + 1, json.get("input").get("files").get(1).get("first_line").asInt());
        assertEquals("deadlock", json.get("verdict").asText());
        assertFalse(json.get("threads").get(0).get("changed_across_samples").asBoolean());
        Run missing = run(first.toString(), dir.resolve("nope.txt").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("nope.txt: no such file"), missing.err());
    }

    @Test
    void markdownReport() {
        Run r = run("--format", "markdown", EXAMPLE);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("# btexplain report"), r.out());
        assertTrue(r.out().contains("**Verdict: idle**"), r.out());
        assertTrue(r.out().contains("| # | function | where | meaning |"), r.out());
        assertTrue(r.out().contains("## Thread 2 (LWP 15906) \"qemu-system-x86\" — RCU reclamation thread"), r.out());
    }

    @Test
    void ownKnowledgeFileIsMergedOverTheBuiltInOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path mine = dir.resolve("mine.json");
        java.nio.file.Files.writeString(mine, "[{\"id\":\"site.qemu_event_wait\",\"names\":[\"qemu_event_wait\"],"
                + "\"library\":\"qemu\",\"category\":\"futex-wait\",\"meaning\":\"Our own words for the event wait.\","
                + "\"source\":\"example/qemu-fork: util/qemu-thread-posix.c\"}]");
        Run r = run("--knowledge", mine.toString(), "--format", "json", EXAMPLE);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"site/qemu_event_wait\" : \"Our own words for the event wait.\""), r.out());
        assertTrue(r.out().contains("\"meaning\" : \"site/qemu_event_wait\""), r.out());
        assertTrue(r.out().contains("\"knowledge\" : \"site.qemu_event_wait\""), r.out());
        java.nio.file.Files.writeString(mine, "[{\"id\":\"x\",\"names\":[\"f\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does f.\"}]");
        Run bad = run("--knowledge", mine.toString(), EXAMPLE);
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("btexplain: --knowledge: " + mine + ": /0: required property 'source' not found"), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }

    @Test
    void packsCheckListsEveryErrorWithItsFileAndField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Run good = run("packs", "check", "src/main/resources/knowledge/packs", "docs/example-pack");
        assertEquals(0, good.status(), good.out() + good.err());
        assertTrue(good.out().contains("src/main/resources/knowledge/packs/qemu: ok") && good.out().contains("workq: ok"), good.out());
        java.nio.file.Path pack = java.nio.file.Files.createDirectory(dir.resolve("mine"));
        java.nio.file.Files.writeString(pack.resolve("pack.json"), "{\"id\":\"mine\",\"label\":\"Mine\",\"summary\":\"S.\","
                + "\"kind\":\"program\",\"applies\":\"always\",\"source\":\"example/mine: main.c\"}");
        java.nio.file.Files.writeString(pack.resolve("roles.json"), "{\"roles\":[{\"id\":\"mine.loop\",\"label\":\"loop\","
                + "\"summary\":\"S.\",\"source\":\"example/mine: main.c\",\"who\":\"The loop\",\"clues\":[{\"why\":\"w\"}]}]}");
        Run bad = run("packs", "check", pack.toString());
        assertEquals(2, bad.status(), bad.out());
        assertTrue(bad.out().contains(pack.resolve("roles.json") + ": /roles/0/clues/0: required property 'confidence' not found"), bad.out());
        // what only the loader can tell (an id no role has) after the schema holds
        java.nio.file.Files.writeString(pack.resolve("pack.json"), "{\"id\":\"yours\",\"label\":\"Mine\",\"summary\":\"S.\","
                + "\"kind\":\"program\",\"applies\":\"always\",\"source\":\"example/mine: main.c\"}");
        java.nio.file.Files.delete(pack.resolve("roles.json"));
        Run loader = run("packs", "check", pack.toString());
        assertEquals(2, loader.status(), loader.out());
        assertTrue(loader.out().contains("differs from its folder's name"), loader.out());
    }

    @Test
    void helpAndVersionAreExit0() {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--format"));
        Run version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("btexplain "));
    }
}
