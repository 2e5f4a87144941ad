package dev.btexplain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** Files, folders, gzip and slices of large NDJSON files: every report read once, under its file and line. */
class FleetInputTest {
    @Test
    void aLargeNdjsonFileReadInSlicesGivesTheReportsOfTheWholeFileUnderTheSameLines(@TempDir java.nio.file.Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        String[] ends = {"\n", "\r\n", "\r", "\n\n"};
        for (int i = 0; i < 200; i++) {
            b.append(i % 17 == 5 ? "not json" : "{\"report\":\"#0  f" + i + " ()\", \"host\": \"h" + i % 3 + "\"}").append(ends[i % ends.length]);
        }
        java.nio.file.Path file = dir.resolve("big.ndjson");
        java.nio.file.Files.writeString(file, b.toString());
        List<String> whole = new ArrayList<>();
        FleetInput.read(List.of(file), r -> whole.add(r.source() + " " + r.text() + " " + r.host()), (source, why) -> whole.add(source + " " + why));
        List<List<String>> batches = FleetInput.batches(List.of(file), 64, 500);
        assertTrue(batches.size() > 10, "sliced: " + batches.size());
        List<String> sliced = new ArrayList<>();
        for (List<String> batch : batches) {
            FleetInput.readBatch(batch, r -> sliced.add(r.source() + " " + r.text() + " " + r.host()), (source, why) -> sliced.add(source + " " + why));
        }
        assertEquals(whole, sliced);
        // the 5th line is blank (the 4th ended with two line feeds): the 6th report is on line 7
        assertTrue(whole.contains(file + ":1 #0  f0 () h0") && whole.contains(file + ":7 not a JSON object"), whole.get(5));
        assertEquals(List.of(List.of(file.toString())), FleetInput.batches(List.of(file), 64), "not sliced below the slice size");
    }
    @Test
    void aReportOverJacksonsOwnStringLimitIsRead(@TempDir java.nio.file.Path dir) throws IOException {
        // Jackson refuses strings over 20 MB unless told: a 24 MB report is read from NDJSON as from a file of its own
        java.nio.file.Path file = dir.resolve("large.ndjson");
        String text = "#0  main () at m.c:1\n" + "y".repeat(24 << 20);
        java.nio.file.Files.writeString(file, "{\"report\":\"" + text.replace("\n", "\\n") + "\"}\n");
        List<Integer> lengths = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        FleetInput.read(List.of(file), r -> lengths.add(r.text().length()), (source, why) -> skipped.add(why));
        assertEquals(List.of(text.length()), lengths);
        assertEquals(List.of(), skipped);
    }

    @Test
    void aGzipFileCutShortKeepsTheReportsBeforeTheCut(@TempDir java.nio.file.Path dir) throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(packed)) {
            for (int i = 0; i < 5_000; i++) {
                z.write(("{\"report\":\"#0  f" + i + " () at f.c:" + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        java.nio.file.Path cut = dir.resolve("cut.ndjson.gz");
        byte[] all = packed.toByteArray();
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        java.nio.file.Files.write(dir.resolve("whole.ndjson.gz"), all);
        List<String> read = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        FleetInput.read(List.of(dir), r -> read.add(r.source()), (source, why) -> skipped.add(source + ": " + why));
        long fromCut = read.stream().filter(s -> s.startsWith(cut.toString())).count();
        assertTrue(fromCut > 1_000 && fromCut < 5_000, "the reports before the cut: " + fromCut);
        assertEquals(5_000, read.size() - fromCut, "the whole file after the cut one is read");
        assertEquals(List.of(cut + ": gzip data cut short: the reports before the cut are read"), skipped);
    }
}
