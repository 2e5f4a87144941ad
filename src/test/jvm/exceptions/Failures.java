import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Ends in one of the ways a Java program's exception is printed (Throwable.printStackTrace): "uncaught", an exception
 * out of main wrapping its cause; "thread", one out of another thread; "suppressed", a try-with-resources whose close
 * failed too; "logged", a caught exception printed by the program, which goes on.
 */
public class Failures {
    static byte[] readConfig(String path) {
        try (FileInputStream in = new FileInputStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration", e);
        }
    }

    static void start(String path) {
        readConfig(path);
    }

    static final class Resource implements AutoCloseable {
        @Override
        public void close() {
            throw new IllegalStateException("close failed");
        }
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "uncaught" -> start("/nonexistent/app.conf");
            case "thread" -> {
                Thread t = new Thread(() -> start("/nonexistent/worker.conf"), "loader");
                t.start();
                t.join();
            }
            case "suppressed" -> {
                try (Resource r = new Resource()) {
                    throw new IllegalArgumentException("bad input");
                }
            }
            case "logged" -> {
                try {
                    start("/nonexistent/optional.conf");
                } catch (UncheckedIOException e) {
                    e.printStackTrace();
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
