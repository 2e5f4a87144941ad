package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.btexplain.TestInputs;
import dev.btexplain.model.Backtrace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every input, damaged the ways pastes get damaged (lines cut at random points, bytes dropped, garbage and
 * NUL bytes inserted, lines swapped), still parses without an exception, and every line is still accounted
 * for. Seeded, so a failure reproduces.
 */
class MangledInputTest {

    @Test
    void damagedInputsNeverThrowAndLoseNoLine() throws IOException {
        Random random = new Random(20261126);
        int runs = 0;
        for (Path f : TestInputs.textFiles("src/test/resources/captures", "src/test/resources/parse")) {
            byte[] original = Files.readAllBytes(f);
            for (int round = 0; round < 12; round++) {
                byte[] damaged = damage(original, random);
                Backtrace bt;
                try {
                    bt = new GdbParser().parse(new LineSource(new ByteArrayInputStream(damaged), Long.MAX_VALUE));
                } catch (RuntimeException e) {
                    throw new AssertionError(f + " round " + round + " threw " + e, e);
                }
                long accounted = bt.stats().linesUsed() + bt.stats().unparsedLines()
                        + bt.stats().skipped().values().stream().mapToLong(Long::longValue).sum();
                assertEquals(bt.stats().linesRead(), accounted, f + " round " + round + ": every line in one bucket");
                runs++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(runs > 100, "ran " + runs);
    }

    private static byte[] damage(byte[] in, Random r) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= in.length; i++) {
            if (i == in.length || in[i] == '\n') {
                byte[] l = new byte[i - start];
                System.arraycopy(in, start, l, 0, l.length);
                lines.add(l);
                start = i + 1;
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int k = 0; k < lines.size(); k++) {
            byte[] l = lines.get(k);
            int op = r.nextInt(12);
            switch (op) {
                case 0 -> l = java.util.Arrays.copyOf(l, l.length == 0 ? 0 : r.nextInt(l.length)); // cut
                case 1 -> { // drop a byte
                    if (l.length > 1) {
                        int at = r.nextInt(l.length);
                        byte[] m = new byte[l.length - 1];
                        System.arraycopy(l, 0, m, 0, at);
                        System.arraycopy(l, at + 1, m, at, l.length - at - 1);
                        l = m;
                    }
                }
                case 2 -> { // insert garbage, NUL or invalid UTF-8
                    byte[] junk = {(byte) r.nextInt(256), 0, (byte) 0xC3, '(', '"', ')', '\\'};
                    int at = l.length == 0 ? 0 : r.nextInt(l.length);
                    byte[] m = new byte[l.length + 1];
                    System.arraycopy(l, 0, m, 0, at);
                    m[at] = junk[r.nextInt(junk.length)];
                    System.arraycopy(l, at, m, at + 1, l.length - at);
                    l = m;
                }
                case 3 -> { // swap with the next line
                    if (k + 1 < lines.size()) {
                        lines.set(k, lines.get(k + 1));
                        lines.set(k + 1, l);
                        l = lines.get(k);
                    }
                }
                default -> { }
            }
            out.writeBytes(l);
            if (k + 1 < lines.size() || r.nextBoolean()) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }
}
