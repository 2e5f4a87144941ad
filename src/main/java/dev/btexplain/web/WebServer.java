package dev.btexplain.web;

import com.sun.net.httpserver.HttpServer;
import dev.btexplain.Btexplain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code btexplain serve}: the paste page and the JSON API on the JDK's built-in HTTP server, bound to the
 * loopback address unless told otherwise. The JDK server needs no dependency and is enough for one user on
 * one machine; requests are handled on a small pool, each with a time limit.
 */
public final class WebServer implements AutoCloseable {
    /** Threads that handle requests. */
    static final int WORKERS = 16;
    private final HttpServer server;
    private final ExecutorService pool;

    /**
     * @param address  where to listen (127.0.0.1 by default)
     * @param port     the port, 0 for any free one
     * @param maxBytes the largest request body accepted (413 above it)
     * @param timeLimit how long one explanation may take (503 after it)
     */
    public WebServer(InetAddress address, int port, long maxBytes, Duration timeLimit, Btexplain.Options options)
            throws IOException {
        // the JDK server's own limits (read once, before its first use): a client that sends its request headers
        // slowly, or leaves a connection idle, is cut off instead of holding a worker
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
        System.setProperty("sun.net.httpserver.idleInterval", System.getProperty("sun.net.httpserver.idleInterval", "30"));
        server = HttpServer.create(new InetSocketAddress(address, port), 16);
        pool = Executors.newFixedThreadPool(2);
        LocalOnly local = new LocalOnly(server.getAddress());
        ExplainHandler explain = new ExplainHandler(maxBytes, timeLimit, options, pool, local);
        // half the workers at most for one client's API requests: the rest serve the page and everyone else
        ClientLimit perClient = new ClientLimit(WORKERS / 2);
        server.createContext("/api/explain", explain).getFilters().add(perClient);
        server.createContext("/api/report", explain).getFilters().add(perClient);
        server.createContext("/", new PageHandler(local));
        // more workers than slow clients one person's browser opens: a stalled upload holds one for BODY_TIME at most
        server.setExecutor(Executors.newFixedThreadPool(WORKERS));
    }

    public void start() {
        server.start();
    }

    /** The address and port it listens on ("127.0.0.1:8080"). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
