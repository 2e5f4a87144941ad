import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An idle server: main blocks in accept on a local port, a pool of 4 workers waits for tasks, a scheduler thread
 * sleeps between ticks. Nothing is stuck: every thread waits for work.
 */
public class IdleServer {
    public static void main(String[] args) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            workers.submit(() -> { });
        }
        Thread ticker = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ticker");
        ticker.setDaemon(true);
        ticker.start();
        try (ServerSocket server = new ServerSocket(0)) {
            System.out.println("ready");
            System.out.flush();
            while (true) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write('\n');
                }
            }
        }
    }
}
