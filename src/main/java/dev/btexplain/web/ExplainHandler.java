package dev.btexplain.web;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.btexplain.Btexplain;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.HtmlRenderer;
import dev.btexplain.report.JsonRenderer;
import dev.btexplain.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POST /api/explain: the body is a backtrace (text); the answer is the CONTRACT JSON report
 * ({@code ?flame=true} adds the merged stacks the page draws). POST /api/report: the same as a
 * self-contained HTML page. Parameters: the body only, at most {@code maxBytes} (413 above it); one explanation
 * may take {@code timeLimit} (503 after it). Nothing of the input is written to disk or logged.
 */
final class ExplainHandler implements HttpHandler {
    private final long maxBytes;
    private final Duration timeLimit;
    private final Btexplain.Options options;
    private final ExecutorService pool;

    private final LocalOnly local;
    /** How long a request body may take to arrive: a client that sends it a byte a second is cut off. */
    static final Duration BODY_TIME = Duration.ofSeconds(8);
    private static final ExecutorService BODY_READERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "btexplain-body-reader");
        t.setDaemon(true);
        return t;
    });

    ExplainHandler(long maxBytes, Duration timeLimit, Btexplain.Options options, ExecutorService pool, LocalOnly local) {
        this.local = local;
        this.maxBytes = maxBytes;
        this.timeLimit = timeLimit;
        this.options = options;
        this.pool = pool;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String refused = local.refusal(ex);
            if (refused != null) {
                reply(ex, 403, "application/json", error(refused));
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (!path.equals("/api/explain") && !path.equals("/api/report")) {
                reply(ex, 404, "application/json", error("no such endpoint: " + path));
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                reply(ex, 405, "application/json", error("POST the backtrace as the request body"));
                return;
            }
            java.util.List<String> lengths = ex.getRequestHeaders().get("Content-Length");
            if (lengths != null && (lengths.size() != 1 || !lengths.get(0).strip().matches("[0-9]{1,19}"))) {
                reply(ex, 400, "application/json", error("Content-Length must be one number of bytes"));
                return;
            }
            if (lengths != null && (lengths.get(0).strip().length() > 18 || Long.parseLong(lengths.get(0).strip()) > maxBytes)) {
                reply(ex, 413, "application/json", error("the backtrace is larger than " + maxBytes + " bytes"));
                return;
            }
            byte[] body;
            Future<byte[]> reading = BODY_READERS.submit(() -> readAtMost(ex.getRequestBody(), maxBytes));
            try {
                body = reading.get(BODY_TIME.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                reading.cancel(true);
                reply(ex, 408, "application/json", error("the request body did not arrive within " + BODY_TIME.toSeconds() + " s"));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (body == null) {
                reply(ex, 413, "application/json", error("the backtrace is larger than " + maxBytes + " bytes"));
                return;
            }
            boolean html = ex.getRequestURI().getPath().equals("/api/report");
            boolean flame = String.valueOf(ex.getRequestURI().getQuery()).contains("flame=true");
            Future<String> work = pool.submit(() -> render(body, html, flame));
            try {
                String out = work.get(timeLimit.toMillis(), TimeUnit.MILLISECONDS);
                reply(ex, 200, html ? "text/html; charset=utf-8" : "application/json", out);
            } catch (TimeoutException e) {
                work.cancel(true);
                reply(ex, 503, "application/json", error("the explanation took longer than " + timeLimit.toSeconds() + " s"));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UnusableInputException) {
                    reply(ex, 422, "application/json", error(cause.getMessage()));
                } else {
                    reply(ex, 500, "application/json", error("internal error: " + cause));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(ex, 503, "application/json", error("interrupted"));
            }
        }
    }

    private String render(byte[] body, boolean html, boolean flame) throws IOException, UnusableInputException {
        Report report = Btexplain.explain(body, options);
        StringWriter w = new StringWriter();
        if (html) {
            new HtmlRenderer().render(report, w);
        } else {
            new JsonRenderer(flame).render(report, w);
        }
        return w.toString();
    }

    /** The body, or null when it is longer than {@code max} (read no further than that). */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return data.length > max ? null : data;
    }

    static String error(String message) {
        return "{\"error\": \"" + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"}\n";
    }

    static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
