package dev.btexplain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, as a new user runs it: in a fresh clone, where nothing is built yet. */
class ReadmeIT {

    @Test
    void theFirstCommandOfTheReadmeWorksInAFreshClone(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(".git")), "a clone (its .git) to clone again");
        String readme = Files.readString(Path.of("README.md"));
        // the first line of the first code block: the command and what it says it does
        String block = readme.substring(readme.indexOf("```sh\n") + 6);
        String first = block.lines().findFirst().orElseThrow();
        String command = first.substring(0, first.indexOf('#')).strip();
        assertEquals("./btexplain examples/qemu-idle.txt", command, "the README opens with the bundled example");

        Path clone = dir.resolve("btexplain");
        Process git = new ProcessBuilder("git", "clone", "--quiet", Path.of("").toAbsolutePath().toString(), clone.toString())
                .inheritIO().start();
        assertTrue(git.waitFor(120, TimeUnit.SECONDS) && git.exitValue() == 0, "git clone");
        Path err = dir.resolve("stderr");
        Process run = new ProcessBuilder(List.of("sh", "-c", command)).directory(clone.toFile())
                .redirectError(err.toFile()).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(10, TimeUnit.MINUTES), "built and ran within 10 minutes");
        String said = Files.readString(err);
        assertEquals(0, run.exitValue(), said);
        assertTrue(said.startsWith("btexplain: building "), "the first run says it builds: " + said);
        assertTrue(out.startsWith("gdb backtrace: 5 threads, 43 frames\n") && out.contains("Verdict: idle (likely)"), out);
        assertTrue(out.contains("RCU reclamation thread"), out);
    }
}
