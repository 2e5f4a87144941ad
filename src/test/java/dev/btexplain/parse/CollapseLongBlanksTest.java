package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The blank-run cut reads only every 65th character of a line: it cuts exactly the lines a full scan would. */
class CollapseLongBlanksTest {

    @Test
    void cutsExactlyTheRunsAFullScanFinds() {
        Random random = new Random(15);
        int cut = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder();
            int parts = 1 + random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                int run = random.nextInt(4) == 0 ? 60 + random.nextInt(10) : random.nextInt(80);
                for (int i = 0; i < run; i++) {
                    line.append(random.nextInt(5) == 0 ? '\t' : ' ');
                }
                for (int i = random.nextInt(30); i >= 0; i--) {
                    line.append((char) ('a' + random.nextInt(26)));
                }
            }
            String s = line.toString();
            String expected = fullScan(s);
            assertEquals(expected, LineByLineParser.collapseLongBlanks(s), s);
            cut += expected.equals(s) ? 0 : 1;
        }
        assertEquals(true, cut > 1000, "lines with a run cut: " + cut);
    }

    /** The cut as it was first written: every character read. */
    private static String fullScan(String line) {
        int run = 0;
        boolean longRun = false;
        for (int i = 0; i < line.length() && !longRun; i++) {
            char c = line.charAt(i);
            run = c == ' ' || c == '\t' ? run + 1 : 0;
            longRun = run > LineByLineParser.LONGEST_BLANK_RUN;
        }
        return longRun ? line.replaceAll("([ \\t]{" + LineByLineParser.LONGEST_BLANK_RUN + "})[ \\t]+", "$1") : line;
    }
}
