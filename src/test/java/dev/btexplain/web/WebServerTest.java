package dev.btexplain.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.Btexplain;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** btexplain serve's page and API over real HTTP on loopback: answers, limits and errors. */
class WebServerTest {
    private static WebServer server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new WebServer(InetAddress.getLoopbackAddress(), 0, 4096, Duration.ofSeconds(30), Btexplain.Options.defaults());
        server.start();
        base = URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request written by hand: HttpClient will not send a Host or Origin of our choosing. */
    static String raw(String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", base.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The first line of the answer to a request written by hand (the server may wait for a body it was promised). */
    static String statusLine(String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", base.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
        }
    }

    @Test
    @DisplayName("only this machine's own pages are answered: other Host names (DNS rebinding), other origins and cross-site "
            + "posts are refused, and paths match exactly")
    void localOnly() throws Exception {
        int port = base.getPort();
        String body = "#0  0x1 in main () at a.c:1\n";
        assertTrue(raw("GET / HTTP/1.1\r\nHost: evil.test:" + port + "\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 403"));
        assertTrue(raw("GET / HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
        String post = "POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n";
        assertTrue(raw(post + "Origin: http://evil.test:" + port + "\r\n\r\n" + body).startsWith("HTTP/1.1 403"));
        assertTrue(raw(post + "Sec-Fetch-Site: cross-site\r\n\r\n" + body).startsWith("HTTP/1.1 403"));
        assertTrue(raw(post + "Origin: http://127.0.0.1:" + port + "\r\nSec-Fetch-Site: same-origin\r\n\r\n" + body)
                .startsWith("HTTP/1.1 200"));
        assertEquals(404, post("/api/explainX", body).statusCode());
    }

    @Test
    @DisplayName("a request for another host in any form is refused: an empty Host, two Host headers, an absolute URI of "
            + "another host; a Content-Length that is no number or too large is answered, and the server goes on")
    void hostsAndLengthsInEveryForm() throws Exception {
        int port = base.getPort();
        String body = "#0  0x1 in main () at a.c:1\n";
        String end = "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        assertTrue(raw("POST /api/explain HTTP/1.1\r\nHost:\r\n" + end).startsWith("HTTP/1.1 403"));
        // refused by btexplain (403), or before it by the JDK's own server (400 "Multiple Host headers" since 17.0.21)
        assertTrue(raw("POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: evil.test\r\n" + end)
                .matches("(?s)HTTP/1\\.1 40[03] .*"));
        assertTrue(raw("POST http://evil.test/api/explain HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + end)
                .startsWith("HTTP/1.1 403"));
        assertTrue(raw("POST http://127.0.0.1:" + port + "/api/explain HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + end)
                .startsWith("HTTP/1.1 200"));
        String host = "POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n";
        for (String length : List.of("99999999999999999999999", "-1", "12abc", "4097")) {
            // the JDK's server answers a Content-Length that is no number itself (400); one over the limit is ours (413)
            String answer = statusLine(host + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n" + body);
            assertTrue(answer.startsWith("HTTP/1.1 400") || answer.startsWith("HTTP/1.1 413"), length + ": " + answer);
        }
        // a body over the limit in 1-byte chunks: read no further than the limit, answered 413
        StringBuilder chunked = new StringBuilder(host + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (int i = 0; i < 5000; i++) {
            chunked.append("1\r\na\r\n");
        }
        String answer = raw(chunked.append("0\r\n\r\n").toString());
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertEquals(200, post("/api/explain", body).statusCode(), "and the server goes on");
    }

    @Test
    @DisplayName("a request past --time-limit is answered 503 and its parse and analysis stop: the next request is served at once")
    void timeLimitStopsTheWork() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int t = 40_000; t >= 1; t--) {
            big.append("Thread ").append(t).append(" (Thread 0x7f00").append(Integer.toHexString(0x100000 + t)).append(" (LWP ")
                    .append(100_000 + t).append(")):\n#0  0x0000555555555300 in compute (n=").append(t).append(") at p.c:30\n")
                    .append("#1  0x00007f0000002000 in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442\n\n");
        }
        try (WebServer limited = new WebServer(InetAddress.getLoopbackAddress(), 0, 64 << 20, Duration.ofMillis(200),
                Btexplain.Options.defaults())) {
            limited.start();
            URI at = URI.create("http://127.0.0.1:" + limited.address().getPort() + "/api/explain");
            for (int i = 0; i < 4; i++) { // more than the two workers: work that went on would hold them
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(at).POST(HttpRequest.BodyPublishers.ofString(big.toString()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, r.statusCode(), r.body());
            }
            long t0 = System.nanoTime();
            HttpResponse<String> small = HTTP.send(HttpRequest.newBuilder(at).POST(HttpRequest.BodyPublishers.ofString(
                    "#0  0x1 in main () at a.c:1\n")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, small.statusCode(), small.body());
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "served while the cancelled work would still run");
        }
    }

    @Test
    @DisplayName("slow clients (a body at a byte a second) hold no one up, and are cut off with 408 after ExplainHandler.BODY_TIME")
    void slowClientsHoldNoOneUp() throws Exception {
        List<java.net.Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", base.getPort());
                s.getOutputStream().write(("POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
                        + "\r\nContent-Length: 1000\r\n\r\n#").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            long t0 = System.nanoTime();
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "the page is served while six uploads stall");
            java.net.Socket first = slow.get(0);
            first.setSoTimeout((int) ExplainHandler.BODY_TIME.toMillis() + 10_000);
            String answer = new String(first.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            // cut off: answered 408, or closed by the server's own request time limit (a stall never holds on)
            assertTrue(answer.isEmpty() || answer.equals("HTTP/1.1 408"), answer);
        } finally {
            for (java.net.Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    @DisplayName("one client's stalled uploads take at most half the workers: the next is refused with 503 at once, the page is served")
    void oneClientHoldsAtMostHalfTheWorkers() throws Exception {
        List<java.net.Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < WebServer.WORKERS / 2; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", base.getPort());
                s.getOutputStream().write(("POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
                        + "\r\nContent-Length: 1000\r\n\r\n#").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            Thread.sleep(300); // each upload holds a worker
            long t0 = System.nanoTime();
            HttpResponse<String> refused = post("/api/explain", "#0  0x1 in main () at a.c:1\n");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("more than " + WebServer.WORKERS / 2 + " requests at once from 127.0.0.1"), refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "answered at once, not after the stalled uploads");
        } finally {
            for (java.net.Socket s : slow) {
                s.close();
            }
        }
        Thread.sleep(300); // the closed uploads give their workers back
        assertEquals(200, post("/api/explain", "#0  0x1 in main () at a.c:1\n").statusCode(), "served again");
    }

    @Test
    @DisplayName("listens on loopback only, and GET / is the paste page")
    void page() throws Exception {
        assertTrue(server.address().getAddress().isLoopbackAddress());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("id=\"btexplain-data\">null</script>"), "no report: the paste box shows");
        assertEquals(404, HTTP.send(HttpRequest.newBuilder(base.resolve("/nothing")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    @DisplayName("POST /api/explain answers the contract JSON; /api/report the HTML page")
    void explain() throws Exception {
        String seed = Files.readString(Path.of("examples/qemu-idle.txt")).substring(0, 3000);
        HttpResponse<String> r = post("/api/explain", seed);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertTrue(json.has("verdict") && json.has("threads") && !json.has("flame"), r.body());
        assertTrue(new ObjectMapper().readTree(post("/api/explain?flame=true", seed).body()).has("flame"));
        HttpResponse<String> html = post("/api/report", seed);
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    }

    @Test
    @DisplayName("limits and bad input: 413 above the body limit, 422 for no backtrace, 405 for GET on the API")
    void limits() throws Exception {
        HttpResponse<String> big = post("/api/explain", "#0  x () at a.c:1\n".repeat(400));
        assertEquals(413, big.statusCode(), big.body());
        assertTrue(big.body().contains("larger than 4096 bytes"));
        HttpResponse<String> junk = post("/api/explain", "hello");
        assertEquals(422, junk.statusCode());
        assertTrue(new ObjectMapper().readTree(junk.body()).get("error").asText().startsWith("no backtrace found"));
        assertEquals(405, HTTP.send(HttpRequest.newBuilder(base.resolve("/api/explain")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}
