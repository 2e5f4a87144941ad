package dev.btexplain.analyze;

import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.ReportKind;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The report a tool printed about the process or the kernel (a kernel oops or lockup, lockdep, a sanitizer),
 * as knowledge/reports.json names it: its kind decides the verdict.
 *
 * @param kind  the kind of report
 * @param line  the report line that names it
 * @param lines every report line, in order ("BUG: kernel NULL pointer dereference ...", "Oops: 0000 [#1] SMP")
 * @param kinds the kind of each of those lines, null where the line names none (a follow-up like "Oops: ...")
 */
record Reported(ReportKind kind, DebuggerEvent line, List<String> lines, List<ReportKind> kinds) {
    /** Most severe first: a log that holds a hang and then a panic is a crash, and says the hang too. */
    private static final List<String> SEVERITY = List.of("crash", "deadlock", "hung", "busy", "unknown", "idle");

    /** The most severe report whose kind the knowledge base knows (the first of equals), or null. */
    static Reported find(Backtrace bt, KnowledgeBase kb) {
        List<String> lines = new ArrayList<>();
        List<ReportKind> kinds = new ArrayList<>();
        ReportKind best = null;
        DebuggerEvent bestLine = null;
        for (DebuggerEvent e : bt.events()) {
            if (e.kind() != DebuggerEvent.Kind.KERNEL_REPORT && e.kind() != DebuggerEvent.Kind.SANITIZER_REPORT
                    && e.kind() != DebuggerEvent.Kind.RUNTIME_REPORT) {
                continue;
            }
            lines.add(e.text());
            ReportKind k = kb.reportKind(bt.format().id(), e.text());
            kinds.add(k);
            if (k == null) {
                continue;
            }
            if (best == null || SEVERITY.indexOf(k.verdict()) < SEVERITY.indexOf(best.verdict())) {
                best = k;
                bestLine = e;
            }
        }
        return best == null ? null : new Reported(best, bestLine, lines, kinds);
    }

    /** The report's own lines as one message: its headline and the lines that follow it up to the next known kind, at most three. */
    String message() {
        int from = lines.indexOf(line.text());
        List<String> own = new ArrayList<>(List.of(line.text()));
        for (int i = from + 1; i < lines.size() && own.size() < 3 && kinds.get(i) == null; i++) {
            own.add(lines.get(i));
        }
        return String.join(" / ", own);
    }

    /** "3 × kernel hung task, sysrq-w: blocked tasks, kernel panic": the reports a log holds; null when it holds one. */
    String summary() {
        if (kinds.stream().filter(java.util.Objects::nonNull).count() < 2) {
            return null;
        }
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        kinds.stream().filter(java.util.Objects::nonNull).forEach(k -> counts.merge(k.label(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((label, n) -> parts.add(n == 1 ? label : n + " × " + label));
        return String.join(", ", parts);
    }

    boolean kernel() {
        return kind.formats().contains("kernel");
    }

    /** A language runtime's own report (a Go panic): its lines are the crash's message, as a kernel report's are. */
    boolean runtime() {
        return line.kind() == DebuggerEvent.Kind.RUNTIME_REPORT;
    }
}
