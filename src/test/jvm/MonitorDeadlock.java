/**
 * A Java-level monitor deadlock: main holds "accounts" and waits for "audit"; the thread "auditor" holds "audit"
 * and waits for "accounts". Both block entering synchronized (ObjectMonitor::enter in HotSpot) for ever.
 */
public class MonitorDeadlock {
    private static final Object accounts = new Object();
    private static final Object audit = new Object();

    public static void main(String[] args) throws Exception {
        synchronized (accounts) {
            Thread auditor = new Thread(() -> {
                synchronized (audit) {
                    pause(200);
                    synchronized (accounts) {
                        System.out.println("never");
                    }
                }
            }, "auditor");
            auditor.start();
            pause(100);
            System.out.println("ready");
            System.out.flush();
            synchronized (audit) {
                System.out.println("never");
            }
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
