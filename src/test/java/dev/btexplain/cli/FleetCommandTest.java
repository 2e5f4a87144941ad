package dev.btexplain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** btexplain fleet from the command line: the table, JSON, HTML, and bad arguments as one line. */
class FleetCommandTest {
    private static ExplainCommandTest.Run run(String... args) {
        return ExplainCommandTest.run(args);
    }

    @Test
    void theCapturesOfAFolderAsATableAndAsJson(@TempDir Path dir) throws Exception {
        ExplainCommandTest.Run text = run("fleet", "src/test/resources/captures/gcc", "--top", "3");
        assertEquals(0, text.status(), text.err());
        assertTrue(text.out().matches("(?s)\\d+ reports in \\d+ buckets \\(signature rules [^)]+\\)\n.*"), text.out());
        assertTrue(text.out().contains("deadlock | transfer | a_then_b + transfer | b_then_a"), text.out());
        assertTrue(text.out().contains("not read: ") && text.out().contains("no backtrace found"), "the scripts and truths counted");
        assertTrue(text.out().contains("more buckets (--top N shows more"), text.out());

        ExplainCommandTest.Run json = run("fleet", "src/test/resources/captures/gcc", "--format", "json");
        JsonNode tree = new ObjectMapper().readTree(json.out());
        JsonNode abba = null;
        for (JsonNode b : tree.get("buckets")) {
            abba = b.get("signature").asText().equals("deadlock | transfer | a_then_b + transfer | b_then_a") ? b : abba;
        }
        assertEquals(3, abba.get("count").asInt(), "gdb twice, bt full, a gcore session: " + abba);
        assertEquals(16, abba.get("id").asText().length());

        Path page = dir.resolve("fleet.html");
        ExplainCommandTest.Run html = run("fleet", "src/test/resources/captures/gcc", "--format", "html", "-o", page.toString());
        assertEquals(0, html.status(), html.err());
        String h = Files.readString(page);
        assertTrue(h.startsWith("<!DOCTYPE html>") && h.contains("<code>deadlock | transfer | a_then_b") && h.contains("href=\"file:"), h);
        // each bucket carries its example's full report: the page is whole where the files are not
        assertEquals(tree.get("buckets").size(), h.split("<details><summary>its report</summary><pre>", -1).length - 1);
        assertTrue(h.contains("<pre>gdb backtrace: ") && h.contains("Verdict: deadlock ("), h);
    }

    @Test
    void aPageOfNdjsonReportsCarriesEachExamplesReportReadFromItsLine(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path reports = dir.resolve("reports.ndjson");
        Files.writeString(reports, json.writeValueAsString(java.util.Map.of("report", Files.readString(
                Path.of("src/test/resources/captures/gcc/abort-assert-core.txt")))) + "\n\n" + json.writeValueAsString(java.util.Map.of(
                "report", Files.readString(Path.of("src/test/resources/captures/gcc/deadlock-three-cycle.txt")))) + "\n");
        Path page = dir.resolve("page.html");
        ExplainCommandTest.Run html = run("fleet", reports.toString(), "--format", "html", "-o", page.toString());
        assertEquals(0, html.status(), html.err());
        String h = Files.readString(page);
        assertTrue(h.contains(reports + ":1</a>") && h.contains(reports + ":3</a>"), "the examples by their lines: " + h);
        assertTrue(h.contains("Verdict: crash") && h.contains("Verdict: deadlock"), h);
        assertTrue(h.indexOf("Verdict: deadlock") > h.indexOf(reports + ":3</a>"), "each report in its bucket's row: " + h);
    }

    @Test
    void aChangeOfRulesIsShownBeforeItIsMadeAndAUsersDecisionsAreKept(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("mine.json");
        Files.writeString(mine, "{\"version\": \"mine-1\", \"irrelevant\": [\"parse_header\"]}");
        ExplainCommandTest.Run diff = run("fleet", "src/test/resources/captures/gcc", "--diff-rules", "builtin", mine.toString());
        assertEquals(0, diff.status(), diff.err());
        assertTrue(diff.out().contains("Original: SIGSEGV | parse_header | worker_main\n          New:      SIGSEGV | worker_main"),
                diff.out());
        assertTrue(diff.out().matches("(?s)rules \\S+ → \\S+\\+mine-1: \\d+ reports keep their signature, 3 change\n.*"), diff.out());

        Path decisions = dir.resolve("decisions.json");
        Files.writeString(decisions, "{\"merge\": [{\"into\": \"SIGSEGV | parse_header | worker_main\", "
                + "\"from\": [\"SIGSEGV | strlen | title_length | render_worker\"]}], "
                + "\"split\": [{\"signature\": \"SIGSEGV | descend\", \"max_frames\": 5}]}");
        JsonNode tree = new ObjectMapper().readTree(run("fleet", "src/test/resources/captures/gcc", "--format", "json",
                "--overrides", decisions.toString()).out());
        JsonNode merged = null;
        for (JsonNode b : tree.get("buckets")) {
            if (b.get("signature").asText().equals("SIGSEGV | parse_header | worker_main")) {
                merged = b;
            }
            assertTrue(!b.get("signature").asText().equals("SIGSEGV | strlen | title_length | render_worker"), "merged away");
        }
        assertEquals(4, merged.get("count").asInt(), "the core, the run session, the hung handler's and the merged null argument: "
                + merged);
    }

    @Test
    void aWatchedFolderAddsTheReportsThatArriveAndPrintsTheTopAgain(@TempDir Path dir) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        long now = System.currentTimeMillis();
        Path first = Files.copy(Path.of("src/test/resources/captures/gcc/segv-in-worker-core.txt"), inbox.resolve("a.txt"));
        Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.fromMillis(now - 10_000));
        // a report still being written (changed 3 s from now, as far as the watch can tell) is left for a later look
        Path arrived = Files.copy(Path.of("src/test/resources/captures/gcc/segv-in-worker-run-session.txt"), inbox.resolve("b.txt"));
        Files.setLastModifiedTime(arrived, java.nio.file.attribute.FileTime.fromMillis(now + 3_000));
        java.util.concurrent.CompletableFuture<ExplainCommandTest.Run> watching = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run("fleet", inbox.toString(), "--watch", "300ms", "--polls", "20"));
        ExplainCommandTest.Run r = watching.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("1 reports in 1 buckets"), r.out());
        assertTrue(r.out().contains(": 1 new report file\n2 reports in 1 buckets"), r.out());
        assertEquals(2, r.out().split("SIGSEGV \\| parse_header \\| worker_main", -1).length - 1, "the table, printed twice: " + r.out());
    }

    @Test
    void aWatchedNdjsonFileIsReadAsACollectorAppendsToIt(@TempDir Path dir) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path log = inbox.resolve("crashes.ndjson");
        String line = new ObjectMapper().writeValueAsString(java.util.Map.of("report",
                Files.readString(Path.of("src/test/resources/captures/gcc/segv-in-worker-core.txt")))) + "\n";
        Files.writeString(log, line);
        java.util.concurrent.CompletableFuture<ExplainCommandTest.Run> watching = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run("fleet", inbox.toString(), "--watch", "300ms", "--polls", "15"));
        // a collector appending a report every 200 ms while the watch looks every 300 ms (the file never settles)
        while (!watching.isDone()) {
            Thread.sleep(200);
            Files.writeString(log, line, java.nio.file.StandardOpenOption.APPEND);
        }
        ExplainCommandTest.Run r = watching.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains(": new lines in 1 NDJSON file\n"), r.out());
        String[] counts = r.out().split("\n");
        int last = 0;
        for (String c : counts) {
            if (c.matches("\\d+ reports in 1 buckets.*")) {
                int n = Integer.parseInt(c.substring(0, c.indexOf(' ')));
                assertTrue(n >= last, "the count only grows: " + r.out());
                last = n;
            }
        }
        assertTrue(last > 1, r.out());
    }

    @Test
    void badArgumentsAreOneLine(@TempDir Path dir) throws Exception {
        ExplainCommandTest.Run none = run("fleet");
        assertEquals(2, none.status());
        assertTrue(none.err().startsWith("btexplain: fleet: no INPUT") && none.err().strip().lines().count() == 1, none.err());
        // a topic is read by the Flink engine, streamed (--watch), instead of files
        for (String[] kafka : java.util.List.of(new String[] {"fleet", "--kafka", "localhost:9092/crashes", "--watch", "1s"},
                new String[] {"fleet", "--engine", "in-process", "--kafka", "localhost:9092/crashes", dir.toString()})) {
            ExplainCommandTest.Run r = run(kafka);
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().startsWith("btexplain: fleet --kafka SERVERS/TOPIC reads a topic with --engine flink"), r.err());
        }
        ExplainCommandTest.Run missing = run("fleet", dir.resolve("nothing-here").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().startsWith("btexplain: fleet: ") && missing.err().contains("no such file or folder"), missing.err());
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, "{\"version\": \"x\", \"irrelevant\": [\"(unclosed\"]}");
        ExplainCommandTest.Run bad = run("fleet", "src/test/resources/captures/gcc", "--rules", rules.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("not a regular expression: (unclosed"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        Files.writeString(rules, "{\"version\": \"x\",\n \"irrelevant\": [");
        ExplainCommandTest.Run broken = run("fleet", "src/test/resources/captures/gcc", "--rules", rules.toString());
        assertEquals(2, broken.status());
        assertTrue(broken.err().contains(rules + ": not valid JSON (line 2, column ") && !broken.err().contains("Source:"), broken.err());
        assertEquals(1, broken.err().strip().lines().count(), broken.err());
        for (String[] count : java.util.List.of(new String[] {"--top", "0"}, new String[] {"--top", "-1"},
                new String[] {"--watch", "1s", "--polls", "0"})) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("fleet", "src/test/resources/captures/gcc"));
            args.addAll(java.util.List.of(count));
            ExplainCommandTest.Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().startsWith("btexplain: fleet " + count[count.length - 2] + " ") && r.err().contains("at least 1"), r.err());
        }
        ExplainCommandTest.Run format = run("fleet", "src/test/resources/captures/gcc", "--format", "yaml");
        assertEquals(2, format.status());
        assertTrue(format.err().contains("unknown format 'yaml'"), format.err());
        ExplainCommandTest.Run engine = run("fleet", "src/test/resources/captures/gcc", "--engine", "spark");
        assertEquals(2, engine.status());
        assertTrue(engine.err().contains("unknown engine (in-process, flink)"), engine.err());
        // btexplain's own jar carries no Flink: the engine comes with btexplain-flink's jar, and the error says how
        ExplainCommandTest.Run flink = run("fleet", "src/test/resources/captures/gcc", "--engine", "flink");
        assertEquals(2, flink.status());
        assertTrue(flink.err().contains("java -jar flink/target/btexplain-flink.jar fleet --engine flink"), flink.err());
        assertEquals(1, flink.err().strip().lines().count(), flink.err());
    }
}
