import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual threads (Java 21+) hung behind one lock: 50 virtual threads park in ReentrantLock.lock while the platform
 * thread "holder" keeps the lock and sleeps. jstack lists platform threads only; jcmd Thread.dump_to_file lists both.
 */
public class VirtualThreads {
    private static final ReentrantLock lock = new ReentrantLock();

    public static void main(String[] args) throws Exception {
        Thread holder = new Thread(() -> {
            lock.lock();
            try {
                Thread.sleep(3_600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "holder");
        holder.start();
        Thread.sleep(100);
        for (int i = 0; i < 50; i++) {
            Thread.ofVirtual().name("request-" + i).start(() -> {
                lock.lock();
                lock.unlock();
            });
        }
        System.out.println("ready");
        System.out.flush();
        holder.join();
    }
}
