package dev.btexplain.report;

import java.io.IOException;
import java.io.InputStream;
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
    static final String SLOT_START = "<script type=\"application/json\" id=\"btexplain-data\">";
    static final String SLOT_END = "</script><!--END-BTEXPLAIN-DATA-->";

    @Override
    public void render(Report report, Writer out) throws IOException {
        // streamed into the page's slot, escaped as it is written: a report of many threads is never held whole in memory
        out.write(HEAD);
        JsonRenderer.forPage().render(report, out);
        out.write(TAIL);
    }

    @Override
    public void render(Report report, java.io.OutputStream out) throws IOException {
        out.write(HEAD.getBytes(StandardCharsets.UTF_8));
        JsonRenderer.forPage().render(report, out);
        out.write(TAIL.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The \\u escape that keeps a character of JSON inert inside a script element, or null when it needs none: '<', '>'
     * and '&' occur in JSON only inside strings, where their escapes mean the same, so no "</script>" or "<!--" can end
     * or change the script.
     */
    static String escape(char c) {
        return switch (c) {
            case '<' -> "\\u003c";
            case '>' -> "\\u003e";
            case '&' -> "\\u0026";
            case '\u2028' -> "\\u2028";
            case '\u2029' -> "\\u2029";
            default -> null;
        };
    }

    /** The page with no report in its data slot ("null"): the paste page the web server serves. */
    public static String emptyPage() {
        return HEAD + "null" + TAIL;
    }

    /**
     * The page with the hash of its one executable script in its CSP: no other script, inline or injected, may run
     * (the data block is JSON, which a browser never runs).
     */
    private static final String TEMPLATE = withScriptHash(load());
    /** The page up to its data slot's content, and from the slot's end. */
    private static final String HEAD = TEMPLATE.substring(0, slot(TEMPLATE.indexOf(SLOT_START)) + SLOT_START.length());
    private static final String TAIL = TEMPLATE.substring(slot(TEMPLATE.indexOf(SLOT_END)));

    private static int slot(int at) {
        if (at < 0 || TEMPLATE.indexOf(SLOT_END) < TEMPLATE.indexOf(SLOT_START)) {
            throw new IllegalStateException("report/report.html has no data slot");
        }
        return at;
    }

    private static String load() {
        try (InputStream in = HtmlRenderer.class.getResourceAsStream("/report/report.html")) {
            if (in == null) {
                throw new IllegalStateException("report/report.html is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page with the SHA-256 of its one {@code <script>} in place of 'SCRIPT-HASH' in its CSP: that script alone may run. */
    public static String withScriptHash(String page) {
        int open = page.indexOf("<script>");
        int close = page.indexOf("</script>", open);
        if (open < 0 || close < 0 || page.indexOf("<script>", close) >= 0) {
            throw new IllegalStateException("report/report.html must hold exactly one <script> of code");
        }
        String code = page.substring(open + "<script>".length(), close);
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
            return page.replace("'SCRIPT-HASH'", "'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
