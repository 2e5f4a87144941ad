package dev.btexplain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * "btexplain mcp" (the jar "package" built) driven by the official Python MCP SDK, which ./test installs:
 * src/test/python/mcp_client_check.py lists the tools and resources, explains captures and checks them against
 * their truth files, sends bad and oversized input, and calls explain_core and attach_process on programs compiled
 * here.
 */
class McpClientIT {
    private static final String JAR = "target/btexplain.jar";
    private static final Path CAPTURES = Path.of("src/test/resources/captures");
    private static final Path SEED = Path.of("../shared/corpus/seed/qemu-seed-reconstructed.txt");

    @BeforeAll
    static void sdkInstalled() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import mcp").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the Python MCP SDK (./test installs it: python3 -m pip install mcp): " + out);
    }

    /** Runs the client with these arguments after the jar; asserts it passed every check. */
    private static void client(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "src/test/python/mcp_client_check.py", JAR));
        command.addAll(args);
        Path log = Files.createTempFile("mcp-client", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        Files.delete(log);
        assertTrue(ended, "the client finishes: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.endsWith("all checks passed\n"), out);
    }

    private static List<String> capture(Path text) {
        String name = text.getFileName().toString();
        return List.of("--capture", text.toString(), text.resolveSibling(name.replace(".txt", ".truth.json")).toString());
    }

    @Test
    @DisplayName("MCP: a deadlock capture and a paused QEMU explained as their truths say, bad input refused, a core and a "
            + "live deadlock through explain_core and attach_process")
    void projectCaptures(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        for (String program : List.of("deadlock-abba", "segv-in-worker")) {
            assertEquals(0, new ProcessBuilder("gcc", "-g", "-O0", "-pthread", "-o", dir.resolve(program).toString(),
                    "src/test/c/" + program + ".c").inheritIO().start().waitFor(), "gcc " + program);
        }
        Path core = dir.resolve("segv.core");
        Process dump = new ProcessBuilder("gdb", "-batch", "-nx", "-ex", "run", "-ex", "generate-core-file " + core,
                dir.resolve("segv-in-worker").toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(dump.waitFor(60, TimeUnit.SECONDS) && Files.size(core) > 0, "gdb wrote a core");
        Process deadlock = new ProcessBuilder(dir.resolve("deadlock-abba").toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(500);
            List<String> args = new ArrayList<>();
            args.addAll(capture(CAPTURES.resolve("gcc/deadlock-abba-2samples.txt")));
            args.addAll(capture(CAPTURES.resolve("qemu/qemu72-kvm-smp2-paused.txt")));
            args.addAll(capture(CAPTURES.resolve("gcc/pool-50-threads.txt")));
            args.addAll(List.of("--core", core.toString(), dir.resolve("segv-in-worker").toString(),
                    "--attach", String.valueOf(deadlock.pid())));
            client(args);
            assertTrue(deadlock.isAlive(), "attach_process left the process running");
        } finally {
            deadlock.destroyForcibly();
        }
    }

    @Test
    @DisplayName("MCP: the founding QEMU example (../shared/corpus/seed) as its truth says, never \"RTC\"")
    void foundingExample() throws Exception {
        Assumptions.assumeTrue(Files.exists(SEED), "../shared/corpus is not beside this clone");
        client(capture(SEED));
    }
}
