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
    void unusableInputIsOneLineAndExit2() throws Exception {
        Result r = launch("no-such-file.txt");
        assertEquals(2, r.status());
        assertEquals("btexplain: no-such-file.txt: no such file\n", r.err());
        assertEquals("", r.out());
    }
}
