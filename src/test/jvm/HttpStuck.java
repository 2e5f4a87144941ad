import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;

/**
 * A client hung on I/O: main reads a URL from a local server that accepts the connection and never answers (its thread
 * sleeps with the connection open). Prints "ready" before the request.
 */
public class HttpStuck {
    public static void main(String[] args) throws Exception {
        ServerSocket listener = new ServerSocket(0);
        Thread server = new Thread(() -> {
            try (Socket connection = listener.accept()) {
                Thread.sleep(3_600_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "silent-server");
        server.setDaemon(true);
        server.start();
        System.out.println("ready");
        try (InputStream in = new URL("http://127.0.0.1:" + listener.getLocalPort() + "/status").openStream()) {
            in.read();
        }
    }
}
