package dev.btexplain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page's examples read again: a report file, an NDJSON line, one too large to explain there, one gone. */
class ExamplesTest {
    private static Bucket bucket(String example) {
        return new Bucket(new Signature("crash", "SIGSEGV | f", List.of("f"), "0123456789abcdef", "end-of-stack"), 1, null, null,
                List.of(), 0, example, "crash");
    }

    @Test
    void eachExampleIsExplainedFromItsFileOrLineOrSaysWhyNot(@TempDir Path dir) throws Exception {
        Path file = Files.copy(Path.of("src/test/resources/captures/gcc/deadlock-three-cycle.txt"), dir.resolve("core.txt"));
        Path lines = dir.resolve("reports.ndjson");
        String big = "#0  main () at m.c:1\\n" + "x".repeat((int) Examples.EXPLAINED_UP_TO_BYTES);
        Files.writeString(lines, "{\"report\": \"#0  0x1 in abort ()\\n#1  0x2 in main () at m.c:3\\n\"}\n{\"report\": \"" + big + "\"}\n");
        Map<String, String> reports = Examples.reports(List.of(bucket(file.toString()), bucket(lines + ":1"), bucket(lines + ":2"),
                bucket(dir.resolve("gone.txt").toString()), bucket(lines + ":7")), Btexplain.Options.defaults());
        assertTrue(reports.get(file.toString()).contains("Verdict: deadlock"), reports.get(file.toString()));
        assertTrue(reports.get(lines + ":1").startsWith("gdb backtrace: 1 thread, 2 frames"), reports.get(lines + ":1"));
        assertEquals("(4 MB: run btexplain on it for its report)", reports.get(lines + ":2"));
        assertEquals("(not on this page: its file is not here, or changed since it was bucketed)", reports.get(dir.resolve("gone.txt").toString()));
        assertEquals(reports.get(dir.resolve("gone.txt").toString()), reports.get(lines + ":7"), "a line the file no longer has");
    }
}
