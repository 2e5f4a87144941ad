package dev.btexplain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.Btexplain;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The HTML report's structure: its data block, no network, and nothing of the input read as markup. */
class HtmlReportTest {
    private static final Path EXAMPLE = Path.of("examples/qemu-idle.txt");

    static String render(Path input, ReportFormat format) throws Exception {
        try (InputStream in = Files.newInputStream(input)) {
            Report r = Btexplain.explain(in, Btexplain.Options.defaults());
            StringWriter w = new StringWriter();
            Btexplain.render(r, format, w, false);
            return w.toString();
        }
    }

    /** The JSON in the page's data slot. */
    static JsonNode data(String html) throws Exception {
        int start = html.indexOf(HtmlRenderer.SLOT_START) + HtmlRenderer.SLOT_START.length();
        int end = html.indexOf(HtmlRenderer.SLOT_END);
        return new ObjectMapper().readTree(html.substring(start, end));
    }

    @Test
    @DisplayName("the data block is the JSON report plus the merged stacks, and matches the JSON renderer")
    void dataBlockIsTheJsonReport() throws Exception {
        JsonNode data = data(render(EXAMPLE, ReportFormat.HTML));
        JsonNode json = new ObjectMapper().readTree(render(EXAMPLE, ReportFormat.JSON));
        assertEquals(json.get("threads"), data.get("threads"));
        assertEquals(json.get("verdict"), data.get("verdict"));
        assertEquals(5, data.get("flame").get("count").asInt(), "one count per thread at the root");
        assertEquals("clone3", data.get("flame").get("children").get(0).get("name").asText());
    }

    @Test
    @DisplayName("the data block of the example's HTML report matches its golden file")
    void dataBlockGolden() throws Exception {
        String html = render(EXAMPLE, ReportFormat.HTML);
        int start = html.indexOf(HtmlRenderer.SLOT_START) + HtmlRenderer.SLOT_START.length();
        String block = html.substring(start, html.indexOf(HtmlRenderer.SLOT_END));
        String pretty = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(new ObjectMapper().readTree(block));
        // the bundled example is the capture qemu72-smp2-prelaunch (the same bytes): its truth file holds for both
        java.nio.file.Path truth = java.nio.file.Path.of("src/test/resources/captures/qemu/qemu72-smp2-prelaunch.truth.json");
        assertEquals(java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/captures/qemu/qemu72-smp2-prelaunch.txt")),
                java.nio.file.Files.readString(EXAMPLE), "the example is the capture");
        dev.btexplain.golden.TruthChecks.assertExplained(new ObjectMapper().readTree(truth.toFile()),
                dev.btexplain.Btexplain.explain(EXAMPLE, dev.btexplain.Btexplain.Options.defaults()));
        dev.btexplain.golden.GoldenFiles.check(dev.btexplain.golden.GoldenFiles.ROOT.resolve("html/qemu-idle.data.json"),
                dev.btexplain.golden.GoldenFiles.normalize(pretty + "\n"), truth);
    }

    @Test
    @DisplayName("the page loads nothing from the network and works from file://")
    void noExternalResources() throws Exception {
        String html = render(EXAMPLE, ReportFormat.HTML);
        Matcher m = Pattern.compile("(?i)(src|href|action)\\s*=\\s*[\"']?(https?:|//)|url\\(\\s*['\"]?(https?:|//)|@import").matcher(html);
        assertFalse(m.find(), () -> "external resource: " + m.group());
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), "a CSP that forbids loading");
        assertTrue(html.contains("script-src 'sha256-") && !html.contains("script-src 'unsafe-inline'"),
                "only the page's own script runs, allowed by its hash");
    }

    @Test
    @DisplayName("a hostile backtrace cannot inject markup: its strings stay inside the JSON block, escaped")
    void hostileInputStaysText() throws Exception {
        String html = render(Path.of("src/test/resources/hostile/script-in-arguments.txt"), ReportFormat.HTML);
        assertEquals(2, html.split("<script", -1).length - 1, "only the page's own script and its JSON data block");
        assertFalse(html.contains("alert(1)</script>") || html.contains("<img src=x"), "no raw markup from the input");
        JsonNode data = data(html);
        assertEquals("<img src=x onerror=alert(2)>", data.get("threads").get(0).get("name").asText(), "the text is kept, as text");
        assertTrue(data.get("threads").get(0).get("frames").get(0).get("args").asText().contains("</script><script>"));
    }

    @Test
    @DisplayName("the data slot holds no raw '<', '>', '&', U+2028 or U+2029, and reads back to the input's text")
    void dataSlotEscapes() throws Exception {
        String args = "s=0x1 \"a<b>&c\u2028d\u2029e\"";
        String listing = "Thread 1 (Thread 0x7f0 (LWP 7) \"t<1>&\"):\n#0  0x0000000000401136 in f (" + args + ") at a.c:3\n";
        StringWriter w = new StringWriter();
        byte[] bytes = listing.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Btexplain.render(Btexplain.explain(new java.io.ByteArrayInputStream(bytes), Btexplain.Options.defaults()),
                ReportFormat.HTML, w, false);
        String html = w.toString();
        String slot = html.substring(html.indexOf(HtmlRenderer.SLOT_START) + HtmlRenderer.SLOT_START.length(),
                html.indexOf(HtmlRenderer.SLOT_END));
        for (char c : new char[] {'<', '>', '&', '\u2028', '\u2029'}) {
            assertEquals(-1, slot.indexOf(c), "raw U+" + Integer.toHexString(c) + " in the data slot");
        }
        JsonNode data = data(html);
        assertEquals("t<1>&", data.get("threads").get(0).get("name").asText());
        assertEquals(args, data.get("threads").get(0).get("frames").get(0).get("args").asText());
        assertTrue(slot.contains("a\\u003cb\\u003e\\u0026c\\u2028d\\u2029e"), "escaped in place: " + slot);
    }

    @Test
    @DisplayName("folded stacks: outermost first, one line per distinct stack, counts add up to the threads")
    void folded() throws Exception {
        String folded = render(EXAMPLE, ReportFormat.FOLDED);
        int total = 0;
        for (String line : folded.split("\n")) {
            assertTrue(line.matches("[^ ].* \\d+"), line);
            total += Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertEquals(5, total);
        assertTrue(folded.contains("_start;__libc_start_main_impl;__libc_start_call_main;qemu_default_main;qemu_main_loop;main_loop_wait;qemu_poll_ns;__ppoll 1\n"), folded);
        assertTrue(folded.contains("clone3;start_thread;??;??;qemu_wait_io_event;qemu_cond_wait_impl;___pthread_cond_wait;__pthread_cond_wait_common;__GI___futex_abstimed_wait_cancelable64;__futex_abstimed_wait_common;__futex_abstimed_wait_common64 2\n"), folded);
    }
}
