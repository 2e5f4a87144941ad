package dev.btexplain.analyze;

import java.util.List;

/**
 * Threads whose stacks are the same function sequence (addresses and argument values ignored), with the same
 * state: one entry for many identical workers, keeping which threads they are.
 *
 * @param threads the threads, in input order
 * @param state   their state
 * @param top     the innermost named function, "??" when none
 */
public record StackGroup(List<ThreadExplanation> threads, ThreadState state, String top) {
    public StackGroup {
        threads = List.copyOf(threads);
    }

    /** The longest any of its threads has waited, as the runtime's dump says it (whole minutes); -1 when it says none. */
    public int longestWaitMinutes() {
        int longest = -1;
        for (ThreadExplanation t : threads) {
            if (t.thread().runtime() != null) {
                longest = Math.max(longest, t.thread().runtime().waitedMinutes());
            }
        }
        return longest;
    }
}
