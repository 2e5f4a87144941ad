package dev.btexplain.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/knowledge.md, as a user runs it: the workq capture is "unknown" with the built-in
 * packs (nothing says where workq waits when it has nothing to do) and "idle" with --knowledge docs/example-pack/workq.
 */
class ExamplePackTest {
    private static final Path CAPTURE = Path.of("src/test/resources/captures/example-pack/workq-idle.txt");
    private static final Path PACK = Path.of("docs/example-pack/workq");

    @Test
    @DisplayName("without its pack, an idle program is idle as far as the shape of its stacks tells: possible")
    void possiblyIdleWithoutPack() throws Exception {
        Report report = Btexplain.explain(CAPTURE, Btexplain.Options.defaults());
        assertEquals("idle", report.analysis().diagnosis().verdict().id());
        assertEquals("possible", report.analysis().diagnosis().confidence().id(), "read from the stacks' shape alone");
        StringWriter text = new StringWriter();
        Btexplain.render(report, ReportFormat.TEXT, text, false);
        String words = text.toString().replaceAll("\\s+", " "); // the text report wraps its lines
        assertTrue(words.contains("parked at the top of its loop"), words);
        assertTrue(words.contains("an idle wait and a wait for something that never comes look alike"),
                "says what the shape cannot tell");
    }

    @Test
    @DisplayName("with docs/example-pack/workq, every thread is at its home wait and the process is idle")
    void idleWithPack() throws Exception {
        KnowledgeBase kb = KnowledgeLoader.loadWith(List.of(PACK));
        Report report = Btexplain.explain(CAPTURE, new Btexplain.Options(Btexplain.Options.DEFAULT_MAX_INPUT_BYTES, kb));
        assertEquals("idle", report.analysis().diagnosis().verdict().id());
        List<ThreadExplanation> threads = report.backtrace().threads().stream().map(report.analysis()::of).toList();
        assertEquals(List.of("workq.worker", "workq.worker", "workq.main"), threads.stream().map(t -> t.role().id()).toList());
        for (ThreadExplanation t : threads) {
            assertEquals("idle", t.activity().id(), "activity of thread " + t.thread().number());
        }
        StringWriter text = new StringWriter();
        Btexplain.render(report, ReportFormat.TEXT, text, false);
        assertTrue(text.toString().contains("waits on queue_ready for a job"), text.toString());
        assertTrue(text.toString().contains("Takes a job from the queue"), "the pack's function meanings are used");
    }
}
