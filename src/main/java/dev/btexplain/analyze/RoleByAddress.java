package dev.btexplain.analyze;

import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.Pack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        // the known threads by the address their start routine returns to, then by their thread function's address
        Map<Long, TreeMap<Long, ThreadExplanation>> donors = new HashMap<>();
        for (int i = 0; i < explained.size(); i++) {
            ThreadExplanation t = explained.get(i);
            out.add(null);
            long[] start = !t.role().id().equals("unknown") && kb.kind(t.role().pack()) == Pack.Kind.PROGRAM
                    && t.roleConfidence() != Confidence.POSSIBLE ? start(paths.get(i), false) : null;
            if (start != null) {
                donors.computeIfAbsent(start[0], k -> new TreeMap<>()).putIfAbsent(start[1], t);
            }
        }
        if (donors.isEmpty()) {
            return out;
        }
        for (int i = 0; i < explained.size(); i++) {
            long[] mine = explained.get(i).role().id().equals("unknown") ? start(paths.get(i), true) : null;
            TreeMap<Long, ThreadExplanation> same = mine == null ? null : donors.get(mine[0]);
            if (same == null) {
                continue;
            }
            Map<Long, ThreadExplanation> near = same.subMap(mine[1] - SAME_FUNCTION_BYTES, false, mine[1] + SAME_FUNCTION_BYTES, false);
            if (near.isEmpty() || near.values().stream().map(ThreadExplanation::role).distinct().count() > 1) {
                continue; // no known thread runs that function, or two roles fit: neither is told
            }
            Map.Entry<Long, ThreadExplanation> theirs = near.entrySet().iterator().next();
            ThreadExplanation donor = theirs.getValue();
            List<Evidence> evidence = List.of(Evidence.of("role.same-thread-function", null, donor.role().id(),
                    Evidence.Says.ROLE_SAME_THREAD_FUNCTION, hex(mine[1]), donor.thread().number() == null ? "?"
                            : String.valueOf(donor.thread().number()), donor.role().label(), hex(theirs.getKey()), hex(mine[0])));
            out.set(i, new RoleClassifier.Result(donor.role(), donor.role().who(), Confidence.POSSIBLE, -1, evidence));
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
        int i = p.threadStart();
        if (i < 2 || unnamed && (p.named(i - 1) || p.named(i - 2))) {
            return null;
        }
        return !p.hasAddress(i - 1) || !p.hasAddress(i - 2) ? null : new long[] {p.pc(i - 1), p.pc(i - 2)};
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
