package dev.btexplain.report;

import dev.btexplain.analyze.Analysis;
import dev.btexplain.model.Backtrace;

/** The complete result of one run: what the tool is, what was read, and what it means. */
public record Report(ToolInfo tool, Backtrace backtrace, Analysis analysis) {
}
