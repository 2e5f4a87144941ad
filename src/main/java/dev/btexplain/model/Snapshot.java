package dev.btexplain.model;

import java.util.List;

/**
 * One listing of threads: the output of one {@code thread apply all bt} (or one plain {@code bt}).
 * An input holding several listings one after another gives several snapshots, oldest first.
 *
 * @param threads threads in input order
 * @param line    1-based input line where the listing starts
 */
public record Snapshot(List<ThreadTrace> threads, int line) {
    public Snapshot {
        threads = List.copyOf(threads);
    }

    public int frameCount() {
        int n = 0;
        for (ThreadTrace t : threads) {
            n += t.frames().size();
        }
        return n;
    }
}
