package dev.btexplain.analyze;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One wait-for graph of the listing: threads are nodes; a thread blocked on a lock points to the lock's holder
 * (read by gdb, or inferred), a thread in pthread_join to the thread it joins. Cycles are deadlocks; a chain that ends
 * at a blocked thread is a hang. When the capture lists every thread (a closed world), a lock no running or working
 * thread could hold is proven stuck even without owners: three threads that each wait for a lock only the others could
 * hold are a deadlock, and a lock no other thread could hold was locked by a waiter itself or by a thread that exited.
 */
public final class WaitGraph {
    /**
     * One edge: {@code waiter} waits for {@code target} through a lock or a join.
     *
     * @param lock   the lock, for a lock wait, else null
     * @param join   the thread id the join names (as printed), for a join, else null
     * @param frame  the frame whose argument names what is waited for, -1 when none
     */
    public record Edge(ThreadExplanation waiter, ThreadExplanation target, LockGraph.LockWait lock, String join, int frame) {
    }

    private final LockGraph locks;
    private final List<Edge> joins;
    private final boolean complete;
    private final List<ThreadExplanation> cycle;
    private final Set<ThreadExplanation> stuck;
    private final Map<LockGraph.LockWait, List<ThreadExplanation>> candidates;
    /** Threads blocked on a lock their frames do not name (no arguments printed, a JVM monitor). */
    private final List<ThreadExplanation> unnamed;

    private WaitGraph(LockGraph locks, List<Edge> joins, boolean complete, List<ThreadExplanation> cycle,
                      Set<ThreadExplanation> stuck, Map<LockGraph.LockWait, List<ThreadExplanation>> candidates,
                      List<ThreadExplanation> unnamed) {
        this.locks = locks;
        this.joins = List.copyOf(joins);
        this.complete = complete;
        this.cycle = List.copyOf(cycle);
        this.stuck = stuck;
        this.candidates = candidates;
        this.unnamed = List.copyOf(unnamed);
    }

    /**
     * @param complete the listing holds every thread of the process (thread apply all bt numbers them 1..N; a live
     *                 capture), so a lock's holder must be one of them
     */
    static WaitGraph build(List<ThreadExplanation> threads, LockGraph locks, boolean complete) {
        List<Edge> joins = new ArrayList<>();
        for (ThreadExplanation t : threads) {
            Edge j = join(t, threads);
            if (j != null) {
                joins.add(j);
            }
        }
        Map<LockGraph.LockWait, List<ThreadExplanation>> candidates = new IdentityHashMap<>();
        for (LockGraph.LockWait w : locks.locks()) {
            candidates.put(w, couldHold(w.waiters(), threads));
        }
        List<ThreadExplanation> unnamed = threads.stream()
                .filter(t -> LockGraph.waitsForThreadLock(t) && locks.waitOf(t) == null).toList();
        WaitGraph g = new WaitGraph(locks, joins, complete, List.of(), Set.of(), candidates, unnamed);
        return new WaitGraph(locks, joins, complete, g.findCycle(threads), g.stuck(threads), candidates, unnamed);
    }

    /**
     * The thread a pthread_join waits for: the listing's thread whose pthread address is the join's argument
     * ({@code threadid=140737351554624}, printed in decimal, is {@code Thread 0x7ffff7d8a640}).
     */
    private static Edge join(ThreadExplanation t, List<ThreadExplanation> threads) {
        if (t.waitKind() == null || !t.waitKind().id().equals(LockGraph.JOIN) || t.waitFrame() < 0) {
            return null;
        }
        CallPath p = t.path();
        for (int i = t.waitFrame(); i <= t.waitEnd(); i++) {
            String argument = p.entry(i) == null ? null : p.entry(i).target();
            String value = argument == null ? null : Arguments.parse(p.frame(i).args()).get(argument);
            Long id = value == null ? null : number(value.strip());
            if (id == null) {
                continue;
            }
            for (ThreadExplanation other : threads) {
                Long pthread = other.thread().pthread() == null ? null : number(other.thread().pthread());
                if (id.equals(pthread)) {
                    return new Edge(t, other, null, value.strip(), i);
                }
            }
            return new Edge(t, null, null, value.strip(), i);
        }
        return null;
    }

    /** "140737351554624" or "0x7ffff7d8a640" as a number; null when it is neither. */
    private static Long number(String s) {
        try {
            return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The threads that could hold a lock in a closed world: not waiting for it, not idle at their home wait (a thread
     * at its home wait holds none of the program's locks), not crashing, not a kernel task.
     */
    private static List<ThreadExplanation> couldHold(List<ThreadExplanation> waiters, List<ThreadExplanation> threads) {
        List<ThreadExplanation> out = new ArrayList<>();
        for (ThreadExplanation t : threads) {
            if (!waiters.contains(t) && t.activity() != Activity.IDLE && t.activity() != Activity.CRASHED
                    && !t.role().kernelTask()) {
                out.add(t);
            }
        }
        return out;
    }

    public LockGraph locks() {
        return locks;
    }

    /** The joins of the listing: who waits for which thread to exit. */
    public List<Edge> joins() {
        return joins;
    }

    public boolean complete() {
        return complete;
    }

    /** Threads of a cycle of waits (each waits for a lock the next holds, or for the next to exit), empty when none. */
    public List<ThreadExplanation> cycle() {
        return cycle;
    }

    /**
     * In a closed world, the threads that cannot go on whatever the others do: each waits for a lock that only threads
     * of this set could hold, or joins one of them. Empty when the listing is not complete.
     */
    public Set<ThreadExplanation> stuck() {
        return stuck;
    }

    /**
     * Threads blocked on a lock their frames do not name: any working thread could hold it, so in a closed world
     * they are stuck only when every such thread is.
     */
    public List<ThreadExplanation> unnamed() {
        return unnamed;
    }

    /** The threads that could hold a lock, in a closed world. */
    public List<ThreadExplanation> candidates(LockGraph.LockWait w) {
        return candidates.getOrDefault(w, List.of());
    }

    /** What a thread waits for: the lock's holder or the joined thread; null when it waits for no thread of the listing. */
    public Edge next(ThreadExplanation t) {
        LockGraph.LockWait w = locks.waitOf(t);
        if (w != null) {
            return new Edge(t, w.owner(), w, null, t.waitFrame());
        }
        for (Edge j : joins) {
            if (j.waiter() == t) {
                return j;
            }
        }
        return null;
    }

    /** The waits from a thread, end to end: each edge to the next thread, until one that waits for no thread (or a repeat). */
    public List<Edge> chain(ThreadExplanation from) {
        List<Edge> out = new ArrayList<>();
        Set<ThreadExplanation> seen = new LinkedHashSet<>();
        for (Edge e = next(from); e != null && e.target() != null && seen.add(e.waiter()); e = next(e.target())) {
            out.add(e);
        }
        return out;
    }

    private List<ThreadExplanation> findCycle(List<ThreadExplanation> threads) {
        for (ThreadExplanation first : threads) {
            List<ThreadExplanation> path = new ArrayList<>();
            for (Edge e = next(first); e != null && e.target() != null && path.size() <= threads.size(); e = next(e.target())) {
                path.add(e.waiter());
                if (e.target() == first) {
                    return path;
                }
                if (path.contains(e.target())) {
                    break; // a cycle that does not pass through the first thread: found from one of its own
                }
            }
        }
        return List.of();
    }

    /**
     * The greatest set of threads none of which can go on while the others do not: start from every thread blocked
     * on a lock or a join, and drop one while something outside the set could release it (a holder gdb read outside
     * the set, a thread that could hold the lock outside the set, a joined thread outside the set).
     */
    private Set<ThreadExplanation> stuck(List<ThreadExplanation> threads) {
        if (!complete) {
            return Set.of();
        }
        Set<ThreadExplanation> s = new LinkedHashSet<>(unnamed);
        for (ThreadExplanation t : threads) {
            Edge e = next(t);
            if (e != null && (e.lock() != null || e.target() != null)) {
                s.add(t);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ThreadExplanation t : List.copyOf(s)) {
                Edge e = next(t);
                boolean held;
                if (e == null) {
                    held = s.containsAll(couldHold(List.of(), threads)); // an unnamed lock: any working thread could hold it
                } else if (e.lock() != null && e.lock().ownerSource().equals("gdb")) {
                    // an owner gdb read that is not in the listing has exited: nobody will release the lock
                    held = e.lock().owner() == null || s.contains(e.lock().owner());
                } else if (e.lock() != null) {
                    held = s.containsAll(candidates(e.lock()));
                } else {
                    held = s.contains(e.target());
                }
                if (!held) {
                    s.remove(t);
                    changed = true;
                }
            }
        }
        return s;
    }
}
