package dev.btexplain.knowledge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kind of report a tool prints about a process or the kernel (knowledge/reports.json): a kernel soft lockup, a
 * lockdep circular dependency, an ASan heap-use-after-free. Its report line decides the verdict.
 *
 * @param id               stable id ("kernel.soft-lockup", "asan.heap-use-after-free")
 * @param formats          the input formats that print it (CONTRACT.md ids)
 * @param pattern          found in the report line
 * @param label            a short name for a person
 * @param verdict          the verdict it gives (CONTRACT.md)
 * @param verdictIfWaiting the verdict instead when the reported task's innermost frame waits for something else
 *                         (a soft lockup spinning on other CPUs is a hang, not work), null when the same
 * @param confidence       how strongly the report decides it
 * @param meaning          what the report says happened, in our words
 * @param readFirst        which part of the report to read first, and what to look for
 * @param source           {@code owner/repo: path} of the code that prints it
 * @param checked          how the entry was checked against that code
 */
public record ReportKind(String id, List<String> formats, Pattern pattern, String label, String verdict,
                         String verdictIfWaiting, String confidence, String meaning, String readFirst, String source,
                         String checked) {
    static final List<String> VERDICTS = List.of("idle", "busy", "hung", "deadlock", "crash", "unknown");
    private static final List<String> FORMATS = List.of("kernel", "proc-stack", "asan", "lsan", "tsan", "ubsan", "go", "faulthandler", "python-traceback", "java-exception");

    static List<ReportKind> read(String file, byte[] bytes) throws KnowledgeException {
        List<ReportKind> kinds = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (PackJson.Reports.Report n : PackJson.read(file, bytes, PackJson.Reports.class).reports()) {
            String where = file + " entry " + i++ + " (" + (n.id() == null ? "?" : n.id()) + ")";
            String id = PackReader.required(n.id(), "id", where);
            if (!ids.add(id)) {
                throw new KnowledgeException(where + ": duplicate id");
            }
            for (String f : n.formats()) {
                if (!FORMATS.contains(f)) {
                    throw new KnowledgeException(where + ": unknown format \"" + f + "\" (one of " + FORMATS + ")");
                }
            }
            if (n.formats().isEmpty()) {
                throw new KnowledgeException(where + ": \"formats\" is missing or empty");
            }
            String verdict = PackReader.oneOf(PackReader.required(n.verdict(), "verdict", where), VERDICTS, "verdict", where);
            if (n.verdictIfWaiting() != null) {
                PackReader.oneOf(n.verdictIfWaiting(), VERDICTS, "verdict_if_waiting", where);
            }
            kinds.add(new ReportKind(id, List.copyOf(n.formats()), PackReader.compile(PackReader.required(n.pattern(), "pattern", where), where),
                    PackReader.required(n.label(), "label", where), verdict, n.verdictIfWaiting(),
                    PackReader.confidence(PackReader.required(n.confidence(), "confidence", where), where),
                    PackReader.required(n.meaning(), "meaning", where), PackReader.required(n.readFirst(), "read_first", where),
                    PackReader.source(n.source(), where), PackReader.required(n.checked(), "checked", where)));
        }
        return kinds;
    }
}
