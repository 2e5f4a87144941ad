package dev.btexplain.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.btexplain.report.HtmlRenderer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** GET /: the report page with no report in it, which shows the paste box and posts to /api/explain. */
final class PageHandler implements HttpHandler {
    private final byte[] page = HtmlRenderer.emptyPage().getBytes(StandardCharsets.UTF_8);
    private final LocalOnly local;

    PageHandler(LocalOnly local) {
        this.local = local;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String refused = local.refusal(ex);
            if (refused != null) {
                ExplainHandler.reply(ex, 403, "application/json", ExplainHandler.error(refused));
                return;
            }
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ExplainHandler.reply(ex, 405, "application/json", ExplainHandler.error("use GET for the page"));
                return;
            }
            if (!ex.getRequestURI().getPath().equals("/")) {
                ExplainHandler.reply(ex, 404, "application/json", ExplainHandler.error("no such page: " + ex.getRequestURI().getPath()));
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : page.length);
            if (!ex.getRequestMethod().equals("HEAD")) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(page);
                }
            }
        }
    }
}
