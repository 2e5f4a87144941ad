package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.Frame;
import dev.btexplain.model.ThreadTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Threads whose frames cross a chunk's end, and a thread deeper than a chunk, read back intact. */
class FrameColumnsTest {

    @Test
    void framesSurviveChunkBoundariesAndDeepThreads() {
        StringBuilder sb = new StringBuilder();
        int threads = 3000;
        for (int t = threads; t >= 1; t--) {
            sb.append("Thread ").append(t).append(" (Thread 0x7f (LWP ").append(t).append(")):\n");
            int depth = t == 1500 ? FrameColumns.CHUNK * 2 + 7 : 15;
            for (int f = 0; f < depth; f++) {
                sb.append('#').append(f).append("  0x000000000040").append(String.format("%04x", f % 65536))
                        .append(" in fn_").append(t).append('_').append(f).append(" (x=").append(f).append(") at a.c:")
                        .append(f + 1).append('\n');
                if (t == 2999 && f == 3) {
                    sb.append("        local = ").append(t).append('\n');
                }
            }
            sb.append('\n');
        }
        Backtrace bt = ParseFixtures.text(sb.toString());
        List<ThreadTrace> list = bt.threads();
        assertEquals(threads, list.size());
        for (ThreadTrace t : list) {
            int n = t.number();
            assertEquals(n == 1500 ? FrameColumns.CHUNK * 2 + 7 : 15, t.frames().size(), "thread " + n);
            for (int f = 0; f < t.frames().size(); f += 97) {
                Frame fr = t.frames().get(f);
                assertEquals(f, fr.index());
                assertEquals("fn_" + n + "_" + f, fr.function());
                assertEquals("x=" + f, fr.args());
                assertEquals(f + 1, fr.source().line());
            }
        }
        ThreadTrace withLocal = list.get(1);
        assertEquals(2999, withLocal.number());
        assertEquals("2999", withLocal.frames().get(3).locals().get(0).value());
        assertEquals(0, bt.stats().unparsedLines());
    }
}
