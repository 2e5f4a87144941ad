package dev.btexplain.report;

import java.io.IOException;
import java.io.Writer;

/** Writes a report in one form. Output is deterministic: the same report gives the same bytes. */
public interface ReportRenderer {
    void render(Report report, Writer out) throws IOException;
}
