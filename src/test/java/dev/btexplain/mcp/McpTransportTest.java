package dev.btexplain.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.btexplain.Btexplain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The MCP server's stdio transport driven as a hostile client would: lines that are not JSON-RPC requests, requests
 * longer than the server reads, a burst of pipelined calls and random frames. After each, a good request is answered.
 */
class McpTransportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SMALL_TRACE = "Thread 1 (Thread 0x7f00 (LWP 10)):\\n"
            + "#0  0x00007f in __futex_abstimed_wait_common64 () from /lib/libc.so.6\\n#1  0x00007f in worker () at w.c:3\\n";

    /** A server on two pipes, and every answer it writes, in order. */
    private static final class Session implements AutoCloseable {
        final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
        final OutputStream toServer;
        final Thread server;
        private final Pipe in = Pipe.open();
        private final Pipe out = Pipe.open();
        private final java.util.Map<Long, JsonNode> byId = new java.util.HashMap<>();
        private final List<JsonNode> sincePing = new ArrayList<>();
        private int nextPing = 1_000_000;

        Session(long maxInput) throws Exception {
            McpService service = new McpService(new McpService.Settings(Btexplain.Options.defaults(), maxInput,
                    Duration.ofSeconds(60), false, "gdb", List.of()));
            toServer = Channels.newOutputStream(in.sink());
            server = new Thread(() -> {
                try (OutputStream o = Channels.newOutputStream(out.sink())) {
                    service.serve(Channels.newInputStream(in.source()), o);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "mcp-server-under-test");
            server.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(out.source()),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        answers.add(JSON.readTree(line)); // every line the server writes must be JSON
                    }
                } catch (IOException e) {
                    answers.add(JSON.createObjectNode().put("client", "unreadable answer: " + e));
                }
            }, "mcp-client-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void send(String line) throws IOException {
            send(line.getBytes(StandardCharsets.UTF_8));
        }

        void send(byte[] line) throws IOException {
            toServer.write(line);
            toServer.write('\n');
            toServer.flush();
        }

        /** The answer to this id, waiting up to two minutes; answers to other ids are kept for later. */
        JsonNode answer(long id) throws InterruptedException {
            while (!byId.containsKey(id)) {
                JsonNode a = answers.poll(120, TimeUnit.SECONDS);
                assertNotNull(a, "an answer to request " + id + "; since the last ping: " + sincePing);
                assertValid(a);
                sincePing.add(a);
                if (a.path("id").isIntegralNumber()) {
                    assertEquals(null, byId.put(a.path("id").asLong(), a), "one answer to each request: " + a);
                }
            }
            sincePing.remove(byId.get(id)); // taken: what a ping reports is the answers nobody asked for
            return byId.get(id);
        }

        /** Sends a line, then a ping; returns the answers that came before the ping's (the line is answered in turn). */
        List<JsonNode> sendAndPing(String line) throws Exception {
            send(line);
            return ping();
        }

        /** Sends a ping and returns the answers not taken by {@link #answer} since the last ping. */
        List<JsonNode> ping() throws Exception {
            long id = nextPing++;
            send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
            JsonNode pong = answer(id);
            assertEquals(JSON.createObjectNode(), pong.get("result"));
            List<JsonNode> before = new ArrayList<>(sincePing);
            sincePing.clear();
            return before;
        }

        @Override
        public void close() throws Exception {
            toServer.close();
            server.join(60_000);
            assertFalse(server.isAlive(), "the server ends when its input does");
        }
    }

    /** A JSON-RPC response: version 2.0, an id, and a result or an error with a code and a message. */
    private static void assertValid(JsonNode answer) {
        assertEquals("2.0", answer.path("jsonrpc").asText(), answer.toString());
        assertTrue(answer.has("id"), answer.toString());
        assertTrue(answer.has("result") != answer.has("error"), answer.toString());
        if (answer.has("error")) {
            assertTrue(answer.get("error").path("code").isInt() && answer.get("error").path("message").isTextual(), answer.toString());
        }
    }

    private static int code(JsonNode answer) {
        return answer.path("error").path("code").asInt(0);
    }

    private static String call(long id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void everyLineThatIsNotARequestIsAnsweredAsJsonRpcSaysAndTheNextRequestToo() throws Exception {
        try (Session s = new Session(64L << 20)) {
            s.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}");
            assertEquals("2025-06-18", s.answer(1).path("result").path("protocolVersion").asText());
            Object[][] lines = {
                    {"", null}, {"   \r", null}, {"{}", -32600}, {"[]", -32600},
                    {"[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]", -32600},
                    {"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"pi", -32700},
                    {"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"} trailing", -32700},
                    {"[".repeat(100_000), -32700}, {"{\"a\":".repeat(50_000), -32700},
                    {"null", -32600}, {"\"ping\"", -32600}, {"42", -32600},
                    {"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/unknown\"}", null},
                    {"{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}", null},
                    {"{\"jsonrpc\":\"1.0\",\"id\":6,\"method\":\"ping\"}", -32600},
                    {"{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}", -32600},
                    {"{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", -32600},
                    {"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":42}", -32600},
                    {"{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"no/such\"}", -32601},
                    {"{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":[1]}", -32602},
                    {"{\"jsonrpc\":\"2.0\",\"id\":11,\"id\":12,\"method\":\"ping\"}", -32700},
                    {"\u0000\u0001\u0002ELF", -32700},
            };
            for (Object[] line : lines) {
                List<JsonNode> before = s.sendAndPing((String) line[0]);
                String what = "the line " + abbreviate((String) line[0]) + " answered " + before;
                if (line[1] == null) {
                    assertEquals(List.of(), before, what);
                } else {
                    assertEquals(1, before.size(), what);
                    assertEquals(line[1], code(before.get(0)), what);
                }
            }
            s.send("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"explain_all\"}}");
            assertEquals(-32602, code(s.answer(10)), "an unknown tool");
            s.ping();
            // bytes that are not UTF-8 inside a string
            s.send(new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'});
            List<JsonNode> before = s.ping();
            assertEquals(1, before.size(), before.toString());
            assertEquals(-32700, code(before.get(0)));
        }
    }

    /** The text of a tool call's answer, which must be a result (a tool's failure is one, with isError). */
    private static String toolText(JsonNode answer) {
        assertTrue(answer.has("result"), answer.toString());
        return answer.get("result").path("content").path(0).path("text").asText();
    }

    @Test
    void aRequestOverTheLimitIsAnsweredWithTheDocumentedErrorAndTheServerGoesOn() throws Exception {
        try (Session s = new Session(64L << 20)) {
            // 20 MB, under the 64 MiB limit: read and explained (it holds no backtrace)
            s.send(call(1, "explain_backtrace", "{\"text\":\"" + "not a backtrace at all\\n".repeat(20_000_000 / 23) + "\"}"));
            String first = toolText(s.answer(1));
            assertTrue(first.contains("no backtrace found"), first);
            s.ping();
            // 70 MB of text: over the limit, the documented error
            s.send(call(2, "explain_backtrace", "{\"text\":\"" + "#0 f ()\\n".repeat(70_000_000 / 8) + "\"}"));
            assertEquals("btexplain: the backtrace is 70000000 bytes, more than the 67108864 this server accepts "
                    + "(btexplain mcp --max-input)", toolText(s.answer(2)));
            s.ping();
        }
        try (Session s = new Session(1L << 20)) {
            // a line longer than any request the server reads: skipped unkept, answered by its id
            s.ping();
            s.send(call(3, "explain_backtrace", "{\"text\":\"" + "x".repeat(5_000_000) + "\"}"));
            assertEquals("btexplain: the request is more than 3145728 bytes, longer than a backtrace of the 1048576 bytes "
                    + "this server accepts (btexplain mcp --max-input)", toolText(s.answer(3)));
            s.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":{\"pad\":\"" + "y".repeat(5_000_000) + "\"}}");
            assertEquals(-32600, code(s.answer(4)));
            s.ping();
            s.send("{\"pad\":\"" + "z".repeat(5_000_000) + "\"}");
            List<JsonNode> before = s.ping();
            assertEquals(1, before.size(), before.toString());
            assertTrue(before.get(0).get("id").isNull() && code(before.get(0)) == -32600, before.toString());
        }
    }

    @Test
    void aBurstOfPipelinedCallsIsAnsweredEveryOneAResultOrBusy() throws Exception {
        int burst = 2000;
        try (Session s = new Session(64L << 20)) {
            Thread sender = new Thread(() -> {
                try {
                    for (int id = 1; id <= burst; id++) {
                        s.send(call(id, "explain_backtrace", "{\"text\":\"" + SMALL_TRACE + "\"}"));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            int results = 0;
            int busy = 0;
            for (int id = 1; id <= burst; id++) {
                JsonNode a = s.answer(id);
                if (a.has("result")) {
                    assertFalse(a.get("result").path("isError").asBoolean(), a.toString());
                    results++;
                } else {
                    assertEquals(StdioJsonRpc.RpcError.BUSY, code(a), a.toString());
                    busy++;
                }
            }
            sender.join();
            assertEquals(burst, results + busy);
            assertTrue(results >= StdioJsonRpc.MAX_IN_FLIGHT, results + " explained, " + busy + " busy");
            s.ping();
        }
    }

    @Test
    void randomFramesNeverSilenceTheServer() throws Exception {
        Random random = new Random(24);
        String[] methods = {"ping", "initialize", "tools/list", "tools/call", "resources/list", "resources/read",
                "resources/templates/list", "notifications/cancelled", "notifications/initialized", "", "x/y"};
        try (Session s = new Session(1L << 20)) {
            Set<Long> asked = new HashSet<>();
            for (int frame = 0; frame < 3000; frame++) {
                ObjectNode m = JSON.createObjectNode();
                if (random.nextInt(10) > 0) {
                    m.put("jsonrpc", random.nextInt(20) > 0 ? "2.0" : "1.0");
                }
                long id = frame;
                switch (random.nextInt(6)) {
                    case 0 -> { } // a notification
                    case 1 -> m.put("id", "s" + id);
                    case 2 -> m.set("id", JSON.valueToTree(List.of(id)));
                    default -> m.put("id", id);
                }
                if (random.nextInt(12) > 0) {
                    m.set("method", random.nextInt(15) > 0 ? JSON.valueToTree(methods[random.nextInt(methods.length)])
                            : JSON.valueToTree(random.nextInt()));
                }
                m.set("params", randomParams(random));
                String line = m.toString();
                if (random.nextInt(8) == 0) {
                    line = line.substring(0, random.nextInt(line.length())); // cut short
                } else if (random.nextInt(8) == 0) {
                    char[] c = line.toCharArray();
                    c[random.nextInt(c.length)] = (char) random.nextInt(0x80);
                    line = new String(c);
                }
                s.send(line);
                if (m.path("id").isIntegralNumber() && m.path("method").isTextual() && "2.0".equals(m.path("jsonrpc").asText())
                        && line.equals(m.toString())) {
                    asked.add(id);
                }
                if (!m.has("id") && m.path("method").asText().equals("notifications/cancelled") && line.equals(m.toString())
                        && "2.0".equals(m.path("jsonrpc").asText())) {
                    asked.remove(m.path("params").path("requestId").asLong(-1)); // cancelled: no answer is due
                }
                if (frame % 100 == 99) {
                    s.ping();
                }
            }
            for (long id : asked) {
                s.answer(id); // every well-formed request was answered
            }
            s.ping();
        }
    }

    private static JsonNode randomParams(Random random) {
        ObjectNode p = JSON.createObjectNode();
        switch (random.nextInt(7)) {
            case 0 -> {
                return JSON.valueToTree(List.of(1, "a"));
            }
            case 1 -> {
                return JSON.nullNode();
            }
            case 2 -> p.put("name", random.nextBoolean() ? "explain_backtrace" : "list_formats")
                    .putObject("arguments").put("text", random.nextBoolean() ? "#0  f () at a.c:1\n" : "\u0000\u0001");
            case 3 -> p.put("uri", random.nextBoolean() ? "btexplain://knowledge/call_rcu_thread" : "file:///etc/passwd");
            case 4 -> p.put("requestId", random.nextInt(3000));
            case 5 -> p.put("protocolVersion", random.nextBoolean() ? "2024-11-05" : "1999-01-01");
            default -> p.put("name", "explain_core").putObject("arguments").put("path", "/etc/passwd");
        }
        return p;
    }

    private static String abbreviate(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return JSON.valueToTree(shown).toString();
    }
}
