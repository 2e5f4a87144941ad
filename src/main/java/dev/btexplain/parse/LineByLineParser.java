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
