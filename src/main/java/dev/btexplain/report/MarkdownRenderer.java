package dev.btexplain.report;

import dev.btexplain.analyze.Diagnosis;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.Frame;
import dev.btexplain.model.ThreadTrace;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The report as Markdown, for an issue or a chat: the diagnosis first, then each thread with its call path. */
public final class MarkdownRenderer implements ReportRenderer {
    @Override
    public void render(Report report, Writer out) throws IOException {
        write(report, new VisibleWriter(out, Palette.none())); // no control character of the input reaches a terminal
    }

    private void write(Report report, Writer out) throws IOException {
        Backtrace bt = report.backtrace();
        Diagnosis d = report.analysis().diagnosis();
        out.write("# btexplain report\n\n");
        out.write(String.format(Locale.ROOT, "%s backtrace, %d threads, read %,d lines (%,d not understood).%n%n",
                bt.format().id(), bt.threads().size(), bt.stats().linesRead(), bt.stats().unparsedLines()));
        if (report.capture() != null) {
            out.write("Captured with `" + report.capture().command().replace("`", "'") + "` (" + Wording.captureRuns(report.capture())
                    + ").\n\n");
            list(out, report.capture().notes().stream().map(n -> "note: " + n).toList());
            out.write(report.capture().notes().isEmpty() ? "" : "\n");
        }
        if (bt.snapshots().size() > 1) {
            out.write(bt.snapshots().size() + " listings" + (report.capture() != null ? ", one per sample" : " in this input")
                    + "; the threads below are from the last.\n\n");
        }
        out.write("**Verdict: " + d.verdict().id() + "** (" + d.confidence().id() + ")\n\n");
        list(out, Wording.observations(d));
        java.util.Set<String> meaningsSaid = new java.util.HashSet<>();
        List<ThreadTrace> shown = report.threadsShown(TextRenderer.SECTIONS_SHOWN);
        for (ThreadTrace t : shown) {
            ThreadExplanation x = report.analysis().of(t);
            out.write("\n## Thread " + (t.number() == null ? "(no header)" : t.number())
                    + (t.lwp() == null ? "" : " (LWP " + t.lwp() + ")")
                    + (t.name() == null ? "" : " \"" + escape(t.name()) + "\"")
                    + " — " + escape(x.role().label()) + ", `" + x.state().id() + "`" + Wording.stateQualifier(x) + "\n\n");
            out.write(escape(ThreadSentence.of(x)) + "\n\n");
            String activity = Wording.activity(x);
            if (activity != null) {
                out.write(escape(Wording.upper(activity)) + "\n\n");
            }
            if (!x.waitsOn().isEmpty()) {
                out.write("Waits on: " + escape(String.join("; ", WaitsOnText.all(x.waitsOn()))) + "\n\n");
            }
            Boolean changed = report.analysis().changedAcrossSamples(t);
            if (changed != null) {
                out.write((changed ? "Its stack changed since the previous listing." : "Same stack as in the previous listing.") + "\n\n");
            }
            out.write("| # | function | where | meaning |\n|---|---|---|---|\n");
            for (int i = 0; i < t.frames().size(); i++) {
                Frame f = t.frames().get(i);
                String where = f.source() != null ? f.source().toString() : f.library() != null ? f.library() : "";
                String name = f.signalHandler() ? "&lt;signal handler called&gt;"
                        : "`" + (f.function().isEmpty() ? "(no name)" : f.function()).replace("`", "'") + "`";
                out.write("| " + f.index() + (f.inlined() ? " (inlined)" : "") + (f.unreliable() ? " (unreliable)" : "") + " | " + name + " | "
                        + escape(where) + " | " + (x.meaning(i) == null || !meaningsSaid.add(x.meaning(i)) ? "" : escape(x.meaning(i))) + " |\n");
            }
        }
        Wording.Ending ending = Wording.ending(report, shown.size(), TextRenderer.LINES_SHOWN);
        if (ending.note() != null) {
            out.write("\n" + escape(ending.note()) + "\n");
        }
        for (java.util.Map.Entry<String, List<String>> list : ending.lists().entrySet()) {
            section(out, list.getKey(), list.getValue());
        }
        if (!bt.warnings().isEmpty()) {
            section(out, "Warnings", bt.warnings().stream().map(w -> w.describe()).toList());
        }
    }

    private static void section(Writer out, String title, List<String> items) throws IOException {
        if (!items.isEmpty()) {
            out.write("\n## " + title + "\n\n");
            list(out, items);
        }
    }

    private static void list(Writer out, List<String> items) throws IOException {
        for (String i : items) {
            out.write("- " + escape(i) + "\n");
        }
    }

    /** Table cells and prose: pipes, angle brackets and stars would be taken as Markdown. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*", "\\*").replace("_", "\\_");
    }
}
