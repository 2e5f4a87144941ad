package dev.btexplain.web;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} API requests at once from one client address: one client (a page that opens many uploads, a
 * script) cannot hold every worker, so the page and others' requests are still served. Above the limit: 503 at once.
 */
final class ClientLimit extends Filter {
    private final int limit;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    ClientLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        InetAddress client = ex.getRemoteAddress().getAddress();
        AtomicInteger count = open.computeIfAbsent(client, c -> new AtomicInteger());
        try {
            if (count.incrementAndGet() > limit) {
                try (ex) {
                    ex.getResponseHeaders().set("Retry-After", "1");
                    ExplainHandler.reply(ex, 503, "application/json", ExplainHandler.error("more than " + limit
                            + " requests at once from " + client.getHostAddress() + "; try again when one has been answered"));
                }
                return;
            }
            chain.doFilter(ex);
        } finally {
            count.decrementAndGet();
        }
    }

    @Override
    public String description() {
        return "at most " + limit + " API requests at once per client";
    }
}
