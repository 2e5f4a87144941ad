package dev.btexplain.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Writes a report in one form. Output is deterministic: the same report gives the same bytes. */
public interface ReportRenderer {
    void render(Report report, Writer out) throws IOException;

    /** The same report as UTF-8 bytes; flushed, not closed. */
    default void render(Report report, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        render(report, w);
        w.flush();
    }
}
