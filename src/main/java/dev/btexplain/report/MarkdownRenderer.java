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
        // a process of many threads: one section per group of identical stacks, its other threads named after it
        java.util.Map<ThreadTrace, dev.btexplain.analyze.StackGroup> groupOf = new java.util.IdentityHashMap<>();
        boolean collapse = bt.threads().size() > TextRenderer.COLLAPSE_ABOVE;
        for (dev.btexplain.analyze.StackGroup g : collapse ? d.groups() : List.<dev.btexplain.analyze.StackGroup>of()) {
            g.threads().forEach(x -> groupOf.put(x.thread(), g));
        }
        for (ThreadTrace t : shown) {
            dev.btexplain.analyze.StackGroup group = groupOf.get(t);
            if (group != null && group.threads().get(0).thread() != t) {
                continue;
            }
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
                String name = f.signalHandler() ? "`<signal handler called>`"
                        : code(f.function().isEmpty() ? "(no name)" : f.function()).replace("|", "\\|");
                out.write("| " + f.index() + (f.inlined() ? " (inlined)" : "") + (f.unreliable() ? " (unreliable)" : "") + " | " + name + " | "
                        + cell(where) + " | " + (x.meaning(i) == null || !meaningsSaid.add(x.meaning(i)) ? "" : cell(x.meaning(i))) + " |\n");
            }
            if (group != null && group.threads().size() > 1) {
                out.write("\nThe same stack and state in " + (group.threads().size() - 1) + " more thread"
                        + (group.threads().size() == 2 ? "" : "s") + ": " + escape(Wording.byName(group.threads().subList(1, group.threads().size())))
                        + ".\n");
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

    /**
     * Prose as Markdown: each word that holds a character Markdown would act on (a name's underscores, a symbol's angle
     * brackets, a pointer's star) goes into a code span, its surrounding punctuation outside; an assistant or a person
     * then reads the name as printed, not "&amp;lt;cache\\_lock&amp;gt;", and no markup of the input is rendered.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        // a command to paste is one code span, whole (a gdb command with its quoted arguments, a shell loop around it)
        java.util.regex.Matcher command = COMMAND.matcher(s);
        int at = 0;
        while (command.find()) {
            words(b, s.substring(at, command.start()));
            b.append(code(command.group()));
            at = command.end();
        }
        words(b, s.substring(at));
        return b.length() > 0 && b.charAt(0) == '#' ? "\\" + b : b.toString(); // not a heading
    }

    private static final java.util.regex.Pattern COMMAND = java.util.regex.Pattern.compile(
            "\\(for i in [^()]*?done\\)|gdb -[^\"']*?(?:\"[^\"]*\"|'[^']*')(?: -ex (?:\"[^\"]*\"|'[^']*'))*");

    private static void words(StringBuilder b, String text) {
        String[] words = text.split(" ", -1);
        for (int i = 0; i < words.length; i++) {
            b.append(i == 0 ? "" : " ").append(word(words[i]));
        }
    }

    /** A table cell: prose whose pipes do not end the cell. */
    private static String cell(String s) {
        return escape(s).replace("|", "\\|");
    }

    private static final String MARKDOWN = "\\`*_<>[]|&";

    private static String word(String w) {
        if (w.chars().noneMatch(c -> MARKDOWN.indexOf(c) >= 0)) {
            return w;
        }
        int start = 0;
        while (start < w.length() && "(\"'".indexOf(w.charAt(start)) >= 0) {
            start++;
        }
        int end = w.length();
        while (end > start && ".,;:)\"'!?".indexOf(w.charAt(end - 1)) >= 0) {
            end--;
        }
        return w.substring(0, start) + code(w.substring(start, end)) + w.substring(end);
    }

    /** A code span that holds any text: a delimiter longer than its longest run of backticks, spaced when it starts or ends with one. */
    static String code(String text) {
        if (text.isEmpty()) {
            return text;
        }
        int longest = 0;
        for (int i = 0, run = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = text.startsWith("`") || text.endsWith("`");
        return fence + (pad ? " " + text + " " : text) + fence;
    }
}
