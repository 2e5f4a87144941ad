package dev.btexplain.analyze;

import dev.btexplain.knowledge.Category;
import dev.btexplain.knowledge.RoleDefinition;

/**
 * Whether a thread waits where a healthy thread of its role sleeps (the role's home waits, roles.json): the only
 * way a thread is idle. A wait reached through any function that is not one of the role's loop or entry functions
 * (a drain, a monitor command, synchronize_rcu) is a wait inside work.
 */
final class HomeWaits {
    private HomeWaits() {
    }

    /**
     * The home wait the thread is at, how sure (likely when unnamed frames were passed over, or the stack does not
     * reach the thread's start), and the evidence.
     */
    record Match(RoleDefinition.HomeWait home, Confidence confidence, Evidence evidence) {
    }

    static Match match(CallPath p, RoleDefinition role, StateClassifier.Result state) {
        if (state.waitFrame() < 0 || !state.state().isWaiting()) {
            return null;
        }
        for (RoleDefinition.HomeWait h : role.homeWaits()) {
            Match m = match(p, role, state, h);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /**
     * The first named frame outside the wait that none of the role's home waits goes through (convert_do_copy above
     * main_loop_wait, bdrv_do_drained_begin above aio_poll): the work the thread waits inside; -1 when none stands out.
     */
    static int workFrame(CallPath p, RoleDefinition role, StateClassifier.Result state) {
        java.util.Set<String> through = new java.util.HashSet<>();
        role.homeWaits().forEach(h -> through.addAll(h.through()));
        int last = p.size() - 1;
        for (RoleDefinition.HomeWait h : role.homeWaits()) {
            int entry = outermostEntry(p, h);
            last = entry >= 0 ? Math.min(last, entry) : last;
        }
        for (int j = state.chainEnd() + 1; j <= last; j++) {
            Category c = p.category(j);
            if (c == Category.THREAD_START || c == Category.MAIN_START || p.signalHandler(j)) {
                return -1;
            }
            if (p.named(j) && !p.unreliable(j) && !p.isOneOf(j, through)) {
                return j;
            }
        }
        return -1;
    }

    /** The outermost frame that enters the home wait's loop (its loop_entries), or -1. */
    private static int outermostEntry(CallPath p, RoleDefinition.HomeWait h) {
        for (int j = p.size() - 1; j >= 0 && !h.loopEntries().isEmpty(); j--) {
            if (p.named(j) && p.isOneOf(j, h.loopEntries())) {
                return j;
            }
        }
        return -1;
    }

    private static Match match(CallPath p, RoleDefinition role, StateClassifier.Result state, RoleDefinition.HomeWait h) {
        if (!h.states().contains(state.state().id())) {
            return null;
        }
        int outer = -1; // the call the program made: the outermost named frame of the wait
        for (int i = state.chainEnd(); i >= state.waitFrame() && outer < 0; i--) {
            outer = p.named(i) ? i : -1;
        }
        boolean named = false;
        if (!h.waits().isEmpty()) {
            if (outer < 0 || !p.isOneOf(outer, h.waits())) {
                return null;
            }
            named = true;
        }
        boolean passedOver = false;
        boolean reachedStart = false;
        int entry = outermostEntry(p, h); // a library loop's callers are the program's: not looked at
        int last = entry >= 0 ? entry : p.size() - 1;
        for (int j = state.chainEnd() + 1; j <= last && !reachedStart; j++) {
            if (p.unreliable(j)) {
                continue;
            }
            if (p.signalHandler(j)) {
                // below the marker is the code the signal interrupted (a process forked from a handler keeps it)
                reachedStart = true;
                continue;
            }
            if (!p.named(j)) {
                passedOver = true;
                continue;
            }
            Category c = p.category(j);
            if (c == Category.THREAD_START || c == Category.MAIN_START) {
                reachedStart = true;
            } else if (p.isOneOf(j, h.through())) {
                named = true;
            } else {
                return null; // reached through other work
            }
        }
        reachedStart |= entry > state.chainEnd();
        if (!named) {
            return null; // nothing named says where it waits: unnamed frames prove nothing
        }
        boolean sure = !passedOver && reachedStart;
        String why = "the thread waits where a healthy " + role.label() + " sleeps: " + h.why()
                + (sure ? "" : passedOver ? " (some frames between have no names)" : " (the stack does not reach the thread's start)");
        return new Match(h, sure ? Confidence.CERTAIN : Confidence.LIKELY,
                new Evidence("activity.home-wait", outer < 0 ? null : p.index(outer), role.id(), why));
    }
}
