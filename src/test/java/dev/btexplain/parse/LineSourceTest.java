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
}
