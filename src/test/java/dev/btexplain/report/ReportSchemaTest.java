package dev.btexplain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.btexplain.Btexplain;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/report.schema.json describes the JSON report: every capture's report holds to it, and a broken one does not. */
class ReportSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Schema schema() throws Exception {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(JSON.readTree(Files.readString(Path.of("docs/report.schema.json"))));
    }

    private static JsonNode report(Path capture) throws Exception {
        StringWriter out = new StringWriter();
        try (var in = Files.newInputStream(capture)) {
            Btexplain.render(Btexplain.explain(in, Btexplain.Options.defaults()), ReportFormat.JSON, out, false);
        }
        return JSON.readTree(out.toString());
    }

    @Test
    void everyCapturesReportHoldsToTheSchema() throws Exception {
        Schema schema = schema();
        List<Path> captures;
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/captures"))) {
            captures = files.filter(p -> p.toString().endsWith(".txt") && !p.toString().contains("/learn/")).sorted().toList();
        }
        assertTrue(captures.size() > 100, "captures: " + captures.size());
        List<String> errors = new ArrayList<>();
        for (Path capture : captures) {
            schema.validate(report(capture)).forEach(e -> errors.add(capture + ": " + e.getInstanceLocation() + ": " + e.getMessage()));
        }
        assertEquals(List.of(), errors.subList(0, Math.min(errors.size(), 20)));
    }

    @Test
    void aBrokenReportIsRefusedWhereItIsBroken() throws Exception {
        ObjectNode r = (ObjectNode) report(Path.of("src/test/resources/captures/gcc/null-argument-core-siginfo.txt"));
        assertTrue(schema().validate(r).isEmpty());
        r.put("verdict", "sleepy");
        ((ObjectNode) r.get("threads").get(0)).put("state", "napping");
        ((ObjectNode) r.get("crash").get("site")).remove("function");
        List<String> where = schema().validate(r).stream().map(e -> e.getInstanceLocation().toString()).toList();
        assertFalse(where.isEmpty());
        assertTrue(where.stream().anyMatch(w -> w.contains("verdict")), where.toString());
        assertTrue(where.stream().anyMatch(w -> w.contains("threads") && w.contains("state")), where.toString());
        assertTrue(where.stream().anyMatch(w -> w.contains("site")), where.toString());
    }
}
