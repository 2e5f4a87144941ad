package dev.btexplain.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.knowledge.KnowledgeBase;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MCP tools and resources without the transport: limits, refusals and the knowledge lookups. */
class McpServiceTest {
    private static McpService service(Duration timeLimit, boolean allowAttach) throws Exception {
        return new McpService(new McpService.Settings(Btexplain.Options.defaults(), 64L << 20, timeLimit, allowAttach, "gdb", List.of()));
    }

    private static String text(McpService.ToolResult r) {
        return r.texts().get(0);
    }

    @Test
    void anExplanationOverTheTimeLimitStopsWithAnError() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int t = 1; t <= 20_000; t++) {
            big.append("Thread ").append(t).append(" (Thread 0x7f00 (LWP ").append(1000 + t).append(")):\n")
                    .append("#0  0x00007f in __futex_abstimed_wait_common64 () from /lib/libc.so.6\n")
                    .append("#1  0x00007f in worker_").append(t % 97).append(" () at w.c:").append(t).append('\n');
        }
        McpService.ToolResult r = service(Duration.ofMillis(5), false).call("explain_backtrace", Map.of("text", big.toString()));
        assertTrue(r.isError());
        assertEquals("btexplain: the explanation took longer than 5 ms (btexplain mcp --time-limit)", text(r));
    }

    @Test
    void theDefaultAnswerIsASummaryOfAFewKilobytesWhateverTheInput() throws Exception {
        // 3,000 threads in 600 different stacks: the full report is megabytes, the summary a few kilobytes
        StringBuilder big = new StringBuilder();
        for (int t = 1; t <= 3_000; t++) {
            big.append("Thread ").append(t).append(" (Thread 0x7f00 (LWP ").append(1000 + t).append(") \"w-").append(t % 600)
                    .append("\"):\n#0  0x00007f in __futex_abstimed_wait_common64 () from /lib/libc.so.6\n")
                    .append("#1  0x00007f in handler_").append(t % 600).append("_<int> () at w.c:").append(t).append('\n')
                    .append("#2  0x00007f in start_thread () from /lib/libc.so.6\n");
        }
        McpService s = service(Duration.ofSeconds(60), false);
        McpService.ToolResult summary = s.call("explain_backtrace", Map.of("text", big.toString()));
        String answer = summary.toJson().toString();
        assertFalse(summary.isError(), answer);
        assertTrue(answer.length() < 16_000, "the whole answer is " + answer.length() + " bytes");
        assertEquals(3_000, summary.structured().get("thread_count").asInt());
        assertEquals(600 - dev.btexplain.report.AssistantSummary.ENTRIES, summary.structured().get("left_out").get("groups").asInt());
        assertTrue(text(summary).startsWith("**Verdict: "), text(summary));
        assertTrue(text(summary).contains("`__futex_abstimed_wait_common64`"), text(summary));
        // a lock's label as its symbol is printed, in a code span: nothing escaped for a web page
        McpService.ToolResult pool = s.call("explain_backtrace", Map.of("text",
                java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/captures/gcc/pool-50-threads.txt"))));
        assertTrue(text(pool).contains("<cache_lock>`: waiters 43–46; owner not known; to read it: `gdb -p PID"), text(pool));
        assertFalse(text(pool).contains("&lt;") || text(pool).contains("\\_"), text(pool));
        assertTrue(pool.toJson().toString().length() < 16_000);
        McpService.ToolResult full = s.call("explain_backtrace", Map.of("text", big.toString(), "detail", "full"));
        assertTrue(full.toJson().toString().length() > 1_000_000, "the full report on request");
        assertEquals(3_000, full.structured().get("threads").size());
        McpService.ToolResult bad = s.call("explain_backtrace", Map.of("text", big.toString(), "detail", "all"));
        assertEquals("btexplain: detail must be \"summary\" or \"full\"", text(bad));
    }

    @Test
    void attachIsRefusedUnlessAllowed() throws Exception {
        McpService.ToolResult r = service(Duration.ofSeconds(10), false).call("attach_process", Map.of("pid", 1));
        assertTrue(r.isError());
        assertTrue(text(r).contains("btexplain mcp --allow-attach"), text(r));
        McpService.ToolResult bad = service(Duration.ofSeconds(10), true).call("attach_process", Map.of("pid", 1, "samples", 0));
        assertEquals("btexplain: pid must be a process id, samples 1 to 100 and interval 0 to 600 seconds", text(bad));
    }

    @Test
    void knowledgeOfAFunctionCitesItsSource() {
        KnowledgeResources k = new KnowledgeResources(KnowledgeBase.builtIn());
        String rcu = k.function("btexplain://knowledge/call_rcu_thread");
        assertTrue(rcu.contains("\"source\" : \"qemu/qemu: util/rcu.c\""), rcu);
        assertFalse(rcu.contains("Real-Time Clock"));
        assertNull(k.function("btexplain://knowledge/no_such_function"));
        assertTrue(k.index().contains("\"call_rcu_thread\""));
    }

    @Test
    void aVersionDependentFactSaysWhichVersionsItHoldsFor() {
        // Go's lock2 moved from lock_futex.go to lock_spinbit.go in Go 1.24: the entry says where it was checked
        String lock2 = new KnowledgeResources(KnowledgeBase.builtIn()).function("btexplain://knowledge/runtime.lock2");
        assertTrue(lock2.contains("lock_futex.go") && lock2.contains("since Go 1.24 lock2 is in lock_spinbit.go"), lock2);
    }

    @Test
    void resourceNamesArePercentDecodedAndAPlusStays() {
        assertEquals("std::operator+", KnowledgeResources.decode("std%3A%3Aoperator+"));
        assertEquals("a b", KnowledgeResources.decode("a%20b"));
        assertEquals("100%", KnowledgeResources.decode("100%"));
    }
}
