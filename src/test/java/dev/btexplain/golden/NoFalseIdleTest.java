package dev.btexplain.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.analyze.Verdict;
import dev.btexplain.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Idle stays proven or honestly possible, never a hang's name: no capture whose truth says hung, deadlock, busy or
 * crash (any verdict list without idle) is called idle, in the project's captures and, when ../shared is there, the
 * shared corpus. Its own test, beside the truth checks, so that the rule reads as one.
 */
class NoFalseIdleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> noHangIsCalledIdle() throws IOException {
        List<Path[]> cases = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/captures"))) {
            s.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(p ->
                    cases.add(new Path[] {p, p.resolveSibling(p.getFileName().toString().replace(".txt", ".truth.json"))}));
        }
        if (Files.isDirectory(CorpusTest.CORPUS)) {
            try (Stream<Path> s = Files.walk(CorpusTest.CORPUS)) {
                s.filter(p -> p.toString().endsWith(".txt") && !p.getFileName().toString().equals("README.txt")).sorted()
                        .forEach(p -> cases.add(new Path[] {p, CorpusTest.truthOf(p, CorpusTest.CORPUS.relativize(p).toString())}));
            }
        }
        return cases.stream().filter(c -> Files.exists(c[1])).map(c -> DynamicTest.dynamicTest(c[0].toString(), () -> check(c[0], c[1])));
    }

    private static void check(Path capture, Path truthFile) throws Exception {
        JsonNode truth = JSON.readTree(truthFile.toFile());
        JsonNode v = truth.get("verdict");
        if (v == null) {
            return; // a capture kept for its parse, not its verdict
        }
        List<String> verdicts = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(x -> verdicts.add(x.asText()));
        } else {
            verdicts.add(v.asText());
        }
        if (verdicts.contains("idle")) {
            return;
        }
        Report report = CorpusTest.explain(capture);
        assertNotEquals(Verdict.IDLE, report.analysis().diagnosis().verdict(), capture + ": its truth says " + verdicts);
        assertFalse(report.analysis().diagnosis().findings().stream().anyMatch(f -> f.kind() == dev.btexplain.analyze.Finding.Kind.IDLE),
                capture + ": no idle finding for a capture that is not idle");
    }
}
