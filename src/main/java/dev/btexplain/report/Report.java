package dev.btexplain.report;

import dev.btexplain.analyze.Analysis;
import dev.btexplain.model.Backtrace;
import java.util.List;

/**
 * The complete result of one run: what the tool is, what was read, and what it means.
 *
 * @param files the files read one after the other as samples (oldest first), empty for one file or a stream
 */
public record Report(ToolInfo tool, Backtrace backtrace, Analysis analysis, List<InputFile> files) {
    public Report {
        files = List.copyOf(files);
    }

    public Report(ToolInfo tool, Backtrace backtrace, Analysis analysis) {
        this(tool, backtrace, analysis, List.of());
    }

    /** One of several input files, and the input line its text starts at. */
    public record InputFile(String name, int firstLine) {
    }
}
