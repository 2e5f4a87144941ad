import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Thread-pool starvation: a pool of 2 threads runs 2 tasks that each wait for a subtask queued on the same pool;
 * the subtasks never get a thread. No lock cycle: every pool thread parks in FutureTask.get, main in the first get.
 */
public class PoolStarvation {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r);
            t.setName("pool-worker-" + t.getId());
            return t;
        });
        List<Future<Integer>> parents = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            parents.add(pool.submit(() -> pool.submit(() -> 42).get()));
        }
        System.out.println("ready");
        System.out.flush();
        for (Future<Integer> f : parents) {
            f.get();
        }
    }
}
