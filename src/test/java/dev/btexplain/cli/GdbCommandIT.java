package dev.btexplain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The gdb command that "btexplain gdb-init" writes, in the real gdb, run by the jar "package" built: on a live
 * deadlock (gdb -p), a crash stopped under "run", and a core; each answer checked against how the program fails.
 * Nothing is left running, and a missing jar or Java is one line in gdb.
 */
class GdbCommandIT {
    private static final String JAR = "target/btexplain.jar";
    private static final String REPORT = "@@report";
    private static Path dir;
    private static Path script;
    private static final List<Process> started = new ArrayList<>();

    record Result(int status, String out, String err) {
        /** What the btexplain command printed: everything after the marker echoed before it. */
        String report() {
            int at = out.indexOf(REPORT + "\n");
            return at < 0 ? "" : out.substring(at + REPORT.length() + 1);
        }

        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(report());
        }
    }

    @BeforeAll
    static void setUp(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        dir = temp;
        for (String program : List.of("deadlock-abba", "segv-in-worker")) {
            assertEquals(0, new ProcessBuilder("gcc", "-g", "-O0", "-pthread", "-o", dir.resolve(program).toString(),
                    "src/test/c/" + program + ".c").inheritIO().start().waitFor(), "gcc " + program);
        }
        script = dir.resolve("btexplain-gdb.py");
        Result init = run(List.of("java", "-jar", JAR, "gdb-init", script.toString()));
        assertEquals(0, init.status(), init.err());
        assertTrue(init.out().contains("source " + script), init.out());
    }

    @AfterAll
    static void stopPrograms() {
        started.forEach(Process::destroyForcibly);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "gdb", ".out");
        Path err = Files.createTempFile(dir, "gdb", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finishes: " + command);
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** gdb in batch mode with the script loaded, then {@code before} commands, the marker, and the btexplain command. */
    private static Result gdb(Path loadedScript, List<String> target, List<String> before, String btexplain) throws Exception {
        List<String> command = new ArrayList<>(List.of("gdb", "-batch", "-nx", "-x", loadedScript.toString()));
        for (String c : before) {
            command.addAll(List.of("-ex", c));
        }
        command.addAll(List.of("-ex", "echo " + REPORT + "\\n", "-ex", btexplain));
        command.addAll(target);
        Result r = run(command);
        assertEquals(List.of(), bridges(), "no btexplain process is left behind by gdb");
        return r;
    }

    /** Every process running the gdb command's other end (gdb-bridge). */
    private static List<Long> bridges() {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains("gdb-bridge")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private static Process start(String program) throws Exception {
        Process p = new ProcessBuilder(dir.resolve(program).toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        Thread.sleep(500); // both threads hold their first lock
        return p;
    }

    private static char state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    /** The btexplain command in gdb attached to the ABBA deadlock, which it started. */
    private static Result onLiveDeadlock(Process p, String command) throws Exception {
        Result r = gdb(script, List.of("-p", String.valueOf(p.pid())), List.of(), command);
        assertEquals(0, r.status(), r.err());
        return r;
    }

    @Test
    @DisplayName("(gdb) btexplain on a Python lock-order deadlock: py-bt's Python frames joined with gdb's, where gdb has CPython's extension")
    void pythonDeadlockWithPyBt() throws Exception {
        Process p = dev.btexplain.PythonDeadlock.start();
        started.add(p);
        JsonNode json = onLiveDeadlock(p, "btexplain --format json").json();
        assertEquals("deadlock", json.get("verdict").asText(), json.get("observations").toString());
        assertEquals(3, json.get("threads").size(), "each thread once: py-bt's stack joined with bt's");
        assertEquals(2, dev.btexplain.PythonDeadlock.acquires(json), "both workers' with statements, as py-bt names their acquires");
    }

    @Test
    @DisplayName("(gdb) btexplain on a live ABBA deadlock: certain, each owner read by gdb, and the process runs on")
    void liveDeadlockIsCertainWithOwners() throws Exception {
        Process p = start("deadlock-abba");
        Result r = onLiveDeadlock(p, "btexplain --format json");
        JsonNode json = r.json();
        assertEquals("deadlock", json.get("verdict").asText(), r.report());
        assertEquals("certain", json.get("confidence").asText());
        assertEquals(2, json.get("locks").size());
        for (JsonNode lock : json.get("locks")) {
            assertEquals("gdb", lock.get("owner_source").asText(), lock.toString());
            assertNotEquals(lock.get("waiters").get(0).asInt(), lock.get("owner").asInt(), "the owner is the other thread");
        }
        assertTrue(json.get("capture").get("command").asText().contains("on process " + p.pid()), json.get("capture").toString());
        assertTrue(p.isAlive());
        Thread.sleep(200);
        assertNotEquals('T', state(p.pid()), "gdb detached: the process is not left stopped");
    }

    @Test
    @DisplayName("(gdb) btexplain --help prints the command's usage, with nothing to debug and no Python traceback")
    void helpIsTheUsage() throws Exception {
        Result r = gdb(script, List.of(), List.of(), "btexplain --help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.report().contains("Usage: btexplain [-n THREAD]") && r.report().contains("--full"), r.out());
        assertFalse(r.out().contains("Traceback") || r.err().contains("Traceback") || r.err().contains("JSONDecodeError"), r.err());
    }

    @Test
    @DisplayName("(gdb) btexplain -n 2 explains thread 2 alone, under the verdict")
    void oneThread() throws Exception {
        String report = onLiveDeadlock(start("deadlock-abba"), "btexplain -n 2").report();
        assertTrue(report.contains("Verdict: deadlock (certain)"), report);
        assertTrue(report.contains("\nThread 2 (LWP "), report);
        assertFalse(report.contains("\nThread 3 (LWP ") || report.contains("\nThread 1 (LWP "), report);
        assertTrue(report.contains("Only thread 2 is shown, of 3"), report);
    }

    @Test
    @DisplayName("(gdb) btexplain after a SIGSEGV under run: a crash in the worker that dereferenced NULL")
    void crashUnderRun() throws Exception {
        assertCrashInTheWorker(gdb(script, List.of(dir.resolve("segv-in-worker").toString()), List.of("run"), "btexplain --format json"));
        assertEquals(List.of(), programs("segv-in-worker"), "gdb's batch end killed the program it ran");
    }

    @Test
    @DisplayName("(gdb) btexplain on a core: the terminating signal and the crashed thread from gdb's session")
    void core() throws Exception {
        Path core = dir.resolve("segv.core");
        Result dump = run(List.of("gdb", "-batch", "-nx", "-ex", "run", "-ex", "generate-core-file " + core,
                dir.resolve("segv-in-worker").toString()));
        assertTrue(Files.size(core) > 0, dump.err());
        JsonNode json = assertCrashInTheWorker(gdb(script, List.of(dir.resolve("segv-in-worker").toString(), core.toString()),
                List.of(), "btexplain --format json"));
        assertTrue(json.get("capture").get("command").asText().contains("on a core of"), json.get("capture").toString());
    }

    /** segv-in-worker's crash as the program makes it: SIGSEGV in parse_header, called by the worker thread. */
    private static JsonNode assertCrashInTheWorker(Result r) throws IOException {
        assertEquals(0, r.status(), r.err());
        JsonNode json = r.json();
        assertEquals("crash", json.get("verdict").asText(), r.report());
        JsonNode crash = json.get("crash");
        assertEquals("SIGSEGV", crash.get("signal").asText());
        assertTrue(crash.get("signature").asText().startsWith("parse_header | worker_main"), crash.toString());
        return json;
    }

    @Test
    @DisplayName("(gdb) btexplain with nothing to debug, on a running program, without its jar, or without its Java: one line each")
    void failuresAreOneLine() throws Exception {
        Result none = gdb(script, List.of(), List.of(), "btexplain");
        assertEquals("btexplain: no process to explain: run the program, attach to it or load a core first\n", none.err());

        // a program gdb left running (non-stop mode, "run &"): gdb cannot list the stacks, and says so in one line
        Result running = gdb(script, List.of(dir.resolve("deadlock-abba").toString()),
                List.of("set non-stop on", "run &", "shell sleep 0.5"), "btexplain");
        assertTrue(running.err().contains("btexplain: gdb could not list the stacks: Selected thread is running."), running.err());
        assertFalse(running.err().contains("Traceback") || running.err().contains("Python Exception"), running.err());

        Path jarCopy = dir.resolve("copy/btexplain.jar");
        Files.createDirectories(jarCopy.getParent());
        Files.copy(Path.of(JAR), jarCopy);
        Path noJar = dir.resolve("no-jar.py");
        assertEquals(0, run(List.of("java", "-jar", jarCopy.toString(), "gdb-init", noJar.toString())).status());
        Files.delete(jarCopy);
        Result r = gdb(noJar, List.of(dir.resolve("segv-in-worker").toString()), List.of("run"), "btexplain");
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("btexplain: ")).count(), r.err());
        assertTrue(r.err().contains("btexplain: the btexplain jar " + jarCopy.toAbsolutePath() + " is missing"), r.err());
        assertFalse(r.err().contains("Traceback"), r.err());

        // a Java removed since gdb-init wrote the script
        Path noJava = dir.resolve("no-java.py");
        Files.writeString(noJava, Files.readString(script).replaceFirst("(?m)^JAVA = .*$", "JAVA = \"/opt/removed-jdk/bin/java\""));
        r = gdb(noJava, List.of(dir.resolve("segv-in-worker").toString()), List.of("run"), "btexplain");
        assertTrue(r.err().contains("btexplain: cannot run Java: /opt/removed-jdk/bin/java is missing"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("btexplain: ")).count(), r.err());
    }

    /** Processes running the given program of this test. */
    private static List<Long> programs(String program) {
        String path = dir.resolve(program).toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().command().map(path::equals).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
