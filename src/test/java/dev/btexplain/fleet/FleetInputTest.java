package dev.btexplain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** NDJSON read from its bytes: the lines a reader of text would see, numbered as it would number them. */
class FleetInputTest {
    private record Line(int number, Map<String, FleetInput.Field> fields) {
    }

    private static List<Line> read(byte[] input) throws IOException {
        List<Line> out = new ArrayList<>();
        FleetInput.ndjson(new ByteArrayInputStream(input), (n, f) -> out.add(new Line(n, f)));
        return out;
    }

    private static List<Line> read(String input) throws IOException {
        return read(input.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesEndAtLfCrLfOrCrAndBlankOnesAreCountedNotRead() throws IOException {
        List<Line> lines = read("{\"report\":\"a\"}\r\n\n  \n{\"report\":\"b\"}\r{\"report\":\"c\"}\n{\"report\":\"d\"}");
        assertEquals(List.of(1, 4, 5, 6), lines.stream().map(Line::number).toList());
        assertEquals(List.of("a", "b", "c", "d"), lines.stream().map(l -> l.fields().get("report").text()).toList());
    }

    @Test
    void aLineLongerThanTheBufferAndACrLfAcrossTwoReadsAreWhole() throws IOException {
        String longReport = "#0  f ()\\n".repeat(30_000); // 300 KB: several buffers
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("{\"report\":\"" + longReport + "\"}").getBytes(StandardCharsets.UTF_8));
        // the CR as the last byte of the first buffer, its LF the first of the next
        byte[] pad = new byte[(1 << 16) - b.size() % (1 << 16) - 1];
        java.util.Arrays.fill(pad, (byte) ' ');
        b.writeBytes(pad);
        b.writeBytes("\r\n{\"report\":\"next\"}\n".getBytes(StandardCharsets.UTF_8));
        List<Line> lines = read(b.toByteArray());
        assertEquals(2, lines.size());
        assertEquals(longReport.replace("\\n", "\n"), lines.get(0).fields().get("report").text());
        assertEquals(2, lines.get(1).number());
    }

    @Test
    void fieldsAreTextAndWhatIsNotJsonOrNotUtf8IsSaid() throws IOException {
        byte[] invalidUtf8 = "{\"report\":\"caf\u00ff\", \"n\": 12, \"host\": null, \"o\": {\"x\": [1]}}\nnot json\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        List<Line> lines = read(invalidUtf8);
        Map<String, FleetInput.Field> first = lines.get(0).fields();
        assertEquals("caf\uFFFD", first.get("report").text(), "an invalid byte reads as a replacement character, as a text reader's would");
        assertTrue(first.get("report").string());
        assertEquals(new FleetInput.Field("12", false), first.get("n"));
        assertNull(first.get("host"));
        assertEquals("", first.get("o").text());
        assertNull(lines.get(1).fields(), "not JSON");
        assertEquals(Map.of(), read("[1, 2]\n").get(0).fields(), "JSON but not an object: no fields");
    }

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
    void aLineLongerThanTheLimitIsDroppedAsItIsReadAndSaidTooLong() throws IOException {
        // 300 KB of one line against a 100 KB limit: dropped buffer by buffer, the lines around it read, a CR LF across reads
        String huge = "{\"report\":\"" + "x".repeat(300_000) + "\"}";
        byte[] input = ("{\"report\":\"a\"}\n" + huge + "\r\n" + huge + "\r{\"report\":\"b\"}\n" + huge).getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        FleetInput.ndjson(new ByteArrayInputStream(input), new FleetInput.NdjsonLine() {
            @Override
            public void accept(int number, Map<String, FleetInput.Field> fields) {
                seen.add(number + " " + fields.get("report").text());
            }

            @Override
            public void tooLong(int number) {
                seen.add(number + " too long");
            }
        }, 100_000);
        assertEquals(List.of("1 a", "2 too long", "3 too long", "4 b", "5 too long"), seen);
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
