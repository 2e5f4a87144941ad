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

    @Test
    @DisplayName("listens on loopback only, and GET / is the paste page")
    void page() throws Exception {
        assertTrue(server.address().getAddress().isLoopbackAddress());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("/*BTEXPLAIN-DATA*/null/*END-BTEXPLAIN-DATA*/"), "no report: the paste box shows");
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
