package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import java.io.IOException;

/**
 * The loop the simpler formats share: every line read once, blank lines counted, every other line handed to
 * {@link #read}, which puts it in exactly one bucket of the {@link TraceBuilder}.
 */
abstract class LineByLineParser implements BacktraceParser {

    @Override
    public final Backtrace parse(LineSource lines) throws IOException {
        TraceBuilder b = builder();
        String line;
        while ((line = lines.next()) != null) {
            line = collapseLongBlanks(line);
            String t = line.strip();
            if (t.isEmpty()) {
                b.skip("blank");
                blank(b);
            } else {
                read(b, line, t, lines.lineNumber());
            }
        }
        end(b);
        return b.build(format(), lines);
    }

    /** A run of blanks longer than this inside a line is cut to this length. */
    static final int LONGEST_BLANK_RUN = 64;

    /**
     * A line whose blanks run on for thousands of characters (a paste padded to a terminal's width, a mangled log)
     * reads as if each long run were cut short: the formats' patterns, whose optional parts are separated by blanks,
     * would otherwise try every split of the run, which costs the square of its length.
     */
    static String collapseLongBlanks(String line) {
        // a longer run covers one of every (LONGEST_BLANK_RUN + 1)th characters: only those, and the runs through
        // them, are read (every line of a large log passes here)
        boolean longRun = false;
        for (int i = LONGEST_BLANK_RUN; i < line.length() && !longRun; i += LONGEST_BLANK_RUN + 1) {
            if (!isBlank(line.charAt(i))) {
                continue;
            }
            int from = i;
            int to = i;
            while (from > 0 && isBlank(line.charAt(from - 1))) {
                from--;
            }
            while (to < line.length() && isBlank(line.charAt(to))) {
                to++;
            }
            longRun = to - from > LONGEST_BLANK_RUN;
        }
        // the run's first blanks stay (a tab among them may mean something to a format): a run costs at most its square
        return longRun ? line.replaceAll("([ \\t]{" + LONGEST_BLANK_RUN + "})[ \\t]+", "$1") : line;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    TraceBuilder builder() {
        return new TraceBuilder();
    }

    /** A blank line: most formats carry on; a sanitizer report ends the stack. */
    void blank(TraceBuilder b) {
    }

    /** After the last line: what a format keeps pending until the next line is written out. */
    void end(TraceBuilder b) {
    }

    /** One non-blank line: {@code line} as read, {@code t} stripped, {@code n} its 1-based number. */
    abstract void read(TraceBuilder b, String line, String t, int n);
}
