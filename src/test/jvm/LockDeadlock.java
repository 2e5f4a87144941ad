import java.util.concurrent.locks.ReentrantLock;

/**
 * A java.util.concurrent lock deadlock: "mover" holds "from" and waits for "to", "reverser" the other way round. Both
 * park in ReentrantLock.lock for ever (no monitor: only jstack -l's "Locked ownable synchronizers" says who holds what).
 */
public class LockDeadlock {
    private static final ReentrantLock from = new ReentrantLock();
    private static final ReentrantLock to = new ReentrantLock();

    public static void main(String[] args) throws Exception {
        Thread mover = new Thread(() -> both(from, to), "mover");
        Thread reverser = new Thread(() -> both(to, from), "reverser");
        mover.start();
        reverser.start();
        System.out.println("ready");
        System.out.flush();
        mover.join();
    }

    private static void both(ReentrantLock first, ReentrantLock second) {
        first.lock();
        try {
            pause(200);
            second.lock();
            second.unlock();
        } finally {
            first.unlock();
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
