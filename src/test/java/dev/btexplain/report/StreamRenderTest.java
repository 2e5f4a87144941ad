package dev.btexplain.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The CLI writes reports as bytes, a large JSON or HTML report's threads in batches on every core; the bytes are
 * those of the report written as text, in every format, for a listing large enough to be written in batches.
 */
class StreamRenderTest {

    @Test
    void bytesAreTheTextReportInEveryFormat() throws Exception {
        sameBytes(Btexplain.explain(new ByteArrayInputStream(listing(JsonRenderer.INDENTED_UP_TO + 1_234)),
                Btexplain.Options.defaults()));
    }

    @Test
    void severalSamplesAreWrittenInBatchesToo() throws Exception {
        byte[] one = listing(JsonRenderer.INDENTED_UP_TO + 10);
        byte[] two = new byte[2 * one.length];
        System.arraycopy(one, 0, two, 0, one.length);
        System.arraycopy(one, 0, two, one.length, one.length);
        Report report = Btexplain.explain(new ByteArrayInputStream(two), Btexplain.Options.defaults());
        assertTrue(report.backtrace().snapshots().size() == 2, "two samples");
        sameBytes(report);
    }

    private static void sameBytes(Report report) throws Exception {
        for (ReportFormat format : ReportFormat.values()) {
            StringWriter text = new StringWriter();
            Btexplain.render(report, format, text, false);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Btexplain.render(report, format, bytes, false);
            assertArrayEquals(text.toString().getBytes(StandardCharsets.UTF_8), bytes.toByteArray(), format.id());
            assertTrue(bytes.size() > (format == ReportFormat.JSON || format == ReportFormat.HTML ? 1_000_000 : 100), format.id());
        }
    }

    /** Threads of a few shapes, with names and arguments that need escaping in JSON and in a page's script. */
    private static byte[] listing(int threads) {
        StringBuilder sb = new StringBuilder();
        for (int t = threads; t >= 1; t--) {
            sb.append("Thread ").append(t).append(" (Thread 0x7f00").append(Integer.toHexString(t)).append(" (LWP ")
                    .append(1000 + t).append(") \"w<").append(t % 7).append(">&\u00e9\u2028\"):\n");
            switch (t % 3) {
                case 0 -> sb.append("#0  0x00007f0000000010 in __GI___poll (fds=0x1, nfds=1, timeout=-1) at ../sysdeps/unix/sysv/linux/poll.c:29\n");
                case 1 -> sb.append("#0  0x00007f0000000020 in __lll_lock_wait (futex=0x5555000").append(t % 5)
                        .append(" <lock_").append(t % 5).append(">, private=0) at ./nptl/lowlevellock.c:49\n")
                        .append("#1  0x00007f0000000030 in ___pthread_mutex_lock (mutex=0x5555000").append(t % 5)
                        .append(") at ./nptl/pthread_mutex_lock.c:93\n");
                default -> sb.append("#0  0x0000555555550040 in work (s=0x1 \"a \\\"q\\\" </script> \\u2029\") at w.c:")
                        .append(t).append('\n');
            }
            sb.append("#9  0x0000555555550050 in worker_main (arg=0x0) at w.c:9\n")
                    .append("#10 0x00007f0000000060 in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442\n\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
