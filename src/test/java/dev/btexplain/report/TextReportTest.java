package dev.btexplain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The text report of a large process: the stacks that matter whole, the idle groups one line each. */
class TextReportTest {
    private static String text(String capture, UnaryOperator<Report> how) throws Exception {
        StringWriter out = new StringWriter();
        try (var in = Files.newInputStream(Path.of(capture))) {
            Btexplain.render(how.apply(Btexplain.explain(in, Btexplain.Options.defaults())), ReportFormat.TEXT, out, false);
        }
        return out.toString();
    }

    @Test
    void aPoolShowsTheStacksOfItsStuckThreadsAndOneLinePerIdleGroup() throws Exception {
        String pool = "src/test/resources/captures/gcc/pool-50-threads.txt";
        String brief = text(pool, UnaryOperator.identity());
        assertEquals(3, brief.split("\nThread ", -1).length - 1, "the flushers' group, which waits inside work, and the two "
                + "threads of a stack of their own: " + brief);
        assertTrue(brief.contains("\nThread 46 (LWP 3661) \"flusher\"") && brief.indexOf("\nThread 46 (LWP 3661) \"flusher\"") < brief.indexOf("\nThread 42 (LWP 3657) \"compactor\""),
                "the threads that are not normal first: " + brief);
        String prose = brief.replaceAll("\\s+", " "); // as wrapped at 80 columns
        assertTrue(prose.contains("The stacks of 44 idle threads in 2 pools (groups of identical stacks, each a line under "
                + "\"What is normal\") are left out; --all-stacks shows them."), brief);
        assertTrue(prose.contains("- threads 2–41 (40 × unknown role): wait-condvar"), "each idle group still has its line: " + brief);
        assertFalse(brief.contains("Threads with identical stacks:"), "the groups are the lists' lines");
        int stuck = (int) brief.lines().takeWhile(l -> !l.startsWith("Thread 42 ")).count();
        assertTrue(stuck <= 50, "the verdict, the findings and the stuck threads' stack on the first screen: " + stuck + " lines");

        String all = text(pool, Report::withAllStacks);
        assertEquals(5, all.split("\nThread ", -1).length - 1, "every group's stack: " + all);
        assertTrue(all.contains("Threads with identical stacks:") && !all.contains("--all-stacks"), all);
    }

    @Test
    void aSmallProcessShowsEveryThread() throws Exception {
        String text = text("src/test/resources/captures/gcc/deadlock-three-cycle.txt", UnaryOperator.identity());
        assertFalse(text.contains("--all-stacks"), text);
        assertEquals(4, text.split("\nThread ", -1).length - 1, text);
    }
}
