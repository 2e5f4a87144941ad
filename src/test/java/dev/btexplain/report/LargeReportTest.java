package dev.btexplain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.Btexplain;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A report of many threads reads as a summary in text and Markdown; JSON keeps every thread and each meaning once. */
class LargeReportTest {
    private static Report explain() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int t = 3000; t >= 1; t--) {
            b.append("Thread ").append(t).append(" (Thread 0x7f00").append(Integer.toHexString(0x10000 + t)).append(" (LWP ")
                    .append(10000 + t).append(") \"w").append(t).append("\"):\n");
            if (t == 1777) { // the one thread that waits inside work: it must be shown whole
                b.append("#0  0x00007f0000001000 in __GI___poll (fds=0x1, nfds=1, timeout=-1) at ../sysdeps/unix/sysv/linux/poll.c:29\n");
                b.append("#1  0x0000555555555189 in read_config (fd=3) at prog.c:12\n");
                for (int d = 0; d < 7; d++) { // deep inside work, not parked at the top of a loop
                    b.append("#1  0x00005555555551").append(d).append("0 in apply_step").append(d).append(" () at prog.c:1").append(d).append('\n');
                }
            } else {
                b.append("#0  0x0000555555555300 in compute (n=").append(t).append(") at prog.c:30\n");
            }
            b.append("#2  0x00007f0000002000 in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442\n\n");
        }
        return Btexplain.explain(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)), Btexplain.Options.defaults());
    }

    private static String render(Report r, ReportFormat f) throws Exception {
        StringWriter w = new StringWriter();
        Btexplain.render(r, f, w, false);
        return w.toString();
    }

    @Test
    void textAndMarkdownShowAFewThreadsWholeNotWaitingOnesFirst() throws Exception {
        Report r = explain();
        for (ReportFormat f : new ReportFormat[] {ReportFormat.TEXT, ReportFormat.MARKDOWN}) {
            String out = render(r, f);
            assertTrue(out.length() < 200_000, f + " report of 3,000 threads: " + out.length() + " characters");
            assertTrue(out.contains("2,900 more threads are not shown whole"), f.id());
            assertTrue(out.contains("Thread 1777"), "the thread waiting inside work is shown whole: " + f.id());
            // the 2,999 threads of one role in one state are one line of the lists, with their count
            assertTrue(out.contains("2999 × unknown role"), "one line for the pool: " + f.id());
        }
    }

    @Test
    void jsonKeepsEveryThreadAndEachMeaningOnce() throws Exception {
        String text = render(explain(), ReportFormat.JSON);
        assertEquals(1, text.lines().count(), "3,000 threads (over " + JsonRenderer.INDENTED_UP_TO + "): no indentation");
        JsonNode json = new ObjectMapper().readTree(text);
        assertEquals(3000, json.get("threads").size());
        JsonNode frames = json.get("threads").get(0).get("frames");
        String key = frames.get(frames.size() - 1).get("meaning").asText();
        assertTrue(json.get("meanings").get(key).asText().contains("pthread"), key);
    }
}
