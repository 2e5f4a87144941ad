package dev.btexplain.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * {@code --format html}: one self-contained page (inline CSS and JS, no network). The page is the template
 * {@code report/report.html}, itself a valid page, with the JSON report (plus the merged stacks for the flame
 * graph) put into its one data slot; the page's script builds everything from it with text nodes, so nothing
 * from the input is ever read as markup.
 */
public final class HtmlRenderer implements ReportRenderer {
    static final String SLOT_START = "/*BTEXPLAIN-DATA*/";
    static final String SLOT_END = "/*END-BTEXPLAIN-DATA*/";

    @Override
    public void render(Report report, Writer out) throws IOException {
        StringWriter json = new StringWriter();
        new JsonRenderer(true).render(report, json);
        out.write(page(json.toString().strip()));
    }

    /** The template with {@code json} in its data slot; "null" gives the empty paste page. */
    public static String page(String json) {
        String template = template();
        int start = template.indexOf(SLOT_START);
        int end = template.indexOf(SLOT_END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("report/report.html has no data slot");
        }
        return template.substring(0, start + SLOT_START.length()) + scriptSafe(json) + template.substring(end);
    }

    /**
     * JSON that can stand inside a script element: '<', '>' and '&' only occur inside JSON strings, where their
     * \\u escapes mean the same, so no "</script>" or "<!--" can end or change the script.
     */
    static String scriptSafe(String json) {
        StringBuilder b = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                case '\u2028' -> b.append("\\u2028");
                case '\u2029' -> b.append("\\u2029");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String template() {
        try (InputStream in = HtmlRenderer.class.getResourceAsStream("/report/report.html")) {
            if (in == null) {
                throw new IllegalStateException("report/report.html is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
