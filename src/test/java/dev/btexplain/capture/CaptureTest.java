package dev.btexplain.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * btexplain attach and core against real programs that the test compiles with gcc, through the real gdb:
 * lock owners read from the process make a deadlock and a hang certain, a core names its crash, and every
 * failure is one line with exit 2, the traced process always left running.
 */
class CaptureTest {
    private static final Path BIN = Path.of("target/capture-test-bin");
    private static final List<Process> started = new ArrayList<>();

    record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void compile() throws Exception {
        Files.createDirectories(BIN);
        for (String program : List.of("deadlock-abba", "holder-blocked-in-read", "busy-loop", "segv-in-worker", "deadlock-three-cycle",
                "self-deadlock", "join-on-hung", "pingpong", "spread-work", "handler-hang")) {
            Process gcc = new ProcessBuilder("gcc", "-g", "-O0", "-pthread", "-o", BIN.resolve(program).toString(),
                    "src/test/c/" + program + ".c").inheritIO().start();
            assertEquals(0, gcc.waitFor(), "gcc " + program);
        }
        Process flags = new ProcessBuilder("pkg-config", "--cflags", "--libs", "glib-2.0").start();
        List<String> glib = List.of(new String(flags.getInputStream().readAllBytes()).trim().split("\\s+"));
        assertEquals(0, flags.waitFor(), "pkg-config glib-2.0 (./test installs libglib2.0-dev)");
        List<String> command = new ArrayList<>(List.of("gcc", "-g", "-O0", "-o", BIN.resolve("glib-deadlock").toString(),
                "src/test/c/glib-deadlock.c"));
        command.addAll(glib);
        assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor(), "gcc glib-deadlock");
    }

    @AfterAll
    static void stopPrograms() {
        started.forEach(Process::destroyForcibly);
    }

    static Process start(String program) throws Exception {
        Process p = new ProcessBuilder(BIN.resolve(program).toAbsolutePath().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        Thread.sleep(700); // let the threads reach their waits
        return p;
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The state letter of /proc/PID/stat: the process must not be left stopped (T) by gdb. */
    static char state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    @DisplayName("attach: an ABBA deadlock with owners read from the process is certain, and the process keeps running")
    void deadlockIsCertainWithOwners(@TempDir Path save) throws Exception {
        Process p = start("deadlock-abba");
        Run r = run("attach", String.valueOf(p.pid()), "--samples", "2", "--interval", "200ms", "--save", save.toString(),
                "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("deadlock", json.get("verdict").asText());
        assertEquals("certain", json.get("confidence").asText());
        assertEquals(2, json.get("samples").asInt());
        for (JsonNode lock : json.get("locks")) {
            assertEquals("gdb", lock.get("owner_source").asText(), lock.toString());
            int waiter = lock.get("waiters").get(0).asInt();
            assertNotEquals(waiter, lock.get("owner").asInt(), "the owner is the other thread");
        }
        assertEquals(2, json.get("deadlock_cycle").size());
        // gdb read both owners: no step asks for the locals "for a mutex's owner"
        assertFalse(json.get("next_steps").toString().contains("thread apply all bt full\\\" too"), json.get("next_steps").toString());
        JsonNode capture = json.get("capture");
        assertTrue(capture.get("command").asText().startsWith("gdb -p " + p.pid() + " -batch -nx"), capture.toString());
        assertTrue(capture.get("pause_ms").asLong() > 0 && capture.get("pause_ms").asLong() < 10_000, capture.toString());
        assertTrue(Files.exists(save.resolve("sample-1.txt")) && Files.exists(save.resolve("sample-2.txt"))
                && Files.exists(save.resolve("lock-owners.txt")), "raw gdb output kept");
        assertTrue(p.isAlive());
        assertNotEquals('T', state(p.pid()), "left running, not stopped");
    }

    @Test
    @DisplayName("attach: a holder blocked in read() with waiters is a hang whose holder is a fact")
    void hangNamesItsHolder() throws Exception {
        JsonNode json = attachJson(start("holder-blocked-in-read"));
        assertEquals("hung", json.get("verdict").asText());
        assertEquals("certain", json.get("confidence").asText());
        JsonNode lock = json.get("locks").get(0);
        assertEquals("config_lock", lock.get("symbol").asText());
        assertEquals(3, lock.get("waiters").size());
        JsonNode holder = thread(json, lock.get("owner").asInt());
        assertEquals("reloader", holder.get("name").asText());
        assertTrue(holder.get("explanation").asText().contains("the kernel showed it sleeping (S)"), holder.toString());
    }

    @Test
    @DisplayName("attach: two GThreads deadlocked on GMutexes in a stripped libglib: the slow path's ?? frame is the lock wait, "
            + "and with main's GMainLoop and the pool workers idle nothing else could hold the locks")
    void glibMutexDeadlock() throws Exception {
        Process p = start("glib-deadlock");
        JsonNode json = attachJson(p);
        assertEquals("deadlock", json.get("verdict").asText(), json.toString());
        for (JsonNode t : json.get("threads")) {
            String name = t.get("name").asText();
            if (name.equals("config-updater") || name.equals("cache-refresher")) {
                assertEquals("wait-mutex", t.get("state").asText(), name);
            } else if (name.equals("pool")) {
                assertEquals("glib.pool-worker", t.get("role").asText());
                assertEquals("idle", t.get("activity").asText());
            } else if (name.equals("glib-deadlock")) {
                assertEquals("glib.main-loop", t.get("role").asText());
                assertEquals("idle", t.get("activity").asText());
            }
        }
    }

    @Test
    @DisplayName("attach: three threads in a lock cycle are a certain deadlock of three, with each owner read")
    void threeCycleIsCertain() throws Exception {
        JsonNode json = attachJson(start("deadlock-three-cycle"));
        assertEquals("deadlock", json.get("verdict").asText());
        assertEquals("certain", json.get("confidence").asText());
        assertEquals(3, json.get("deadlock_cycle").size(), json.get("deadlock_cycle").toString());
    }

    @Test
    @DisplayName("attach: a mutex locked twice by one thread is that thread's deadlock on itself, read from the process")
    void selfDeadlockIsReadFromTheProcess() throws Exception {
        JsonNode json = attachJson(start("self-deadlock"));
        assertEquals("deadlock", json.get("verdict").asText());
        assertEquals("certain", json.get("confidence").asText());
        JsonNode cycle = json.get("deadlock_cycle");
        assertEquals(1, cycle.size(), cycle.toString());
        JsonNode relocker = thread(json, cycle.get(0).get("thread").asInt());
        assertEquals("relocker", relocker.get("name").asText());
        JsonNode lock = json.get("locks").get(0);
        assertEquals(relocker.get("number").asInt(), lock.get("owner").asInt(), "gdb read the relocker as the owner");
    }

    @Test
    @DisplayName("attach: a thread joined on a thread whose mutex holder exited is a hang, the dead owner read by gdb")
    void joinOnHungThread() throws Exception {
        JsonNode json = attachJson(start("join-on-hung"));
        assertEquals("hung", json.get("verdict").asText());
        String said = json.get("observations").toString();
        assertTrue(said.contains("whose owner gdb read is not in the listing"), said);
        assertTrue(said.contains("to exit"), said);
    }

    @Test
    @DisplayName("attach: a Python lock-order deadlock, each thread's Python frames read by py-bt in the same gdb session")
    void pythonDeadlockWithPyBt() throws Exception {
        assertPythonDeadlock(attachJson(startPythonDeadlock()));
    }

    @Test
    @DisplayName("core: a core of a Python lock-order deadlock, read with py-bt too")
    void pythonCoreWithPyBt(@TempDir Path dir) throws Exception {
        Process p = startPythonDeadlock();
        Path core = dir.resolve("python.core");
        Process gcore = new ProcessBuilder("gcore", "-o", core.toString(), String.valueOf(p.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(gcore.waitFor(60, TimeUnit.SECONDS));
        JsonNode json = json("core", core.resolveSibling("python.core." + p.pid()).toString(), "--format", "json");
        assertPythonDeadlock(json);
    }

    private static Process startPythonDeadlock() throws Exception {
        Process p = dev.btexplain.PythonDeadlock.start();
        started.add(p);
        return p;
    }

    private static void assertPythonDeadlock(JsonNode json) {
        assertEquals("deadlock", json.get("verdict").asText(), json.get("observations").toString());
        assertEquals(3, json.get("threads").size(), "each thread once: py-bt's stack joined with bt's");
        for (JsonNode t : json.get("threads")) {
            assertTrue(t.path("runtime").has("joined"), "joined: " + t.get("number"));
        }
        assertEquals(2, dev.btexplain.PythonDeadlock.acquires(json), "both workers' with statements, as py-bt names their acquires");
        assertFalse(json.get("capture").get("notes").toString().contains("printed nothing"), json.get("capture").toString());
    }

    @Test
    @DisplayName("attach: a Java monitor deadlock in a real JVM, joined with the JVM's own jstack, its own threads idle at home")
    void jvmMonitorDeadlock(@TempDir Path dir) throws Exception {
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", dir.toString(), "src/test/jvm/MonitorDeadlock.java"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", dir.toString(), "MonitorDeadlock")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        Thread.sleep(2000); // the JVM starts, then both threads block
        JsonNode json = attachJson(p);
        assertEquals("deadlock", json.get("verdict").asText(), json.get("observations").toString());
        int idle = 0;
        for (JsonNode t : json.get("threads")) {
            String role = t.get("role").asText();
            assertTrue(role.startsWith("jvm."), "every thread has a JVM role: " + t.get("name") + " " + role);
            idle += t.get("activity").asText().equals("idle") ? 1 : 0;
        }
        assertTrue(idle >= json.get("threads").size() - 2, "all but the two deadlocked threads are idle: " + idle);
        if (!Files.isExecutable(Path.of(java).toRealPath().resolveSibling("jstack"))) {
            // a JRE: no dump tool beside its java, and the capture says so
            assertTrue(json.get("capture").get("notes").toString().contains("was not read"), json.get("capture").toString());
            return;
        }
        // the jstack beside the JVM's java was read before gdb attached, and joined by nid = LWP
        assertEquals("certain", json.get("confidence").asText(), "the dump names each monitor's holder");
        assertEquals("[\"gdb\",\"jstack\"]", json.get("input").get("formats").toString());
        int joined = 0;
        boolean javaFrame = false;
        for (JsonNode t : json.get("threads")) {
            joined += t.path("runtime").has("joined") ? 1 : 0;
            for (JsonNode f : t.get("frames")) {
                javaFrame |= f.get("function").asText().equals("MonitorDeadlock.lambda$main$0");
            }
        }
        assertTrue(joined >= 10, "the JVM's threads joined with their dump's: " + joined);
        assertTrue(javaFrame, "a deadlocked thread shows its Java frames");
        assertFalse(json.get("next_steps").toString().contains("jstack PID"), "jstack was read: " + json.get("next_steps"));
    }

    @Test
    @DisplayName("attach: a thread hung in its SIGSEGV handler shows the fault its handler got (the signal frame's siginfo)")
    void handlerHangShowsTheFault() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("amd64".equals(System.getProperty("os.arch")), "read on x86-64 only");
        Process p = start("handler-hang");
        JsonNode crash = attachJson(p).get("crash");
        assertEquals("SIGSEGV", crash.get("signal").asText(), crash.toString());
        JsonNode origin = crash.get("origin");
        assertTrue(origin != null && "SEGV_MAPERR".equals(origin.path("name").asText()) && "0x0".equals(origin.path("address").asText()),
                crash.toString());
        assertTrue(state(p.pid()) != 'T', "not left stopped by gdb");
        Run text = run("attach", String.valueOf(p.pid()));
        assertTrue(text.out().replaceAll("\\s+", " ").contains("at address 0x0: in the first page of memory"), text.out());
    }

    @Test
    @DisplayName("attach: a 32-bit (i386) program hung in its SIGSEGV handler shows the fault its handler got")
    void handlerHangOfA32BitProgramShowsTheFault() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("amd64".equals(System.getProperty("os.arch")), "i386 programs run on x86-64");
        Path program = BIN.resolve("handler-hang-32");
        Process gcc = new ProcessBuilder("gcc", "-m32", "-g", "-O0", "-pthread", "-o", program.toString(), "src/test/c/handler-hang.c")
                .inheritIO().start();
        assertEquals(0, gcc.waitFor(), "gcc -m32 (./test installs gcc-multilib)");
        Process p = new ProcessBuilder(program.toAbsolutePath().toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        Thread.sleep(700);
        JsonNode crash = attachJson(p).get("crash");
        assertEquals("SIGSEGV", crash.get("signal").asText(), crash.toString());
        JsonNode origin = crash.get("origin");
        assertTrue(origin != null && "SEGV_MAPERR".equals(origin.path("name").asText()) && "0x0".equals(origin.path("address").asText()),
                crash.toString());
    }

    @Test
    @DisplayName("attach: a stripped executable's unnamed frames are blamed on it; frames outside it are not")
    void unnamedFramesOfAStrippedExecutableAreNamedAsSuch() throws Exception {
        Path stripped = BIN.resolve("deadlock-abba-stripped");
        Files.copy(BIN.resolve("deadlock-abba"), stripped, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, new ProcessBuilder("strip", stripped.toString()).inheritIO().start().waitFor(), "strip");
        Process p = new ProcessBuilder(stripped.toAbsolutePath().toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        Thread.sleep(700);
        String notes = json("attach", String.valueOf(p.pid()), "--format", "json").path("capture").path("notes").toString();
        assertTrue(notes.contains("frames are in " + stripped.toRealPath() + " and have no name"), notes);
        String unstripped = json("attach", String.valueOf(start("deadlock-abba").pid()), "--format", "json").path("capture").path("notes").toString();
        assertTrue(!unstripped.contains("have no name"), unstripped);
    }

    @Test
    @DisplayName("attach: a thread the kernel shows running through a write (yes > /dev/null) is not said to be blocked in it")
    void aWriteTheKernelShowsRunningIsNotABlock() throws Exception {
        Process p = new ProcessBuilder("yes").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        Thread.sleep(300);
        JsonNode json = attachJson(p);
        assertEquals("busy", json.get("verdict").asText(), json.toString());
        String sentence = thread(json, 1).get("explanation").asText();
        assertTrue(sentence.contains("but not blocked there") && !sentence.contains("is blocked in"), sentence);
    }

    private static JsonNode attachJson(Process p) throws Exception {
        JsonNode json = json("attach", String.valueOf(p.pid()), "--format", "json");
        assertTrue(p.isAlive());
        return json;
    }

    /** The JSON report of a command that must succeed. */
    private static JsonNode json(String... args) throws Exception {
        Run r = run(args);
        assertEquals(0, r.status(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static JsonNode thread(JsonNode json, int number) {
        for (JsonNode t : json.get("threads")) {
            if (t.get("number").asInt() == number) {
                return t;
            }
        }
        throw new AssertionError("no thread " + number);
    }

    @Test
    @DisplayName("core: a core dumped by the kernel (ulimit -c unlimited, core pattern into the test's folder) names its crash")
    void coreNamesTheCrash(@TempDir Path dir) throws Exception {
        Path pattern = Path.of("/proc/sys/kernel/core_pattern");
        String old = Files.readString(pattern).strip();
        try {
            Files.writeString(pattern, dir.toAbsolutePath() + "/core.%p");
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot set the core pattern (not root): " + e.getMessage());
        }
        try {
            Process crash = new ProcessBuilder("sh", "-c", "ulimit -c unlimited && exec " + BIN.resolve("segv-in-worker").toAbsolutePath())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(crash.waitFor(30, TimeUnit.SECONDS));
            Path core = dir.resolve("core." + crash.pid());
            assertTrue(Files.exists(core), "the kernel wrote " + core);
            Run r = run("core", core.toString(), "--format", "json");
            assertEquals(0, r.status(), r.err());
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertEquals("crash", json.get("verdict").asText());
            assertEquals("SIGSEGV", json.get("crash").get("signal").asText());
            assertEquals("parse_header | worker_main", json.get("crash").get("signature").asText());
            for (String missing : List.of("/nonexistent", dir.toString())) {
                Run noExe = run("core", core.toString(), "--exe", missing);
                assertEquals(2, noExe.status(), noExe.err());
                assertEquals(1, noExe.err().strip().lines().count(), noExe.err());
                assertTrue(noExe.err().contains(missing), noExe.err());
            }
            Run wrongExe = run("core", core.toString(), "--exe", BIN.resolve("deadlock-abba").toString());
            assertEquals(2, wrongExe.status());
            assertTrue(wrongExe.err().contains("was not dumped by"), wrongExe.err());
            assertEquals(1, wrongExe.err().strip().lines().count(), wrongExe.err());
        } finally {
            Files.writeString(pattern, old);
        }
    }

    @Test
    @DisplayName("attach: a spinning thread is seen running and using a CPU, a joined thread sleeping with none")
    void cpuUseIsTheThreadsOwn() throws Exception {
        JsonNode json = attachJson(start("busy-loop"));
        for (JsonNode t : json.get("threads")) {
            String x = t.get("explanation").asText();
            if (t.get("name").asText().equals("spinner")) {
                // how much of a CPU the scheduler gave it depends on the host's load, not on the tool: some, and the
                // sentence says the number the JSON holds
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("running \\(R\\), using about (\\d+) % of a CPU").matcher(x);
                assertTrue(m.find(), x);
                long percent = t.get("kernel").get("cpu_percent").asLong();
                assertTrue(percent > 0, t.toString());
                assertEquals(percent, Long.parseLong(m.group(1)), x);
            } else {
                assertTrue(x.contains("sleeping (S)") && x.contains("using no CPU over 300 ms"), x);
            }
        }
    }

    @Test
    @DisplayName("attach: threads always caught in their waits but using the CPU are busy: no verdict contradicts the kernel's reading")
    void kernelReadingRefutesIdle() throws Exception {
        JsonNode json = attachJson(start("pingpong"));
        boolean working = false;
        for (JsonNode t : json.get("threads")) {
            JsonNode kernel = t.get("kernel");
            assertTrue(kernel != null && kernel.has("cpu_percent"), "the kernel's view is in the JSON: " + t);
            if (kernel.get("cpu_percent").asLong() >= 10) {
                working = true;
                assertEquals("running", t.get("activity").asText(), "a thread the kernel saw working is not idle: " + t);
            }
        }
        String verdict = json.get("verdict").asText() + " " + json.get("confidence").asText();
        assertFalse(verdict.equals("idle certain"), verdict);
        if (working) {
            // on a host so loaded that neither player got a tenth of a CPU, the stacks alone are what is left to read
            assertEquals("busy", json.get("verdict").asText(), json.toString());
        }
    }

    @Test
    @DisplayName("attach: work spread over many threads, each under a tenth of a CPU and caught at its wait, is busy: the "
            + "process's CPU reading refutes idle")
    void workOnNoStackIsBusy() throws Exception {
        JsonNode json = attachJson(start("spread-work"));
        long total = 0;
        boolean allWaiting = true;
        for (JsonNode t : json.get("threads")) {
            total += Math.max(0, t.get("kernel").get("cpu_percent").asLong());
            allWaiting &= !t.get("activity").asText().equals("running");
        }
        String verdict = json.get("verdict").asText();
        assertFalse(verdict.equals("idle"), json.toString());
        if (total >= 10 && allWaiting) {
            // on a quiet host the eight workers use a third of a CPU between them, each caught at its wait
            assertEquals("busy", verdict, json.toString());
            JsonNode finding = null;
            for (JsonNode f : json.get("findings")) {
                finding = f.get("kind").asText().equals("work-on-no-stack") ? f : finding;
            }
            assertNotNull(finding, json.get("findings").toString());
            assertEquals(total, finding.get("values").get("cpu_percent").asLong(), finding.toString());
        }
    }

    @Test
    @DisplayName("attach: a qemu-img convert in progress is busy, named as qemu-img, its main thread waiting for its command's I/O")
    void qemuImgConvertIsBusy(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source.raw");
        byte[] block = new byte[1 << 20];
        java.util.Random random = new java.util.Random(26);
        try (var out = Files.newOutputStream(source)) {
            for (int i = 0; i < 400; i++) { // random data compresses slowly: the convert lasts several seconds
                random.nextBytes(block);
                out.write(block);
            }
        }
        Process convert;
        try {
            convert = new ProcessBuilder("qemu-img", "convert", "-c", "-O", "qcow2", source.toString(),
                    dir.resolve("target.qcow2").toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("qemu-img is missing (./test installs qemu-utils)", e);
        }
        started.add(convert);
        Thread.sleep(1000);
        assertTrue(convert.isAlive(), "the convert ended before the attach");
        JsonNode json = json("attach", String.valueOf(convert.pid()), "--samples", "2", "--format", "json");
        convert.destroyForcibly();
        assertEquals("busy", json.get("verdict").asText(), json.toString());
        JsonNode main = null;
        for (JsonNode t : json.get("threads")) {
            main = t.get("number").asInt() == 1 ? t : main;
        }
        assertNotNull(main, json.toString());
        assertEquals("qemu.img-main", main.get("role").asText(), main.toString());
        assertNotEquals("idle", main.get("activity").asText(), main.toString());
        assertTrue(json.toString().contains("A qemu-img process"), json.get("observations").toString());
    }

    @Test
    @DisplayName("core: a core made by gcore of a deadlocked program shows every thread and the deadlock")
    void gcoreOfDeadlock(@TempDir Path dir) throws Exception {
        Process p = start("deadlock-abba");
        Path core = dir.resolve("abba.core");
        Process gcore = new ProcessBuilder("gcore", "-o", core.toString(), String.valueOf(p.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(gcore.waitFor(60, TimeUnit.SECONDS));
        Path written = core.resolveSibling("abba.core." + p.pid());
        assertTrue(Files.exists(written), "gcore wrote " + written);
        JsonNode json = json("core", written.toString(), "--exe", BIN.resolve("deadlock-abba").toString(), "--format", "json");
        assertEquals(3, json.get("threads").size(), json.toString());
        assertEquals("deadlock", json.get("verdict").asText());
        assertEquals(2, json.get("deadlock_cycle").size());
    }

    @Test
    @DisplayName("core: a core of a program started as ./program is read from another folder without --exe: the core's "
            + "own mappings name the program")
    void coreOfARelativeProgramFromAnotherFolder(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("./deadlock-abba").directory(BIN.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        Thread.sleep(700);
        Process gcore = new ProcessBuilder("gcore", "-o", dir.resolve("abba.core").toString(), String.valueOf(p.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(gcore.waitFor(60, TimeUnit.SECONDS));
        Path written = dir.resolve("abba.core." + p.pid());
        assertTrue(Files.exists(written), "gcore wrote " + written);
        // the test runs in the project's folder, not the program's: "./deadlock-abba" is no file from here
        JsonNode json = json("core", written.toString(), "--format", "json");
        assertEquals("deadlock", json.get("verdict").asText(), json.toString());
        assertTrue(json.get("capture").get("command").asText().contains(BIN.resolve("deadlock-abba").toAbsolutePath().toString()),
                json.get("capture").toString());
        assertTrue(json.toString().contains("lock_a"), "the program's symbols name its locks");
    }

    @Test
    @DisplayName("every failure is one line and exit 2: no such process, not a core, gdb missing, gdb hanging")
    void failuresAreOneLine(@TempDir Path dir) throws Exception {
        Run noProcess = run("attach", "999999999");
        assertEquals(2, noProcess.status());
        assertTrue(noProcess.err().startsWith("btexplain: attach 999999999: no process 999999999"), noProcess.err());
        Path notCore = dir.resolve("notes.txt");
        Files.writeString(notCore, "hello\n");
        Run bad = run("core", notCore.toString(), "--save", dir.resolve("kept").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("is not a core file"), bad.err());
        // --save keeps what gdb said of a capture that failed: what a bug report needs most
        assertTrue(Files.readString(dir.resolve("kept/core-mappings.stderr.txt")).contains(notCore.toString()),
                Files.readString(dir.resolve("kept/core-mappings.stderr.txt")));
        // a zombie: its parent (sh exec'd into sleep) never collects the child that exited
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 30").start();
        started.add(parent);
        Thread.sleep(800);
        long zombie = parent.toHandle().children().findFirst().orElseThrow().pid();
        Run dead = run("attach", String.valueOf(zombie));
        assertEquals(2, dead.status());
        assertTrue(dead.err().contains("is a zombie") && !dead.err().contains("ptrace"), dead.err());
        assertEquals(1, dead.err().strip().lines().count(), dead.err());
        Process p = start("deadlock-abba");
        Run noGdb = run("attach", String.valueOf(p.pid()), "--gdb", dir.resolve("no-gdb-here").toString());
        assertEquals(2, noGdb.status());
        assertTrue(noGdb.err().contains("cannot run gdb"), noGdb.err());
        Path slow = dir.resolve("slow-gdb");
        Files.writeString(slow, "#!/bin/sh\nkill -STOP \"$2\"\nsleep 30\n"); // stops the target like gdb, then hangs
        slow.toFile().setExecutable(true);
        Run hanging = run("attach", String.valueOf(p.pid()), "--gdb", slow.toString(), "--timeout", "1s");
        assertEquals(2, hanging.status());
        assertTrue(hanging.err().contains("did not finish within 1 s"), hanging.err());
        assertEquals(1, hanging.err().strip().lines().count(), hanging.err());
        Thread.sleep(200);
        assertNotEquals('T', state(p.pid()), "the process gdb left stopped was sent SIGCONT");
        assertFalse(hanging.err().contains("Exception"), hanging.err());
    }
}
