package dev.btexplain.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.Btexplain;
import dev.btexplain.report.ReportFormat;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel reports of abrt/satyr's fixtures btexplain refused before 0.6 (third-party/satyr-kerneloopses): each is
 * read as a kernel report of its kind, with a stack, whatever the console did to its lines.
 */
class SatyrKernelReportsTest {
    private static final Path DIR = Path.of("src/test/resources/third-party/satyr-kerneloopses");

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "gitlog-05, kernel.lockdep-inconsistent, deadlock, ath5k_tasklet_beacon", // cut before its stack: the lock line's site
            "gitlog-07, kernel.slub-corruption, unknown, ",
            "gitlog-09, kernel.rcu-suspicious, unknown, unwind_backtrace",
            "gitlog-10, kernel.lockdep-recursive, deadlock, ",
            "gitlog-14, kernel.unlock-imbalance, unknown, ",
            "gitlog-16, kernel.unlock-imbalance, unknown, ",
            "gitlog-18, kernel.rcu-suspicious, unknown, ",
            "gitlog-19, kernel.slub-corruption, unknown, ",
            "gitlog-23, kernel.lock-held-returning, unknown, l2tp_ip_sendmsg",
            "gitlog-29, kernel.slub-corruption, unknown, ",
            "gitlog-30, kernel.slub-corruption, unknown, "})
    void eachGetsAReportOfItsKind(String name, String kind, String verdict, String firstFunction) throws Exception {
        JsonNode report;
        try (var in = Files.newInputStream(DIR.resolve(name + ".txt"))) {
            StringWriter json = new StringWriter();
            Btexplain.render(Btexplain.explain(in, Btexplain.Options.defaults()), ReportFormat.JSON, json, false);
            report = new ObjectMapper().readTree(json.toString());
        }
        assertEquals("kernel", report.get("input").get("format").asText());
        assertEquals(verdict, report.get("verdict").asText());
        boolean named = false;
        for (JsonNode f : report.get("findings")) {
            named |= f.get("kind").asText().equals("tool-report") && kind.equals(f.path("rule").asText());
        }
        assertTrue(named, "the report's kind " + kind + ": " + report.get("findings"));
        assertFalse(report.get("threads").isEmpty(), "a stack");
        JsonNode task = report.get("threads").get(0);
        for (JsonNode t : report.get("threads")) {
            task = t.path("current").asBoolean() ? t : task; // the reported task's, not lockdep's record of an earlier moment
        }
        JsonNode frames = task.get("frames");
        assertFalse(frames.isEmpty(), "frames");
        if (firstFunction != null) {
            assertEquals(firstFunction, frames.get(0).get("function").asText(), frames.toString());
        }
    }
}
