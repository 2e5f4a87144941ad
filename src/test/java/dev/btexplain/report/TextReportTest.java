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
        assertEquals(1, brief.split("\nThread ", -1).length - 1, "only the flushers' group, which waits inside work: " + brief);
        assertTrue(brief.contains("\nThread 46 (LWP 3661) \"flusher\"") && brief.contains("the same stack and state in 3 more threads"),
                brief);
        String prose = brief.replaceAll("\\s+", " "); // as wrapped at 80 columns
        assertTrue(prose.contains("The stacks of 46 idle threads (4 groups of identical stacks, each a line under "
                + "\"What is normal\") are left out; --all-stacks shows them."), brief);
        assertTrue(prose.contains("- threads 2–41 (40 × unknown role): wait-condvar"), "each idle group still has its line: " + brief);
        assertTrue(prose.contains("- thread 42 (compactor, "), "a thread of a stack of its own too: " + brief);
        assertFalse(brief.contains("Threads with identical stacks:"), "the groups are the lists' lines");
        assertFalse(brief.contains("What is not normal"), "the flushers have their section: the list would repeat it");
        assertTrue(prose.contains("pthread_mutex_lock; blocked when"), "the wait said by the call the program made: " + brief);
        assertFalse(prose.contains("Internal FUTEX_WAIT") || prose.contains("First frame of every pthread"),
                "not the wait's inner calls, nor how every thread starts: " + brief);
        assertTrue(brief.lines().count() <= 66, "the whole report on one screen: " + brief.lines().count() + " lines");

        String all = text(pool, Report::withAllStacks);
        assertEquals(5, all.split("\nThread ", -1).length - 1, "every group's stack: " + all);
        assertTrue(all.contains("Threads with identical stacks:") && !all.contains("--all-stacks"), all);
        assertTrue(all.contains("Internal FUTEX_WAIT") && all.contains("What is not normal"), all);
    }

    @Test
    void aSmallProcessShowsEveryThread() throws Exception {
        String text = text("src/test/resources/captures/gcc/deadlock-three-cycle.txt", UnaryOperator.identity());
        assertFalse(text.contains("--all-stacks"), text);
        assertEquals(4, text.split("\nThread ", -1).length - 1, text);
    }
}
