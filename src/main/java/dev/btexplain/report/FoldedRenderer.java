package dev.btexplain.report;

import java.io.IOException;
import java.io.Writer;

/** {@code --format folded}: "a;b;c 3" lines (outermost first) that FlameGraph's flamegraph.pl and speedscope read. */
public final class FoldedRenderer implements ReportRenderer {
    @Override
    public void render(Report report, Writer out) throws IOException {
        StringBuilder b = new StringBuilder();
        FlameTree.of(report.backtrace().snapshots(), null).folded(b); // the frames' names alone: no analysis needed
        out.write(b.toString());
    }
}
