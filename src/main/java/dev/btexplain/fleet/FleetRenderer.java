package dev.btexplain.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.btexplain.report.ToolInfo;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A fleet's buckets in words and markup (the fleet's own report stage, after the engine): a table for a terminal (the top N), JSON or NDJSON for machines, one self-contained HTML page. */
public final class FleetRenderer {
    private FleetRenderer() {
    }

    public static void text(Fleet.Result r, String rulesVersion, int top, Writer out) throws IOException {
        List<Bucket> buckets = r.buckets().sorted();
        long reports = r.buckets().reports();
        out.write(String.format(Locale.ROOT, "%,d reports in %,d buckets (signature rules %s)%n", reports, buckets.size(), rulesVersion));
        for (Map.Entry<String, Fleet.Skipped> s : r.skipped().entrySet()) {
            out.write(notRead(s) + "\n");
        }
        out.write(String.format(Locale.ROOT, "%n%8s %6s  %-21s %-16s %s%n", "reports", "share", "first – last seen", "versions", "signature"));
        for (Bucket b : buckets.subList(0, Math.min(top, buckets.size()))) {
            String seen = b.firstSeen() == null ? "" : shortTime(b.firstSeen()) + " – " + shortTime(b.lastSeen());
            String versions = b.versions().isEmpty() ? "" : b.versions().size() <= 2 ? String.join(", ", b.versions())
                    : b.versions().get(0) + " … " + b.versions().get(b.versions().size() - 1) + " (" + b.versions().size() + ")";
            out.write(String.format(Locale.ROOT, "%,8d %5.1f%%  %-21s %-16s %s%n", b.count(), 100.0 * b.count() / Math.max(1, reports),
                    seen, versions, b.signature().text()));
            out.write(String.format(Locale.ROOT, "%8s %6s  e.g. %s (%s); id %s, ended by %s%n", "", "", b.example(), b.exampleVerdict(),
                    b.signature().id(), b.signature().endedBy()));
        }
        if (buckets.size() > top) {
            out.write(String.format(Locale.ROOT, "… and %,d more buckets (--top N shows more; --format json lists them all)%n",
                    buckets.size() - top));
        }
        out.flush();
    }

    /** What a change of rules does to a set of reports: Socorro's Original / New table, and how many stay the same. */
    public static void diff(Fleet.Diff d, String originalVersion, String changedVersion, boolean json, Writer out) throws IOException {
        long moved = d.changed().values().stream().mapToLong(Long::longValue).sum();
        if (json) {
            JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("original_rules", originalVersion);
            g.writeStringField("new_rules", changedVersion);
            g.writeNumberField("same", d.same());
            g.writeNumberField("changed", moved);
            g.writeArrayFieldStart("changes");
            for (Map.Entry<List<String>, Long> e : d.changed().entrySet()) {
                g.writeStartObject();
                g.writeNumberField("count", e.getValue());
                g.writeStringField("original", e.getKey().get(0));
                g.writeStringField("new", e.getKey().get(1));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            out.write('\n');
            out.flush();
            return;
        }
        out.write(String.format(Locale.ROOT, "rules %s → %s: %,d reports keep their signature, %,d change%n", originalVersion,
                changedVersion, d.same(), moved));
        for (Map.Entry<String, Fleet.Skipped> s : d.skipped().entrySet()) {
            out.write(notRead(s) + "\n");
        }
        for (Map.Entry<List<String>, Long> e : d.changed().entrySet()) {
            out.write(String.format(Locale.ROOT, "%n%,8d  Original: %s%n          New:      %s%n", e.getValue(), e.getKey().get(0), e.getKey().get(1)));
        }
        out.flush();
    }

    /** "not read: 3 (no backtrace found; the first: a.txt)": reports left out for one reason. */
    private static String notRead(Map.Entry<String, Fleet.Skipped> s) {
        return String.format(Locale.ROOT, "not read: %,d (%s; the first: %s)", s.getValue().count(), s.getKey(), s.getValue().first());
    }

    /** "2026-12-06T08:14:17Z" → "2026-12-06 08:14": a time as a column holds it. */
    private static String shortTime(String t) {
        String s = t.replace('T', ' ');
        return s.length() > 16 ? s.substring(0, 16) : s;
    }

    public static void json(Fleet.Result r, String rulesVersion, Writer out, boolean lines) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        if (lines) {
            for (Bucket b : r.buckets().sorted()) {
                bucket(g, b);
                g.flush();
                out.write('\n');
            }
            g.flush();
            return;
        }
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeObjectFieldStart("tool");
        g.writeStringField("name", ToolInfo.current().name());
        g.writeStringField("version", ToolInfo.current().version());
        g.writeEndObject();
        g.writeStringField("rules_version", rulesVersion);
        g.writeNumberField("reports", r.buckets().reports());
        g.writeArrayFieldStart("skipped");
        for (Map.Entry<String, Fleet.Skipped> s : r.skipped().entrySet()) {
            g.writeStartObject();
            g.writeStringField("why", s.getKey());
            g.writeNumberField("count", s.getValue().count());
            g.writeStringField("first", s.getValue().first());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("buckets");
        for (Bucket b : r.buckets().sorted()) {
            bucket(g, b);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.write('\n');
        out.flush();
    }

    private static void bucket(JsonGenerator g, Bucket b) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", b.signature().id());
        g.writeStringField("signature", b.signature().text());
        g.writeStringField("kind", b.signature().kind());
        g.writeNumberField("count", b.count());
        g.writeStringField("first_seen", b.firstSeen());
        g.writeStringField("last_seen", b.lastSeen());
        g.writeArrayFieldStart("versions");
        for (String v : b.versions()) {
            g.writeString(v);
        }
        g.writeEndArray();
        g.writeNumberField("hosts", b.hosts());
        g.writeStringField("example", b.example());
        g.writeStringField("example_verdict", b.exampleVerdict());
        g.writeStringField("ended_by", b.signature().endedBy());
        g.writeArrayFieldStart("frames");
        for (String f : b.signature().frames()) {
            g.writeString(f);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * One page, no network: the buckets as a table sorted by count, each column sortable by a click; each example links
     * to its file and carries its full report ({@code reports}: by the example's source, from {@link Examples}).
     */
    public static void html(Fleet.Result r, String rulesVersion, Map<String, String> reports, Writer out) throws IOException {
        List<Bucket> buckets = r.buckets().sorted();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'SCRIPT-HASH'\">"
                + "<title>btexplain fleet</title><style>body{font:14px system-ui,sans-serif;margin:16px}"
                + "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
                + "th{cursor:pointer}td.n{text-align:right}code{font-size:12.5px}pre{font-size:12px;max-width:100ch;overflow-x:auto}"
                + "</style></head><body>\n");
        b.append("<h1>btexplain fleet</h1><p>").append(esc(String.format(Locale.ROOT, "%,d reports in %,d buckets (signature rules %s)",
                r.buckets().reports(), buckets.size(), rulesVersion))).append("</p>\n");
        for (Map.Entry<String, Fleet.Skipped> s : r.skipped().entrySet()) {
            b.append("<p>").append(esc(notRead(s))).append("</p>\n");
        }
        b.append("<table id=\"buckets\"><thead><tr><th data-n>reports</th><th>signature</th><th>first seen</th><th>last seen</th>"
                + "<th>versions</th><th data-n>hosts</th><th>example</th></tr></thead><tbody>\n");
        for (Bucket x : buckets) {
            b.append("<tr><td class=\"n\">").append(x.count()).append("</td><td><code>").append(esc(x.signature().text()))
                    .append("</code><br><small>id ").append(x.signature().id()).append(", ended by ").append(esc(x.signature().endedBy()))
                    .append("</small></td><td>").append(esc(x.firstSeen() == null ? "" : x.firstSeen())).append("</td><td>")
                    .append(esc(x.lastSeen() == null ? "" : x.lastSeen())).append("</td><td>").append(esc(String.join(", ", x.versions())))
                    .append("</td><td class=\"n\">").append(x.hosts()).append("</td><td>").append(link(x.example())).append(" (")
                    .append(esc(x.exampleVerdict())).append(")");
            String report = reports.get(x.example());
            if (report != null) {
                b.append("<details><summary>its report</summary><pre>").append(esc(report)).append("</pre></details>");
            }
            b.append("</td></tr>\n");
        }
        // a click on a column's header sorts by it (numbers as numbers), a second click the other way
        b.append("</tbody></table>\n<script>\n"
                + "document.querySelectorAll('#buckets th').forEach((th, col) => th.addEventListener('click', () => {\n"
                + "  const body = document.querySelector('#buckets tbody'), rows = [...body.rows];\n"
                + "  const num = th.hasAttribute('data-n'), dir = th.dataset.dir === 'up' ? -1 : 1;\n"
                + "  th.dataset.dir = dir === 1 ? 'up' : 'down';\n"
                + "  const key = (r) => { const c = r.cells[col], t = (c.querySelector('code') || c).textContent; return num ? Number(t) : t; };\n"
                + "  rows.sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * dir);\n"
                + "  body.append(...rows);\n"
                + "}));\n</script></body></html>\n");
        out.write(dev.btexplain.report.HtmlRenderer.withScriptHash(b.toString()));
        out.flush();
    }

    /** The example as a link to its file (an NDJSON line's file: every report of it). */
    private static String link(String source) {
        String href = Examples.fileOf(source).toAbsolutePath().toUri().toString();
        return "<a href=\"" + esc(href) + "\">" + esc(source) + "</a>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
