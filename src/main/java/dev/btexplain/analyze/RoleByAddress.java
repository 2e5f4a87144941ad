package dev.btexplain.analyze;

import dev.btexplain.knowledge.Category;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.Pack;
import dev.btexplain.model.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * A role for a thread of a stripped program that nothing on its own stack names, from a thread of the same listing
 * that has one: both were started by the same call (their frames just inside the thread's start return to the same
 * address) into the same function (the next frames out return to addresses a few hundred bytes apart). A pool's
 * worker caught writing has no named frame left (its request function and the worker loop are static), while the
 * idle workers beside it are known by their wait; the return addresses show it runs the same loop.
 */
final class RoleByAddress {
    /** Two return addresses closer than this lie, most likely, in one function (a worker loop is a few hundred bytes). */
    static final long SAME_FUNCTION_BYTES = 512;

    private RoleByAddress() {
    }

    /** The role for each thread (by index) whose role is unknown and whose start matches a known thread's, else null. */
    static List<RoleClassifier.Result> adopt(List<CallPath> paths, List<ThreadExplanation> explained, KnowledgeBase kb) {
        List<RoleClassifier.Result> out = new ArrayList<>();
        List<Integer> donors = new ArrayList<>();
        for (int i = 0; i < explained.size(); i++) {
            ThreadExplanation t = explained.get(i);
            out.add(null);
            if (!t.role().id().equals("unknown") && kb.kind(t.role().pack()) == Pack.Kind.PROGRAM
                    && t.roleConfidence() != Confidence.POSSIBLE && start(paths.get(i), false) != null) {
                donors.add(i);
            }
        }
        if (donors.isEmpty()) {
            return out;
        }
        for (int i = 0; i < explained.size(); i++) {
            if (!explained.get(i).role().id().equals("unknown")) {
                continue;
            }
            long[] mine = start(paths.get(i), true);
            ThreadExplanation donor = null;
            long[] theirs = null;
            for (int d : donors) {
                long[] other = start(paths.get(d), false);
                if (mine != null && mine[0] == other[0] && Math.abs(mine[1] - other[1]) < SAME_FUNCTION_BYTES) {
                    if (donor != null && donor.role() != explained.get(d).role()) {
                        donor = null; // two roles fit: neither is told
                        break;
                    }
                    donor = donor == null ? explained.get(d) : donor;
                    theirs = donor == explained.get(d) ? other : theirs;
                }
            }
            if (donor != null) {
                List<Evidence> evidence = List.of(Evidence.of("role.same-thread-function", null, donor.role().id(),
                        Evidence.Says.ROLE_SAME_THREAD_FUNCTION, hex(mine[1]), donor.thread().number() == null ? "?"
                                : String.valueOf(donor.thread().number()), donor.role().label(), hex(theirs[1]), hex(mine[0])));
                out.set(i, new RoleClassifier.Result(donor.role(), donor.role().who(), Confidence.POSSIBLE, -1, evidence));
            }
        }
        return out;
    }

    /**
     * The return addresses of the two frames just inside the thread's start (the start routine's call, then the
     * thread function's), when both have addresses; else null. {@code unnamed}: both must also have no name (a
     * thread whose frames are named has its role from them; a known thread's may be named by the knowledge's stand-in
     * for an unnamed caller).
     */
    private static long[] start(CallPath p, boolean unnamed) {
        for (int i = 2; i < p.size(); i++) {
            if (p.named(i) && p.category(i) == Category.THREAD_START) {
                if (unnamed && (p.named(i - 1) || p.named(i - 2))) {
                    return null;
                }
                Frame trampoline = p.frame(i - 1);
                Frame function = p.frame(i - 2);
                return trampoline.address() == null || function.address() == null ? null
                        : new long[] {trampoline.pc(), function.pc()};
            }
        }
        return null;
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
