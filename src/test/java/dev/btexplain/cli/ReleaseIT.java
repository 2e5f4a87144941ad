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

/** The release's .deb and .tar.gz (mvn -Prelease package), unpacked and run as a user would, with no Java on PATH. */
class ReleaseIT {
    private static final Path RELEASE = Path.of("target/release");

    private static Path artifact(String suffix) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(RELEASE), "the release is built by mvn -Prelease package (./test does)");
        try (var files = Files.list(RELEASE)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    private record Run(int status, String out) { }

    /** The program with a PATH of the shell's tools only: no java, no mvn. */
    private static Run run(Path dir, Path program, String... args) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("dirname", "readlink", "stty", "cat")) {
            if (!Files.exists(bin.resolve(tool))) {
                Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
            }
        }
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", program.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    private static void runsWithoutAJdk(Path dir, Path installed) throws Exception {
        Run version = run(dir, installed.resolve("bin/btexplain"), "--version");
        assertEquals(0, version.status(), version.out());
        assertTrue(version.out().matches("btexplain \\d+\\.\\d+\\.\\d+\\s*"), version.out());
        Run explain = run(dir, installed.resolve("bin/btexplain"), Path.of("examples/qemu-idle.txt").toAbsolutePath().toString());
        assertEquals(0, explain.status(), explain.out());
        assertTrue(explain.out().startsWith("gdb backtrace: 5 threads, 43 frames\n") && explain.out().contains("Verdict: idle"),
                explain.out());
    }

    @Test
    void theDebInstallsARunnableBtexplainWithItsManPageAndCompletion(@TempDir Path dir) throws Exception {
        Path deb = artifact(".deb");
        Process x = new ProcessBuilder("dpkg-deb", "-x", deb.toString(), dir.resolve("root").toString()).inheritIO().start();
        assertTrue(x.waitFor(60, TimeUnit.SECONDS) && x.exitValue() == 0);
        Path root = dir.resolve("root");
        runsWithoutAJdk(dir, root.resolve("opt/btexplain"));
        assertEquals(Path.of("/opt/btexplain/bin/btexplain"), Files.readSymbolicLink(root.resolve("usr/bin/btexplain")));
        try (var man = new java.util.zip.GZIPInputStream(Files.newInputStream(root.resolve("usr/share/man/man1/btexplain.1.gz")))) {
            String page = new String(man.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(page.startsWith(".TH BTEXPLAIN 1") && page.contains("attach") && page.contains("\\-\\-samples"), page);
        }
        String bash = Files.readString(root.resolve("usr/share/bash-completion/completions/btexplain"));
        assertTrue(bash.contains("complete -F") && bash.contains("--samples"), bash.substring(0, 200));
        Process info = new ProcessBuilder("dpkg-deb", "-f", deb.toString(), "Package", "Recommends").start();
        assertEquals("Package: btexplain\nRecommends: gdb\n", new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theTarballRunsFromWhereverItIsUnpacked(@TempDir Path dir) throws Exception {
        Path tarball = artifact(".tar.gz");
        Process x = new ProcessBuilder("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", dir.toString()).inheritIO().start();
        assertTrue(x.waitFor(60, TimeUnit.SECONDS) && x.exitValue() == 0);
        Path unpacked;
        try (var entries = Files.list(dir)) {
            unpacked = entries.filter(e -> e.getFileName().toString().startsWith("btexplain-")).findFirst().orElseThrow();
        }
        runsWithoutAJdk(dir, unpacked);
        assertTrue(Files.readString(unpacked.resolve("share/man/man1/btexplain.1")).startsWith(".TH BTEXPLAIN 1"));
    }
}
