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
import org.junit.jupiter.api.Test;

/** NDJSON read from its bytes: the lines a reader of text would see, numbered as it would number them. */
class NdjsonTest {
    private record Line(int number, Map<String, Ndjson.Field> fields) {
    }

    private static List<Line> read(byte[] input) throws IOException {
        List<Line> out = new ArrayList<>();
        Ndjson.read(new ByteArrayInputStream(input), (n, f) -> out.add(new Line(n, f)));
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
        Map<String, Ndjson.Field> first = lines.get(0).fields();
        assertEquals("caf\uFFFD", first.get("report").text(), "an invalid byte reads as a replacement character, as a text reader's would");
        assertTrue(first.get("report").string());
        assertEquals(new Ndjson.Field("12", false), first.get("n"));
        assertNull(first.get("host"));
        assertEquals("", first.get("o").text());
        assertNull(lines.get(1).fields(), "not JSON");
        assertEquals(Map.of(), read("[1, 2]\n").get(0).fields(), "JSON but not an object: no fields");
    }

    @Test
    void aLineLongerThanTheLimitIsDroppedAsItIsReadAndSaidTooLong() throws IOException {
        // 300 KB of one line against a 100 KB limit: dropped buffer by buffer, the lines around it read, a CR LF across reads
        String huge = "{\"report\":\"" + "x".repeat(300_000) + "\"}";
        byte[] input = ("{\"report\":\"a\"}\n" + huge + "\r\n" + huge + "\r{\"report\":\"b\"}\n" + huge).getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        Ndjson.read(new ByteArrayInputStream(input), new Ndjson.Line() {
            @Override
            public void accept(int number, Map<String, Ndjson.Field> fields) {
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
    void onlyTheWantedLinesAreReadAndNoneAfterTheReaderIsDone() throws IOException {
        List<Integer> accepted = new ArrayList<>();
        Ndjson.read(new ByteArrayInputStream("{\"report\":\"a\"}\nnot json\n{\"report\":\"c\"}\n{\"report\":\"d\"}\n"
                .getBytes(StandardCharsets.UTF_8)), new Ndjson.Line() {
            @Override
            public boolean wanted(int number) {
                return number >= 2;
            }

            @Override
            public void accept(int number, Map<String, Ndjson.Field> fields) {
                accepted.add(number);
            }

            @Override
            public boolean done() {
                return accepted.size() == 2;
            }
        });
        assertEquals(List.of(2, 3), accepted, "line 1 not wanted, line 4 after the reader was done");
    }

    /**
     * A plain line (string, number, true, false and null values, ASCII strings) is read without Jackson: on 20,000
     * generated lines, with escapes, white space, repeated keys and broken pieces among them, each line the plain reader
     * reads gives the fields Jackson gives, and each it leaves to Jackson is one it must (not an object, a value it does
     * not read, a character past ASCII, bad JSON).
     */
    @Test
    void plainLinesAreReadAsJacksonReadsThem() {
        java.util.Random random = new java.util.Random(20261207);
        String[] pieces = {"a", "report", "#0  f (x=1) at a.c:7", "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\b", "\\f", "\\r",
            "\\u0041", "\\u001f", "\\u00e9", "\\ud83d\\ude00", "\\x", "\\u12", "caf\u00e9", "\u0001", " ", "{", "}", ":", ","};
        String[] values = {"12", "-0", "0.5", "1e9", "-3.25E-2", "true", "false", "null", "01", "1.", "+1", "tru", "nul", "[1]",
            "{\"x\": 2}", "NaN", "12x"};
        int plain = 0;
        int askedJackson = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder(random.nextInt(20) == 0 ? " [" : random.nextInt(3) == 0 ? " { " : "{");
            int fields = random.nextInt(5);
            for (int f = 0; f < fields; f++) {
                line.append(f > 0 ? (random.nextBoolean() ? ", " : ",") : "").append('"').append(random.nextInt(4) == 0 ? "report" : "k" + random.nextInt(3))
                        .append(random.nextBoolean() ? "\":" : "\" : ");
                if (random.nextInt(3) == 0) {
                    line.append(values[random.nextInt(values.length)]);
                } else {
                    line.append('"');
                    for (int k = random.nextInt(8); k > 0; k--) {
                        line.append(random.nextInt(3) == 0 ? pieces[random.nextInt(pieces.length)] : pieces[2]);
                    }
                    line.append(random.nextInt(40) == 0 ? "" : "\"");
                }
            }
            line.append(random.nextInt(30) == 0 ? "" : "}").append(random.nextInt(10) == 0 ? " trailing" : "");
            byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
            Map<String, Ndjson.Field> byPlain = PlainJson.object(bytes, 0, bytes.length);
            Map<String, Ndjson.Field> byJackson;
            try {
                byJackson = Ndjson.fields(line.toString());
            } catch (IOException e) {
                byJackson = null;
            }
            if (byPlain != null) {
                plain++;
                assertEquals(byJackson, byPlain, line.toString());
                byPlain.forEach((k, v) -> assertEquals(java.util.Arrays.toString(v.text().getBytes(StandardCharsets.UTF_8)),
                        java.util.Arrays.toString(v.utf8()), line.toString()));
            } else {
                askedJackson++;
                assertTrue(byJackson == null || !(line.charAt(0) == '{') || notPlain(line.toString()),
                        "left to Jackson, which reads it as plain: " + line);
            }
        }
        assertTrue(plain > 5_000 && askedJackson > 2_000, plain + " read plainly, " + askedJackson + " by Jackson");
    }

    /** What the plain reader leaves to Jackson in a line Jackson reads: a character past ASCII or a control one, an escape of one, an array or object. */
    private static boolean notPlain(String line) {
        return line.chars().anyMatch(c -> c >= 0x80 || c < 0x20) || line.contains("\\u00e9") || line.contains("\\ud83d")
                || line.contains("[1]") || line.contains("{\"x");
    }
}
