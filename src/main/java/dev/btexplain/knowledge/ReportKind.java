package dev.btexplain.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
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
    private static final List<String> CONFIDENCES = List.of("certain", "likely", "possible");
    private static final List<String> FORMATS = List.of("kernel", "proc-stack", "asan", "lsan", "tsan", "ubsan");

    static List<ReportKind> read(String file, byte[] bytes) throws KnowledgeException {
        JsonNode root = KnowledgeLoader.parse(file, bytes);
        List<ReportKind> kinds = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode n : root.path("reports")) {
            String where = file + " entry " + i++ + " (" + n.path("id").asText("?") + ")";
            String id = KnowledgeLoader.required(n, "id", where);
            if (!ids.add(id)) {
                throw new KnowledgeException(where + ": duplicate id");
            }
            List<String> formats = new ArrayList<>();
            for (JsonNode f : n.path("formats")) {
                if (!FORMATS.contains(f.asText())) {
                    throw new KnowledgeException(where + ": unknown format \"" + f.asText() + "\" (one of " + FORMATS + ")");
                }
                formats.add(f.asText());
            }
            if (formats.isEmpty()) {
                throw new KnowledgeException(where + ": \"formats\" is missing or empty");
            }
            String verdict = oneOf(KnowledgeLoader.required(n, "verdict", where), VERDICTS, "verdict", where);
            String ifWaiting = KnowledgeLoader.optional(n, "verdict_if_waiting");
            if (ifWaiting != null) {
                oneOf(ifWaiting, VERDICTS, "verdict_if_waiting", where);
            }
            String source = KnowledgeLoader.sourceShape(KnowledgeLoader.required(n, "source", where), where);
            kinds.add(new ReportKind(id, formats, KnowledgeLoader.compile(KnowledgeLoader.required(n, "pattern", where), where),
                    KnowledgeLoader.required(n, "label", where), verdict, ifWaiting,
                    oneOf(KnowledgeLoader.required(n, "confidence", where), CONFIDENCES, "confidence", where),
                    KnowledgeLoader.required(n, "meaning", where), KnowledgeLoader.required(n, "read_first", where), source,
                    KnowledgeLoader.required(n, "checked", where)));
        }
        return kinds;
    }

    private static String oneOf(String value, List<String> allowed, String field, String where) throws KnowledgeException {
        if (!allowed.contains(value)) {
            throw new KnowledgeException(where + ": " + field + " \"" + value + "\" is not one of " + allowed);
        }
        return value;
    }
}
