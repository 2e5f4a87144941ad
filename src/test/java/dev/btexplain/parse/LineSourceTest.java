package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSourceTest {

    private static List<String> lines(LineSource src) throws IOException {
        List<String> out = new ArrayList<>();
        String l;
        while ((l = src.next()) != null) {
            out.add(l);
        }
        return out;
    }

    private static LineSource source(byte[] bytes, long max) {
        return new LineSource(new ByteArrayInputStream(bytes), max);
    }

    @Test
    void lineEndsOfEveryKind() throws IOException {
        LineSource src = source("a\r\nb\nc\r\n\nd".getBytes(StandardCharsets.US_ASCII), Long.MAX_VALUE);
        assertEquals(List.of("a", "b", "c", "", "d"), lines(src));
        assertTrue(src.endedWithoutNewline());
        assertEquals(5, src.lineNumber());
    }

    @Test
    void aCarriageReturnAloneEndsALineToo() throws IOException {
        assertEquals(List.of("a", "b", "", "c"), lines(source("a\rb\r\rc\r".getBytes(StandardCharsets.US_ASCII), Long.MAX_VALUE)));
        // a CR at the end of what one read returned is decided by the next byte: CR LF is one line end
        java.io.InputStream twoReads = new java.io.SequenceInputStream(new ByteArrayInputStream("a\r".getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream("\nb\rc".getBytes(StandardCharsets.US_ASCII))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 2));
            }
        };
        assertEquals(List.of("a", "b", "c"), lines(new LineSource(twoReads, Long.MAX_VALUE)));
    }

    @Test
    void emptyInputHasNoLines() throws IOException {
        LineSource src = source(new byte[0], Long.MAX_VALUE);
        assertNull(src.next());
        assertEquals(0, src.lineNumber());
    }

    @Test
    void nonBreakingSpacesAndTheirMojibakeBecomeSpaces() throws IOException {
        byte[] b = {'#', '0', (byte) 0xC3, (byte) 0x82, (byte) 0xC2, (byte) 0xA0, ' ', 'x', '\n',
            '#', '1', (byte) 0xC2, (byte) 0xA0, 'y', '\n'};
        assertEquals(List.of("#0  x", "#1 y"), lines(source(b, Long.MAX_VALUE)));
    }

    @Test
    void invalidUtf8IsReplacedAndFlagged() throws IOException {
        LineSource src = source(new byte[] {'o', 'k', '\n', 'b', (byte) 0xFF, 'd', '\n'}, Long.MAX_VALUE);
        assertEquals("ok", src.next());
        assertFalse(src.lineHadInvalidUtf8());
        assertEquals("b\uFFFDd", src.next());
        assertTrue(src.lineHadInvalidUtf8());
        assertEquals(1, src.invalidUtf8Lines());
    }

    @Test
    void nulBytesFlagTheLineBinary() throws IOException {
        LineSource src = source(new byte[] {'a', 0, 'b', '\n', 'c', '\n'}, Long.MAX_VALUE);
        src.next();
        assertTrue(src.lineIsBinary());
        src.next();
        assertFalse(src.lineIsBinary());
    }

    @Test
    void overlongLineIsCutAndTheNextLineStillRead() throws IOException {
        int n = LineSource.MAX_LINE_BYTES * 3;
        byte[] b = new byte[n + 4];
        java.util.Arrays.fill(b, 0, n, (byte) 'x');
        b[n] = '\n';
        b[n + 1] = 'o';
        b[n + 2] = 'k';
        b[n + 3] = '\n';
        LineSource src = source(b, Long.MAX_VALUE);
        assertEquals(LineSource.MAX_LINE_BYTES, src.next().length());
        assertTrue(src.lineWasCut());
        assertFalse(src.isAscii(), "a cut line's bytes are gone: only its text may be read");
        assertEquals("ok", src.next());
        assertEquals(2, src.lineNumber());
        assertNull(src.next());
    }

    @Test
    void byteLimitStopsReadingAndSaysSo() throws IOException {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'z';
            }
        };
        LineSource src = new LineSource(endless, 10_000);
        List<String> got = lines(src);
        assertTrue(src.limitReached());
        assertEquals(10_000, src.bytesRead());
        assertEquals(1, got.size());
    }

    @Test
    void linesLongerThanTheBufferStretchAcrossRefills() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        List<String> got = lines(source(sb.toString().getBytes(StandardCharsets.US_ASCII), Long.MAX_VALUE));
        assertEquals(200_000, got.size());
        assertEquals("line 199999", got.get(199_999));
    }

    @Test
    void aBufferThatStartsSmallGrowsForLongLinesOfAStreamOfUnknownLength() throws IOException {
        String[] lines = {"short", "m".repeat(5_000), "l".repeat(70_000), "x".repeat(LineSource.MAX_LINE_BYTES + 500_000), "end"};
        byte[] all = (String.join("\r\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
        // a pipe: a few hundred bytes at a time, and nothing said of what is to come
        InputStream trickle = new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < all.length ? all[at++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == all.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 777), all.length - at);
                System.arraycopy(all, at, b, off, n);
                at += n;
                return n;
            }
        };
        LineSource src = new LineSource(trickle, Long.MAX_VALUE);
        assertEquals(lines[0], src.next());
        assertEquals(lines[1], src.next());
        assertEquals(lines[2], src.next());
        assertEquals(LineSource.MAX_LINE_BYTES, src.next().length());
        assertTrue(src.lineWasCut());
        assertEquals("end", src.next());
        assertNull(src.next());
        assertEquals(all.length, src.bytesRead());
    }

    /** Each line as a parser sees it: its number, text, bytes when ASCII, and what was said of it. */
    private static List<String> everything(LineSource src) throws IOException {
        List<String> out = new ArrayList<>();
        while (src.advance()) {
            out.add(src.lineNumber() + " " + src.text() + " " + (src.isAscii() ? new String(src.bytes(), src.start(), src.end() - src.start(),
                    StandardCharsets.ISO_8859_1) : "-") + " " + src.lineIsBinary() + src.lineHadInvalidUtf8() + src.lineWasCut());
        }
        out.add(src.endedWithoutNewline() + " " + src.bytesRead() + " " + src.limitReached() + " " + src.invalidUtf8Lines());
        return out;
    }

    /**
     * A text in memory read where it is gives the lines a stream of it gives: every input of the project's tests (and
     * hostile ones), whole and under a byte limit that cuts it.
     */
    @Test
    void aTextInMemoryReadsAsItsStream() throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of("src/test/resources"))) {
            for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                byte[] b = java.nio.file.Files.readAllBytes(f);
                if (b.length < LineSource.MAX_LINE_BYTES) {
                    inputs.add(b);
                }
            }
        }
        inputs.add("a\r".getBytes(StandardCharsets.ISO_8859_1));
        inputs.add("a\r\r\n\u00c2\u00a0b\u0000\n\u00ff\n".getBytes(StandardCharsets.ISO_8859_1));
        inputs.add(new byte[0]);
        assertTrue(inputs.size() > 300, inputs.size() + " inputs");
        for (byte[] input : inputs) {
            for (long max : new long[] {Long.MAX_VALUE, input.length / 2}) {
                assertEquals(everything(source(input, max)), everything(LineSource.of(input, max)));
            }
        }
    }
}
