package dev.btexplain.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The report in a few kilobytes whatever the input, for an AI assistant whose tool results are capped (about 25,000
 * tokens): the verdict and how sure, what was found, one line per group of identical stacks, what is not normal, the
 * locks waited for and what to do next, each list cut at a bound and the cut counted. The JSON keeps the report's own
 * field names (a subset of it); the Markdown puts names and commands in code spans instead of escaping them.
 */
public final class AssistantSummary {
    /** The most entries of each list; the rest are counted in "left_out". */
    public static final int ENTRIES = 12;
    /** The most thread numbers of a group or lock listed; "count" says how many there are. */
    static final int NUMBERS = 12;
    /** The longest sentence kept whole. */
    static final int SENTENCE = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AssistantSummary() {
    }

    /** The summary of a report, as a JSON object. */
    public static ObjectNode json(Report report) throws IOException {
        StringWriter full = new StringWriter();
        new JsonRenderer().render(report, full);
        return of(JSON.readTree(full.toString()));
    }

    /** The summary of a JSON report (the contract's object). */
    static ObjectNode of(JsonNode full) {
        ObjectNode s = JSON.createObjectNode();
        s.set("tool", full.get("tool"));
        s.put("detail", "summary");
        ObjectNode input = s.putObject("input");
        for (String field : new String[] {"format", "lines", "bytes", "truncated"}) {
            input.set(field, full.path("input").get(field));
        }
        s.put("thread_count", full.path("threads").size());
        s.set("verdict", full.get("verdict"));
        s.set("confidence", full.get("confidence"));
        if (full.hasNonNull("crash")) {
            s.set("crash", full.get("crash"));
        }
        ObjectNode left = JSON.createObjectNode();
        s.set("observations", sentences(full.path("observations"), "observations", left));
        s.set("not_normal", sentences(full.path("not_normal"), "not_normal", left));
        ArrayNode groups = s.putArray("groups");
        for (JsonNode g : first(full.path("groups"), "groups", left)) {
            ObjectNode c = groups.addObject();
            c.put("count", g.path("threads").size());
            c.set("threads", numbers(g.path("threads")));
            c.set("role", g.get("role"));
            c.set("state", g.get("state"));
            c.set("top", g.get("top"));
        }
        ArrayNode locks = s.putArray("locks");
        for (JsonNode l : first(full.path("locks"), "locks", left)) {
            ObjectNode c = locks.addObject();
            c.set("label", l.get("label"));
            c.put("waiter_count", l.path("waiters").size());
            c.set("waiters", numbers(l.path("waiters")));
            c.set("owner", l.get("owner"));
            c.set("owner_source", l.get("owner_source"));
            c.set("confirm", l.get("confirm"));
        }
        s.set("next_steps", sentences(full.path("next_steps"), "next_steps", left));
        if (!left.isEmpty()) {
            s.set("left_out", left);
        }
        s.put("full_report", "call the tool again with \"detail\": \"full\" for every thread, frame and piece of evidence");
        return s;
    }

    /** The summary as Markdown for an assistant to read: plain sentences, names in code spans, nothing escaped. */
    public static String markdown(JsonNode s) {
        StringBuilder b = new StringBuilder();
        b.append("**Verdict: ").append(s.path("verdict").asText()).append(" (").append(s.path("confidence").asText())
                .append(")** — ").append(s.path("thread_count").asInt()).append(" threads read from a ")
                .append(s.path("input").path("format").asText()).append(" listing of ").append(s.path("input").path("lines").asLong())
                .append(" lines").append(s.path("input").path("truncated").asBoolean() ? " (cut at the input limit)" : "").append(".\n");
        JsonNode crash = s.path("crash");
        if (crash.isObject()) {
            b.append("\nCrash: ").append(crash.path("signal").asText("?")).append(crash.path("thread").isNumber() ? " in thread "
                    + crash.path("thread").asText() : "").append(crash.hasNonNull("signature") ? "; signature " + code(crash.path("signature").asText()) : "")
                    .append('\n');
        }
        list(b, "Findings", s.path("observations"));
        if (s.path("groups").size() > 0) {
            b.append("\nThreads by identical stack:\n");
            for (JsonNode g : s.path("groups")) {
                b.append("- ").append(g.path("count").asInt()).append(" × ").append(g.path("role").asText()).append(", ")
                        .append(g.path("state").asText()).append(" in ").append(code(g.path("top").asText())).append(": thread")
                        .append(g.path("count").asInt() == 1 ? " " : "s ").append(ids(g.path("threads"), g.path("count").asInt()))
                        .append('\n');
            }
        }
        list(b, "Not normal", s.path("not_normal"));
        if (s.path("locks").size() > 0) {
            b.append("\nLocks waited for:\n");
            for (JsonNode l : s.path("locks")) {
                b.append("- ").append(code(l.path("label").asText())).append(": waiters ")
                        .append(ids(l.path("waiters"), l.path("waiter_count").asInt())).append("; owner ")
                        .append(l.path("owner").isNull() ? "not known" : "thread " + l.path("owner").asText()
                                + (l.path("owner_source").isNull() ? "" : " (" + l.path("owner_source").asText() + ")"))
                        .append(l.path("confirm").isNull() ? "" : "; to read it: " + code(l.path("confirm").asText())).append('\n');
            }
        }
        list(b, "Next steps", s.path("next_steps"));
        if (s.has("left_out")) {
            b.append("\nLeft out of this summary: ");
            java.util.List<String> parts = new java.util.ArrayList<>();
            s.path("left_out").fields().forEachRemaining(e -> parts.add(e.getValue().asInt() + " " + e.getKey().replace('_', ' ')));
            b.append(String.join(", ", parts)).append(".\n");
        }
        b.append("\nThe full report (every thread, frame and piece of evidence): call again with `\"detail\": \"full\"`.\n");
        return b.toString();
    }

    private static void list(StringBuilder b, String title, JsonNode items) {
        if (items.size() == 0) {
            return;
        }
        b.append('\n').append(title).append(":\n");
        for (JsonNode i : items) {
            b.append("- ").append(MarkdownRenderer.escape(i.asText())).append('\n');
        }
    }

    private static String code(String name) {
        return MarkdownRenderer.code(name);
    }

    /** The thread numbers as ranges, and how many more there are. */
    private static String ids(JsonNode numbers, int count) {
        java.util.List<String> all = new java.util.ArrayList<>();
        numbers.forEach(n -> all.add(n.asText()));
        return Words.ranges(all) + (count > numbers.size() ? " and " + (count - numbers.size()) + " more" : "");
    }

    private static java.util.List<JsonNode> first(JsonNode array, String name, ObjectNode left) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        if (out.size() > ENTRIES) {
            left.put(name, out.size() - ENTRIES);
            return out.subList(0, ENTRIES);
        }
        return out;
    }

    private static ArrayNode sentences(JsonNode array, String name, ObjectNode left) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode s : first(array, name, left)) {
            String text = s.asText();
            out.add(text.length() > SENTENCE ? text.substring(0, SENTENCE) + "…" : text);
        }
        return out;
    }

    /** The lowest thread numbers of a list, ascending, at most {@link #NUMBERS}. */
    private static ArrayNode numbers(JsonNode array) {
        java.util.List<Long> all = new java.util.ArrayList<>();
        array.forEach(n -> all.add(n.isNumber() ? n.asLong() : -1));
        all.removeIf(n -> n < 0);
        java.util.Collections.sort(all);
        ArrayNode out = JSON.createArrayNode();
        all.subList(0, Math.min(all.size(), NUMBERS)).forEach(out::add);
        return out;
    }
}
