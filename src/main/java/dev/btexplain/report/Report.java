package dev.btexplain.report;

import dev.btexplain.model.Backtrace;

/** The complete result of one run: what the tool is and what was read. Later stages add their findings here. */
public record Report(ToolInfo tool, Backtrace backtrace) {
}
