package dev.btexplain.report;

import java.io.IOException;
import java.io.Writer;

/** {@code --format folded}: "a;b;c 3" lines (outermost first) that FlameGraph's flamegraph.pl and speedscope read. */
public final class FoldedRenderer implements ReportRenderer {
    @Override
    public void render(Report report, Writer out) throws IOException {
        write(report, new VisibleWriter(out, Palette.none())); // no control character of the input reaches a terminal
    }

    private void write(Report report, Writer out) throws IOException {
        // the frames' names alone: no analysis needed; written as walked, never held whole
        FlameTree.of(report.backtrace().snapshots(), null).folded(out);
    }
}
