package app;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * An idle HTTP server: main, run through a command framework (framework.Launcher), waits on a CountDownLatch until
 * shutdown; the server's dispatcher waits in its selector. Prints "ready" once it listens.
 */
public final class LatchServer {
    private LatchServer() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(framework.Launcher.run(() -> {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            CountDownLatch shutdown = new CountDownLatch(1);
            System.out.println("ready");
            shutdown.await();
            return 0;
        }));
    }
}
