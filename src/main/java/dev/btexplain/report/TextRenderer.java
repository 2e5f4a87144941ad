package dev.btexplain.report;

import dev.btexplain.analyze.Diagnosis;
import dev.btexplain.analyze.StackGroup;
import dev.btexplain.analyze.ThreadExplanation;
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
    /** On a narrow terminal the arguments keep at least this much, and the line wraps. */
    private static final int MIN_ARGS_ON_A_TERMINAL = 24;
    /** The width of a report that is not shown on a terminal, or on one whose width is not known. */
    public static final int DEFAULT_WIDTH = 80;
    /** A parenthesised shell loop around a gdb command up to this long is kept on one line, whatever the width. */
    private static final int COMMAND_ROOM = 120;
    /** Above this many threads, identical stacks are printed once. */
    static final int COLLAPSE_ABOVE = 20;
    /** A report a person reads: this many thread sections at most (those not normal first), this many list lines. */
    static final int SECTIONS_SHOWN = 100;
    static final int LINES_SHOWN = 100;

    private final Palette p;
    /** Prose is wrapped at this width; frame lines only on a terminal (elsewhere they are kept as gdb printed them). */
    private final int width;
    private final boolean terminal;

    /** For a file or a pipe: {@link #DEFAULT_WIDTH} columns, frame lines whole. */
    public TextRenderer(Palette palette) {
        this(palette, DEFAULT_WIDTH, false);
    }

    /** For a terminal {@code width} columns wide: frame lines wrap too, as they would anyway, but indented. */
    public TextRenderer(Palette palette, int width, boolean terminal) {
        this.p = palette;
        this.width = Math.max(40, width);
        this.terminal = terminal;
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        write(report, new VisibleWriter(out, p)); // no control character of the input reaches a terminal
    }

    private void write(Report report, Writer out) throws IOException {
        Backtrace bt = report.backtrace();
        InputStats st = bt.stats();
        List<ThreadTrace> threads = bt.threads();
        out.write(p.bold() + String.format(Locale.ROOT, "%s backtrace: %d thread%s, %d frames", bt.format().id(),
                threads.size(), threads.size() == 1 ? "" : "s", frames(threads)) + p.reset() + "\n");
        out.write(wrap(String.format(Locale.ROOT, "read %,d lines: %,d used, %,d skipped as " + (bt.format().id().equals("gdb") ? "gdb " : "")
                + "noise, %,d not understood", st.linesRead(), st.linesUsed(), st.skipped().values().stream().mapToLong(Long::longValue).sum(),
                st.unparsedLines()), "  ") + "\n");
        if (report.capture() != null) {
            out.write(wrap("captured with: " + report.capture().command() + " (" + Wording.captureRuns(report.capture()) + ")", "  ") + "\n");
            for (String note : report.capture().notes()) {
                out.write(p.warning() + wrap("note: " + note, "  ") + p.reset() + "\n");
            }
        }
        if (!report.files().isEmpty()) {
            StringBuilder f = new StringBuilder();
            for (Report.InputFile file : report.files()) {
                f.append(f.length() == 0 ? "" : ", ").append(file.name()).append(" (from line ").append(file.firstLine()).append(')');
            }
            out.write(wrap(report.files().size() + " files read as samples, oldest first: " + f, "  ") + "\n");
        }
        if (bt.snapshots().size() > 1) {
            out.write(report.capture() != null
                    ? String.format(Locale.ROOT, "%d listings, one per sample (threads below are from the last)%n", bt.snapshots().size())
                    : String.format(Locale.ROOT, "%d listings in this input (threads below are from the last; "
                    + "earlier listings start at line%s %s)%n", bt.snapshots().size(),
                    bt.snapshots().size() > 2 ? "s" : "", earlierLines(bt.snapshots())));
        }
        java.util.Set<String> said = new java.util.HashSet<>();
        for (DebuggerEvent e : bt.events()) {
            if (!said.add(e.kind() + e.text()) && e.kind() != DebuggerEvent.Kind.PROGRAM_OUTPUT) {
                continue; // each sample's gdb prints where it stopped: once is enough
            }
            switch (e.kind()) {
                case SWITCHED_TO_THREAD, ALL_THREADS_ASKED, SIGNAL_INFO -> { } // the findings say what these tell
                case STOP_LOCATION -> {
                    String stop = (bt.format() == dev.btexplain.model.InputFormat.LLDB ? "lldb" : "gdb") + " stopped at: " + e.text();
                    out.write(p.dim() + (terminal ? wrap(stop, "  ") : stop) + p.reset() + "\n");
                }
                case PROGRAM_OUTPUT -> out.write("program output: " + e.text() + "\n");
                default -> out.write(p.warning() + e.text() + p.reset() + "\n");
            }
        }
        Diagnosis d = report.analysis().diagnosis();
        out.write("\n" + p.bold() + "Verdict: " + d.verdict().id() + " (" + d.confidence().id() + ")" + p.reset() + "\n");
        for (String o : Wording.observations(d)) {
            out.write(wrap("- " + o, "  ") + "\n");
        }
        // A large process reads in one screen: each group of identical stacks once, naming the other threads, and the
        // groups of idle threads that no finding names by one line each under "What is normal" (--all-stacks shows
        // them). In a small one every thread is shown, and one with the same stack as a thread above refers to it.
        boolean collapse = threads.size() > COLLAPSE_ABOVE;
        boolean idleLeftOut = collapse && !report.allStacks() && report.thread() == null;
        if (report.thread() == null && !idleLeftOut) {
            writeGroups(out, d);
        }
        java.util.Map<ThreadTrace, StackGroup> groupOf = new java.util.IdentityHashMap<>();
        for (StackGroup g : d.groups()) {
            g.threads().forEach(x -> groupOf.put(x.thread(), g));
        }
        java.util.Set<ThreadTrace> named = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        d.findings().stream().filter(f -> f.kind() != dev.btexplain.analyze.Finding.Kind.SUMMARY) // it names every thread
                .forEach(f -> f.threads().forEach(x -> named.add(x.thread())));
        int threadsLeftOut = 0;
        int frameless = 0;
        int groupsLeftOut = 0;
        java.util.Set<String> meaningsSaid = new java.util.HashSet<>();
        java.util.Set<ThreadTrace> sectioned = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<ThreadTrace> shown = report.threadsShown(SECTIONS_SHOWN);
        List<ThreadTrace> order = !collapse ? shown : shown.stream() // the threads that are not normal first, on the first screen
                .sorted(java.util.Comparator.comparing(t -> Wording.isNormal(report.analysis().of(t)))).toList();
        for (ThreadTrace t : order) {
            StackGroup g = groupOf.get(t);
            ThreadExplanation first = g == null ? null : g.threads().get(0);
            if (collapse && first != null && first.thread() != t) {
                continue;
            }
            if (!report.allStacks() && report.thread() == null && t.runtime() != null && t.frames().isEmpty()) {
                frameless++; // a runtime's own thread its dump shows no frame of: its line below says all there is
                continue;
            }
            if (idleLeftOut && g != null && g.threads().stream().allMatch(x -> Wording.isIdle(x) && !named.contains(x.thread()))) {
                threadsLeftOut += g.threads().size();
                groupsLeftOut++;
                continue;
            }
            if (g != null) {
                g.threads().forEach(x -> sectioned.add(x.thread()));
            } else {
                sectioned.add(t);
            }
            out.write("\n");
            writeThread(t, report.analysis().of(t), report.analysis().changedAcrossSamples(t),
                    first != null && first.thread() != t ? first : null, meaningsSaid, idleLeftOut, out);
            if (collapse && g.threads().size() > 1) {
                out.write(p.dim() + wrap("  the same stack and state in " + (g.threads().size() - 1) + " more thread"
                        + (g.threads().size() == 2 ? "" : "s") + ": " + Wording.byName(g.threads().subList(1, g.threads().size()))
                        + Wording.longestWait(g), "    ") + p.reset() + "\n");
            }
        }
        if (threadsLeftOut > 0 || frameless > 0) {
            out.write("\n" + p.dim() + wrap(Wording.leftOut(threadsLeftOut, groupsLeftOut, frameless), "  ") + p.reset() + "\n");
        }
        Wording.Ending ending = Wording.ending(report, shown.size(), LINES_SHOWN);
        if (ending.note() != null) {
            out.write("\n" + p.dim() + wrap(ending.note(), "  ") + p.reset() + "\n");
        }
        // a large process's threads that are not normal each have their section above: their list would say it again
        boolean allSectioned = idleLeftOut && threads.stream().allMatch(t -> Wording.isNormal(report.analysis().of(t)) || sectioned.contains(t));
        for (java.util.Map.Entry<String, List<String>> list : ending.lists().entrySet()) {
            if (!(allSectioned && list.getKey().equals(Wording.NOT_NORMAL))) {
                writeList(out, list.getKey(), list.getValue());
            }
        }
        if (!bt.warnings().isEmpty()) {
            out.write("\n" + p.warning() + "Warnings (" + bt.warnings().size() + "):" + p.reset() + "\n");
            for (ParseWarning w : bt.warnings()) {
                out.write("  " + w.describe() + "\n");
            }
        }
    }

    /** Identical stacks, when some threads share one: how many, which, and what they do. */
    private void writeGroups(Writer out, Diagnosis d) throws IOException {
        if (d.groups().stream().noneMatch(g -> g.threads().size() > 1)) {
            return;
        }
        out.write("\n" + p.bold() + "Threads with identical stacks:" + p.reset() + "\n");
        for (StackGroup g : d.groups().subList(0, Math.min(d.groups().size(), LINES_SHOWN))) {
            List<String> numbers = new java.util.ArrayList<>();
            for (ThreadExplanation t : g.threads()) {
                numbers.add(t.thread().number() != null ? String.valueOf(t.thread().number())
                        : t.thread().lwp() != null ? "LWP " + t.thread().lwp() : "?");
            }
            String ids = Words.ranges(numbers);
            out.write(wrap(String.format(Locale.ROOT, "- %d × %s, %s in %s: thread%s %s%s", g.threads().size(),
                    g.threads().get(0).role().label(), g.state().id(), g.top(), g.threads().size() == 1 ? "" : "s", ids,
                    Wording.longestWait(g)), "  ") + "\n");
        }
        if (d.groups().size() > LINES_SHOWN) {
            out.write("- … and " + (d.groups().size() - LINES_SHOWN) + " more groups (--format json lists them all)\n");
        }
    }

    private void writeList(Writer out, String title, List<String> items) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        out.write("\n" + p.bold() + title + ":" + p.reset() + "\n");
        for (String i : items) {
            out.write(wrap("- " + i, "  ") + "\n");
        }
    }

    /** Lines of at most {@link #width} characters, the following ones indented. */
    private String wrap(String text, String indent) {
        int lead = 0;
        while (lead < text.length() && text.charAt(lead) == ' ') {
            lead++;
        }
        StringBuilder b = new StringBuilder(text.substring(0, lead));
        int lineStart = 0;
        for (String word : keepQuotesWhole(text.substring(lead).split(" "))) {
            if (b.length() - lineStart + word.length() + 1 > width && b.length() > lineStart) {
                b.append('\n').append(indent);
                lineStart = b.length() - indent.length();
            } else if (b.length() > lead) {
                b.append(' ');
            }
            b.append(word);
        }
        return b.toString();
    }

    /**
     * The words of a text with each quoted span ("…" or '…' opened at a word's start) as one word, a gdb command up
     * to its quoted argument, and a parenthesised span around such a command (a shell loop), so that a command a line
     * suggests (gdb -p PID -batch -ex "p …") is never cut in two where a paste would break it.
     */
    private List<String> keepQuotesWhole(String[] words) {
        List<String> out = new java.util.ArrayList<>(words.length);
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            char open = w.isEmpty() ? 0 : w.charAt(0);
            if ((open == '"' || open == '\'') && w.indexOf(open, 1) < 0) {
                int close = i + 1;
                while (close < words.length && words[close].indexOf(open) < 0) {
                    close++;
                }
                if (close < words.length) {
                    w = String.join(" ", java.util.Arrays.asList(words).subList(i, close + 1));
                    i = close;
                }
            }
            out.add(w);
        }
        // and a gdb command from its name to its quoted -ex argument
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).equals("gdb")) {
                for (int j = i + 1; j < Math.min(out.size(), i + 6); j++) {
                    if (out.get(j).startsWith("\"") || out.get(j).startsWith("'")) {
                        String command = String.join(" ", out.subList(i, j + 1));
                        out.subList(i, j + 1).clear();
                        out.add(i, command);
                        break;
                    }
                }
            }
        }
        // and a parenthesised span that holds such a command (a shell loop around it) when it fits on a line
        for (int i = 0; i < out.size(); i++) {
            if (!out.get(i).startsWith("(")) {
                continue;
            }
            int length = 0;
            // a command is kept whole even past a narrow width: a line that overflows still pastes, a broken one not
            int room = Math.max(width, COMMAND_ROOM);
            for (int j = i; j < out.size() && length <= room; j++) {
                length += out.get(j).length() + 1;
                if (out.get(j).matches(".*\\)[.,:;]?")) {
                    if (j > i && length <= room && out.subList(i, j + 1).stream().anyMatch(w -> w.startsWith("gdb "))) {
                        String span = String.join(" ", out.subList(i, j + 1));
                        out.subList(i, j + 1).clear();
                        out.add(i, span);
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** A thread, its explanation and frames; a frame's meaning is printed the first time the report meets it. */
    private void writeThread(ThreadTrace t, ThreadExplanation x, Boolean changed, ThreadExplanation sameAs,
                             java.util.Set<String> meaningsSaid, boolean brief, Writer out) throws IOException {
        StringBuilder h = new StringBuilder();
        String unit = Wording.unit(t).equals("goroutine") ? "Goroutine" : "Thread";
        h.append(t.number() != null ? unit + " " + t.number() : t.lwp() != null ? unit : unit + " (no header)");
        if (t.lwp() != null) {
            h.append(" (LWP ").append(t.lwp()).append(')');
        }
        if (t.name() != null) {
            h.append(" \"").append(t.name()).append('"');
        }
        if (t.current()) {
            h.append(" [current]");
        }
        h.append(" — ").append(x.role().label()).append(", ").append(x.state().id()).append(Wording.stateQualifier(x));
        out.write(p.bold() + wrap(h.toString(), "    ") + p.reset() + "\n");
        if (sameAs != null) {
            out.write(wrap("  As " + Wording.label(sameAs) + " above: the same functions, role and state.", "  ") + "\n");
        } else {
            out.write(wrap("  " + ThreadSentence.of(x), "  ") + "\n");
            String activity = Wording.activity(x);
            if (activity != null) {
                out.write(wrap("  " + activity, "    ") + "\n");
            }
        }
        if (!x.waitsOn().isEmpty()) {
            out.write(p.dim() + wrap("  waits on: " + String.join("; ", WaitsOnText.all(x.waitsOn())), "    ") + p.reset() + "\n");
        }
        if (changed != null) {
            out.write(p.dim() + (changed ? "  its stack changed since the previous listing" : "  same stack as in the previous listing") + p.reset() + "\n");
        }
        for (int i = 0; i < t.frames().size(); i++) {
            out.write(frameLine(t.frames().get(i)));
            out.write('\n');
            String meaning = x.meaning(i);
            // a large process's report says a wait once, by its outermost call (the one the program made), and not
            // how every thread starts
            boolean said = brief && (i >= x.waitFrame() && i < x.waitEnd()
                    || x.path().named(i) && x.path().category(i) == dev.btexplain.knowledge.Category.THREAD_START);
            if (meaning != null && !said && !t.frames().get(i).signalHandler() && meaningsSaid.add(meaning)) {
                out.write(p.dim() + wrap("        " + meaning, "        ") + p.reset() + "\n");
            }
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
            int room = MAX_ARGS;
            if (terminal) {
                // one line per frame on a terminal: the arguments give way to the rest (JSON keeps them whole)
                int rest = b.length() + f.function().length() + 3 + (f.source() == null ? 0 : 4 + f.source().toString().length())
                        + (f.library() == null ? 0 : 6 + f.library().length()) + (f.inlined() ? 10 : 0);
                room = Math.min(MAX_ARGS, Math.max(MIN_ARGS_ON_A_TERMINAL, width - rest - 1));
            }
            args = args.length() > room ? args.substring(0, room) + "…" : args;
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
        if (f.unreliable()) {
            b.append(p.dim()).append(" [unreliable]").append(p.reset());
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
