package dev.btexplain.golden;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares a rendered report with its golden file under src/test/resources/golden, or rewrites the golden
 * file when the build runs with -Dgolden.update=true (the diff then goes to review like code).
 */
public final class GoldenFiles {
    public static final Path ROOT = Path.of("src/test/resources/golden");
    private static final int DIFF_LINES = 40;

    private GoldenFiles() {
    }

    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    /** Removes what changes from build to build: the tool's version. */
    public static String normalize(String json) {
        return json.replaceFirst("(\"version\" : \")[^\"]*\"", "$1VERSION\"");
    }

    /**
     * Compares (or, updating, rewrites) a golden file. {@code truth} is the truth file its input was checked against
     * just before: a golden records output, a truth what is known to be true, and no golden is written without one.
     */
    public static void check(Path golden, String actual, Path truth) throws IOException {
        if (truth == null || !Files.exists(truth)) {
            fail("no truth file for " + golden + (truth == null ? "" : " (expected " + truth + ")") + ": write what is known to be "
                    + "true of its input (verdict, the threads that matter) from how it was made or its bug thread, then its golden");
        }
        if (updating()) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            fail("no golden file " + golden + "; create it with: mvn test -Dgolden.update=true  (then review the diff)");
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail("output differs from " + golden + " (rewrite with -Dgolden.update=true if the change is right):\n"
                    + diff(expected, actual));
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * What a capture's golden guards, in a few lines a person reviews: the verdict and how sure, each thread's role,
     * state and activity (with how sure, and the rule behind the activity), the findings by kind, the crash and the
     * locks. Read from the JSON report, so that a wording change does not touch it.
     */
    public static String summary(String jsonReport) throws IOException {
        com.fasterxml.jackson.databind.JsonNode r = JSON.readTree(jsonReport);
        StringBuilder b = new StringBuilder();
        b.append("verdict: ").append(r.path("verdict").asText()).append(' ').append(r.path("confidence").asText()).append('\n');
        for (com.fasterxml.jackson.databind.JsonNode t : r.path("threads")) {
            b.append("thread ").append(t.path("number").isNull() ? "lwp:" + t.path("lwp").asText() : t.path("number").asText())
                    .append(": ").append(t.path("role").asText()).append(" (").append(t.path("role_confidence").asText()).append("), ")
                    .append(t.path("state").asText()).append(", ").append(t.path("activity").asText());
            if (t.has("activity_confidence")) {
                b.append(" (").append(t.path("activity_confidence").asText()).append(')');
            }
            if (!t.path("wait_kind").isNull() && t.has("wait_kind")) {
                b.append(", waits for ").append(t.path("wait_kind").asText());
            }
            for (com.fasterxml.jackson.databind.JsonNode e : t.path("evidence")) {
                String rule = e.path("rule").asText();
                if (rule.startsWith("activity.") || rule.startsWith("shape.")) {
                    b.append(" [").append(rule).append(']');
                }
            }
            b.append('\n');
        }
        List<String> kinds = new java.util.ArrayList<>();
        r.path("findings").forEach(f -> kinds.add(f.path("kind").asText() + (f.path("not_normal").asBoolean() ? "!" : "")));
        b.append("findings: ").append(String.join(", ", kinds)).append('\n');
        com.fasterxml.jackson.databind.JsonNode crash = r.path("crash");
        if (!crash.isMissingNode() && !crash.isNull()) {
            b.append("crash: thread ").append(crash.path("thread").asText()).append(", ").append(crash.path("signal").asText())
                    .append(", ").append(crash.path("signature").asText()).append('\n');
        }
        for (com.fasterxml.jackson.databind.JsonNode l : r.path("locks")) {
            b.append("lock ").append(l.path("symbol").isNull() ? l.path("address").asText() : l.path("symbol").asText())
                    .append(": waiters ").append(l.path("waiters")).append(", owner ").append(l.path("owner").asText())
                    .append(" (").append(l.path("owner_source").asText()).append(")\n");
        }
        return b.toString();
    }

    /** The first differing lines of both sides, numbered: enough to see what changed. */
    public static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        int i = 0;
        while (i < e.size() && i < a.size() && e.get(i).equals(a.get(i))) {
            i++;
        }
        StringBuilder sb = new StringBuilder("@@ line " + (i + 1) + " @@\n");
        int shown = 0;
        for (int k = i; k < Math.max(e.size(), a.size()) && shown < DIFF_LINES; k++) {
            String el = k < e.size() ? e.get(k) : null;
            String al = k < a.size() ? a.get(k) : null;
            if (el != null && el.equals(al)) {
                continue;
            }
            if (el != null) {
                sb.append("-").append(k + 1).append(": ").append(el).append('\n');
            }
            if (al != null) {
                sb.append("+").append(k + 1).append(": ").append(al).append('\n');
            }
            shown++;
        }
        return sb.toString();
    }
}
