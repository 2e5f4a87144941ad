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
    @DisplayName("without its pack, an idle program is not called idle")
    void unknownWithoutPack() throws Exception {
        Report report = Btexplain.explain(CAPTURE, Btexplain.Options.defaults());
        assertEquals("unknown", report.analysis().diagnosis().verdict().id());
        StringWriter text = new StringWriter();
        Btexplain.render(report, ReportFormat.TEXT, text, false);
        assertTrue(text.toString().contains("Not shown to be idle: thread 3 (workq-worker) waits for a condition variable"),
                text.toString());
        assertTrue(text.toString().contains("neither normal nor known to be stuck"), "the waits are not called work either");
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
