package dev.btexplain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's first command through the real launcher and the jar "package" just built. */
class LauncherIT {

    record Result(int status, String out, String err) { }

    private static Result launch(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", "./btexplain"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher finishes");
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void explainsTheBundledExample() throws Exception {
        Result r = launch("examples/qemu-idle.txt");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("gdb backtrace: 5 threads, 43 frames\n"), r.out());
        assertEquals("", r.err(), "no build noise when the jar is current");
    }

    @Test
    void withoutMavenTheLauncherNamesWhatToInstall(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // a clone whose jar is not built yet, on a machine whose PATH has the shell's tools but no mvn and no java
        Files.copy(Path.of("btexplain"), dir.resolve("btexplain"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.createDirectories(dir.resolve("src/main"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("dirname", "find", "head", "mktemp", "cat", "rm")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", dir.resolve("btexplain").toString(), "examples/qemu-idle.txt")
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("needs a JDK 17 and Maven") && out.contains("apt-get install openjdk-17-jdk-headless maven"), out);
    }

    @Test
    void onATerminalWithNoFileItSaysWhatItAwaits() throws Exception {
        // script(1) gives the launcher a terminal; its input ends at once, as Ctrl-D at the start would end it
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", "sh ./btexplain", "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("reading a backtrace from the terminal: paste it, then press Ctrl-D"), out);
    }

    @Test
    void onATerminalTheTextFollowsItsWidthAndPipedItIs80Columns() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c",
                "stty cols 64; sh ./btexplain --no-color src/test/resources/captures/gcc/pool-50-threads.txt", "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r", "");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("Verdict: hung (possible)"), out);
        for (String line : out.split("\n")) {
            // prose at the terminal's width; a frame line cuts its arguments to fit (its file name may still overflow)
            boolean frame = line.matches(" +#\\d+ .*|gdb stopped at: .*");
            // (arguments of 24 characters or fewer are kept: a narrow terminal wraps the line instead)
            java.util.regex.Matcher args = java.util.regex.Pattern.compile("\\((.*?)\\)").matcher(line);
            boolean shortArgs = args.find() && args.group(1).length() <= 24;
            // and a gdb command is never cut where a paste would break it
            assertTrue(line.length() <= 64 || frame && (line.contains("…)") || shortArgs) || line.contains("gdb -p PID"),
                    "wider than the terminal: " + line);
        }
        Result piped = launch("src/test/resources/captures/gcc/pool-50-threads.txt");
        assertEquals(0, piped.status(), piped.err());
        String[] lines = piped.out().split("\n");
        assertTrue(java.util.Arrays.stream(lines).filter(l -> !l.matches(" +#\\d+ .*|gdb stopped at: .*") && !l.contains("gdb -p PID")).allMatch(l -> l.length() <= 80),
                piped.out());
        assertTrue(java.util.Arrays.stream(lines).anyMatch(l -> l.matches(" +#\\d+ .*") && l.length() > 80 && !l.contains("…")),
                "piped, a frame line is kept whole");
    }

    @Test
    void attachShowsItsStepsOnATerminalAndNothingElsewhere() throws Exception {
        Process target = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c",
                    "sh ./btexplain attach --samples 2 --interval 0.3 " + target.pid() + " > /dev/null", "/dev/null")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true);
            Process p = pb.start();
            String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), shown);
            assertTrue(shown.contains("btexplain: attaching gdb to process " + target.pid() + " (sample 2 of 2)…"), shown);
            assertTrue(shown.contains("btexplain: explaining 1 thread…"), shown);
            assertTrue(shown.endsWith("\r\u001b[K"), "the status line is cleared at the end: " + shown);
            Result piped = launch("attach", String.valueOf(target.pid()));
            assertEquals(0, piped.status(), piped.err());
            assertEquals("", piped.err(), "no status line when standard error is not a terminal");
        } finally {
            target.destroy();
        }
    }

    @Test
    void unusableInputIsOneLineAndExit2() throws Exception {
        Result r = launch("no-such-file.txt");
        assertEquals(2, r.status());
        assertEquals("btexplain: no-such-file.txt: no such file\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aSignalToBtexplainsProcessGroupDuringAttachLeavesTheTargetRunning(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bin = dir.resolve("deadlock-abba");
        assertEquals(0, new ProcessBuilder("gcc", "-g", "-O0", "-pthread", "-o", bin.toString(), "src/test/c/deadlock-abba.c")
                .inheritIO().start().waitFor());
        for (String signal : List.of("INT", "KILL")) {
            for (long delay : new long[] {100, 400, 900}) {
                Process target = new ProcessBuilder(bin.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    Thread.sleep(300);
                    // a process group of its own, as a terminal gives a command: the signal goes to the whole group
                    Process btexplain = new ProcessBuilder("setsid", "sh", "./btexplain", "attach", String.valueOf(target.pid()),
                            "--samples", "3", "--interval", "0.3").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    Thread.sleep(delay);
                    new ProcessBuilder("kill", "-" + signal, "--", "-" + btexplain.pid()).start().waitFor();
                    btexplain.waitFor(20, TimeUnit.SECONDS);
                    Thread.sleep(2500); // gdb, in a session of its own, finishes its batch and detaches
                    String stat = Files.readString(Path.of("/proc/" + target.pid() + "/stat"));
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    assertTrue(target.isAlive() && state != 'T' && state != 't', signal + " after " + delay + " ms: state " + state);
                } finally {
                    target.destroyForcibly();
                }
            }
        }
    }

    /** The process tracing this one (gdb attached), 0 when none. */
    private static long tracer(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("TracerPid:")) {
                return Long.parseLong(line.substring("TracerPid:".length()).strip());
            }
        }
        return 0;
    }

    @Test
    void anInterruptedCaptureSaysOneLineAndLeavesTheTargetRunning(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bin = dir.resolve("deadlock-abba");
        assertEquals(0, new ProcessBuilder("gcc", "-g", "-O0", "-pthread", "-o", bin.toString(), "src/test/c/deadlock-abba.c")
                .inheritIO().start().waitFor());
        // the capture of three samples (about 2.5 s in all) is under way: gdb has attached, then 0, 0.5 or 1 s more
        for (long delay : new long[] {0, 500, 1000}) {
            Process target = new ProcessBuilder(bin.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Path out = Files.createTempFile("launcher", ".out");
            Path err = Files.createTempFile("launcher", ".err");
            try {
                Thread.sleep(300);
                Process btexplain = new ProcessBuilder("setsid", "sh", "./btexplain", "attach", String.valueOf(target.pid()),
                        "--samples", "3", "--interval", "0.3").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                // the JVM's start varies with the machine's load: wait for gdb to be attached (the target's TracerPid)
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (tracer(target.pid()) == 0 && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                Thread.sleep(delay);
                new ProcessBuilder("kill", "-INT", "--", "-" + btexplain.pid()).start().waitFor();
                assertTrue(btexplain.waitFor(20, TimeUnit.SECONDS));
                String said = Files.readString(err);
                assertEquals("", Files.readString(out), "no report after " + delay + " ms");
                assertEquals(1, said.lines().count(), said);
                assertTrue(said.startsWith("btexplain: attach " + target.pid() + ": interrupted before the report; gdb let process "
                        + target.pid() + " go and it runs on"), said);
                String stat = Files.readString(Path.of("/proc/" + target.pid() + "/stat"));
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                assertTrue(target.isAlive() && state != 'T' && state != 't', "after " + delay + " ms: state " + state);
            } finally {
                target.destroyForcibly();
                Files.delete(out);
                Files.delete(err);
            }
        }
    }
}
