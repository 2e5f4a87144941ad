package dev.btexplain.report;

import dev.btexplain.analyze.Analysis;
import dev.btexplain.model.Backtrace;
import java.util.List;

/**
 * The complete result of one run: what the tool is, what was read, and what it means.
 *
 * @param analysis what the stacks mean; null when only the stacks were read (folded output)
 * @param files   the files read one after the other as samples (oldest first), empty for one file or a stream
 * @param capture how the input was captured by btexplain itself, null for text it was given
 * @param thread  the one thread (gdb's number) the text and Markdown forms explain, with the verdict above it; null: all
 * @param allStacks the text form shows every group's stack; otherwise a listing of more than
 *                {@link TextRenderer#COLLAPSE_ABOVE} threads shows only the stacks of threads that are not normal
 */
public record Report(ToolInfo tool, Backtrace backtrace, Analysis analysis, List<InputFile> files, CaptureSummary capture,
                     Integer thread, boolean allStacks) {
    public Report {
        files = List.copyOf(files);
    }

    public Report(ToolInfo tool, Backtrace backtrace, Analysis analysis, List<InputFile> files, CaptureSummary capture) {
        this(tool, backtrace, analysis, files, capture, null, false);
    }

    public Report(ToolInfo tool, Backtrace backtrace, Analysis analysis) {
        this(tool, backtrace, analysis, List.of(), null);
    }

    /** The same report explaining only thread {@code number} in text and Markdown; null when the listing has no such thread. */
    public Report onlyThread(int number) {
        boolean present = backtrace.threads().stream().anyMatch(t -> t.number() != null && t.number() == number);
        return present ? new Report(tool, backtrace, analysis, files, capture, number, allStacks) : null;
    }

    /** The same report with every group's stack in the text form. */
    public Report withAllStacks() {
        return new Report(tool, backtrace, analysis, files, capture, thread, true);
    }

    /** The threads the text and Markdown forms show whole: the one asked for, or those {@link Wording#threadsToShow} picks. */
    List<dev.btexplain.model.ThreadTrace> threadsShown(int limit) {
        return thread == null ? Wording.threadsToShow(backtrace.threads(), analysis, limit)
                : backtrace.threads().stream().filter(t -> thread.equals(t.number())).toList();
    }

    /**
     * How a live process or core was captured.
     *
     * @param command the gdb command line of the first listing
     * @param pauseMs the longest single gdb run: the longest a live process was stopped
     * @param runs    how many gdb runs it took (listings and the lock-owner query)
     * @param notes   what the capture could not do
     * @param live    a live process (attach), not a core file: only then was a process stopped
     */
    public record CaptureSummary(String command, long pauseMs, int runs, List<String> notes, boolean live) {
        public CaptureSummary {
            notes = List.copyOf(notes);
        }
    }

    /** One of several input files, and the input line its text starts at. */
    public record InputFile(String name, int firstLine) {
    }
}
