package dev.btexplain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Markdown report: one section per group of identical stacks, names and commands in code spans, no markup let through. */
class MarkdownReportTest {
    private static String markdown(String capture) throws Exception {
        StringWriter out = new StringWriter();
        try (var in = Files.newInputStream(Path.of(capture))) {
            Btexplain.render(Btexplain.explain(in, Btexplain.Options.defaults()), ReportFormat.MARKDOWN, out, false);
        }
        return out.toString();
    }

    /** The text with its code spans taken out: what a Markdown renderer would read as markup. */
    private static String outsideCodeSpans(String md) {
        return md.replaceAll("(`+)(?s:.*?)\\1", "");
    }

    @Test
    void aPoolReadsAsItsGroupsWithNamesAsPrinted() throws Exception {
        String md = markdown("src/test/resources/captures/gcc/pool-50-threads.txt");
        assertEquals(5, md.split("\n## Thread ", -1).length - 1, "one section per group of identical stacks");
        assertTrue(md.contains("The same stack and state in 39 more threads: 2–40 \"pool-50\"."), md);
        assertTrue(md.contains("`<cache_lock>`") && md.contains("`gdb -p PID -batch -ex \"p cache_lock.__data.__owner\"`"), md);
        assertTrue(md.contains("`(for i in 1 2 3; do gdb -p PID -batch -ex \"thread apply all bt\"; sleep 2; done)`"), md);
        assertFalse(md.contains("&lt;") || md.contains("\\_"), "nothing escaped for HTML");
    }

    @Test
    void markupInTheInputStaysText() throws Exception {
        String md = markdown("src/test/resources/hostile/script-in-arguments.txt");
        assertTrue(md.contains("<script>"), "shown as written");
        String markup = outsideCodeSpans(md);
        assertFalse(markup.contains("<") || markup.contains(">"), "every angle bracket inside a code span: " + markup);
    }
}
