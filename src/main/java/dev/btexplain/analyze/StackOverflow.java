package dev.btexplain.analyze;

import dev.btexplain.model.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * A recursion that ran into the stack's end: the same few functions repeat from near frame #0 many times. A crash
 * on such a stack is a stack overflow (the guard page below the stack), not a bad pointer in the last function.
 *
 * @param cycle       the repeating functions, innermost first
 * @param repeats     how many times the cycle repeats without a break
 * @param firstFrame  the frame the repetition starts at
 * @param depth       how many frames the stack has (as printed)
 * @param unreadable  frame #0's arguments could not be read ("Cannot access memory"), as at the guard page
 */
public record StackOverflow(List<String> cycle, int repeats, int firstFrame, int depth, boolean unreadable) {
    /** Fewer repeats than this are a deep call chain, not a runaway recursion. */
    static final int MIN_REPEATS = 32;
    private static final int MAX_CYCLE = 8;
    /** The repetition must start this close to frame #0: the recursion is what ran out of stack. */
    private static final int MAX_START = 8;

    /** The longest repetition starting near frame #0, or null when the stack shows none long enough. */
    static StackOverflow find(List<Frame> frames) {
        int n = frames.size();
        if (n < MIN_REPEATS) {
            return null;
        }
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = frames.get(i).function();
        }
        StackOverflow best = null;
        for (int start = 0; start < Math.min(MAX_START, n); start++) {
            for (int period = 1; period <= MAX_CYCLE && start + 2 * period <= n; period++) {
                int end = start + period;
                while (end < n && names[end].equals(names[end - period])) {
                    end++;
                }
                int repeats = (end - start) / period;
                if (repeats >= MIN_REPEATS && (best == null || repeats * period > best.repeats * best.cycle.size())
                        && !names[start].equals("??")) {
                    List<String> cycle = new ArrayList<>();
                    for (int i = start; i < start + period; i++) {
                        cycle.add(names[i]);
                    }
                    String args = frames.get(0).args();
                    best = new StackOverflow(List.copyOf(cycle), repeats, frames.get(start).index(), n,
                            args != null && args.contains("Cannot access memory"));
                }
            }
            if (best != null) {
                break;
            }
        }
        return best;
    }
}
