package dev.btexplain.report;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Frame;
import dev.btexplain.model.InputStats;
import dev.btexplain.model.ParseWarning;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The report for a terminal: what was read, each thread's call path, then what could not be read. */
public final class TextRenderer implements ReportRenderer {
    /** Argument text longer than this is cut in the text report (JSON keeps it whole). */
    private static final int MAX_ARGS = 160;

    private final Palette p;

    public TextRenderer(Palette palette) {
        this.p = palette;
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        Backtrace bt = report.backtrace();
        InputStats st = bt.stats();
        List<ThreadTrace> threads = bt.threads();
        out.write(p.bold() + String.format(Locale.ROOT, "%s backtrace: %d thread%s, %d frames", bt.format().id(),
                threads.size(), threads.size() == 1 ? "" : "s", frames(threads)) + p.reset() + "\n");
        out.write(String.format(Locale.ROOT, "read %,d lines: %,d used, %,d skipped as gdb noise, %,d not understood%n",
                st.linesRead(), st.linesUsed(), st.skipped().values().stream().mapToLong(Long::longValue).sum(),
                st.unparsedLines()));
        if (bt.snapshots().size() > 1) {
            out.write(String.format(Locale.ROOT, "%d listings in this input (threads below are from the last; "
                    + "earlier listings start at line%s %s)%n", bt.snapshots().size(),
                    bt.snapshots().size() > 2 ? "s" : "", earlierLines(bt.snapshots())));
        }
        for (DebuggerEvent e : bt.events()) {
            switch (e.kind()) {
                case SWITCHED_TO_THREAD -> { }
                case STOP_LOCATION -> out.write(p.dim() + "gdb stopped at: " + e.text() + p.reset() + "\n");
                case PROGRAM_OUTPUT -> out.write("program output: " + e.text() + "\n");
                default -> out.write(p.warning() + e.text() + p.reset() + "\n");
            }
        }
        for (ThreadTrace t : threads) {
            out.write("\n");
            writeThread(t, out);
        }
        if (!bt.warnings().isEmpty()) {
            out.write("\n" + p.warning() + "Warnings (" + bt.warnings().size() + "):" + p.reset() + "\n");
            for (ParseWarning w : bt.warnings()) {
                out.write("  " + w.describe() + "\n");
            }
        }
    }

    private void writeThread(ThreadTrace t, Writer out) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append(t.number() != null ? "Thread " + t.number() : "Thread (no header)");
        if (t.lwp() != null) {
            h.append(" (LWP ").append(t.lwp()).append(')');
        }
        if (t.name() != null) {
            h.append(" \"").append(t.name()).append('"');
        }
        if (t.current()) {
            h.append(" [current]");
        }
        out.write(p.bold() + h + p.reset() + "\n");
        for (Frame f : t.frames()) {
            out.write(frameLine(f));
            out.write('\n');
        }
        if (t.stopReason() != null) {
            out.write(p.dim() + "  backtrace stopped: " + t.stopReason() + p.reset() + "\n");
        }
        if (t.moreFramesFollow()) {
            out.write(p.dim() + "  (more frames follow: the listing was limited)" + p.reset() + "\n");
        }
    }

    private String frameLine(Frame f) {
        StringBuilder b = new StringBuilder("  #").append(f.index());
        while (b.length() < 6) {
            b.append(' ');
        }
        if (f.signalHandler()) {
            return b.append(p.warning()).append("<signal handler called>").append(p.reset()).toString();
        }
        b.append(p.function()).append(f.function().isEmpty() ? "(no name)" : f.function()).append(p.reset());
        String args = f.args();
        if (args != null) {
            args = args.length() > MAX_ARGS ? args.substring(0, MAX_ARGS) + "…" : args;
            b.append(p.dim()).append(" (").append(args).append(')').append(p.reset());
        }
        if (f.source() != null) {
            b.append(" at ").append(f.source());
        }
        if (f.library() != null) {
            b.append(" from ").append(f.library());
        }
        if (f.inlined()) {
            b.append(p.dim()).append(" [inlined]").append(p.reset());
        }
        if (!f.locals().isEmpty()) {
            b.append(p.dim()).append(" [").append(f.locals().size()).append(" locals]").append(p.reset());
        }
        return b.toString();
    }

    private static int frames(List<ThreadTrace> threads) {
        int n = 0;
        for (ThreadTrace t : threads) {
            n += t.frames().size();
        }
        return n;
    }

    private static String earlierLines(List<Snapshot> snapshots) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < snapshots.size() - 1; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(snapshots.get(i).line());
        }
        return b.toString();
    }
}
