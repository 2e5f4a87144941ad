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
    /** The threads that could hold some lock in a closed world (each lock's candidates are those not waiting for it). */
    private final List<ThreadExplanation> couldHold;
    private final Set<ThreadExplanation> couldHoldSet;
    /** Threads blocked on a lock their frames do not name (no arguments printed, a JVM monitor). */
    private final List<ThreadExplanation> unnamed;
    /** The join each joining thread waits in. */
    private final Map<ThreadExplanation, Edge> joinOf = new IdentityHashMap<>();

    private WaitGraph(LockGraph locks, List<Edge> joins, boolean complete, List<ThreadExplanation> cycle,
                      Set<ThreadExplanation> stuck, List<ThreadExplanation> couldHold, List<ThreadExplanation> unnamed) {
        this.locks = locks;
        this.joins = List.copyOf(joins);
        this.complete = complete;
        this.cycle = List.copyOf(cycle);
        this.stuck = stuck;
        this.couldHold = couldHold;
        this.couldHoldSet = LockGraph.identitySet(couldHold);
        this.unnamed = List.copyOf(unnamed);
        joins.forEach(j -> joinOf.putIfAbsent(j.waiter(), j));
    }

    /**
     * @param complete the listing holds every thread of the process (thread apply all bt numbers them 1..N; a live
     *                 capture), so a lock's holder must be one of them
     */
    static WaitGraph build(List<ThreadExplanation> threads, LockGraph locks, boolean complete) {
        List<Edge> joins = new ArrayList<>();
        Map<Long, ThreadExplanation> byPthread = byPthread(threads);
        for (ThreadExplanation t : threads) {
            Edge j = join(t, byPthread);
            if (j != null) {
                joins.add(j);
            }
        }
        List<ThreadExplanation> couldHold = couldHold(threads);
        List<ThreadExplanation> unnamed = threads.stream()
                .filter(t -> LockGraph.waitsForThreadLock(t) && locks.waitOf(t) == null).toList();
        WaitGraph g = new WaitGraph(locks, joins, complete, List.of(), Set.of(), couldHold, unnamed);
        return new WaitGraph(locks, joins, complete, g.findCycle(threads), g.stuck(threads), couldHold, unnamed);
    }

    /**
     * The thread a pthread_join waits for: the listing's thread whose pthread address is the join's argument
     * ({@code threadid=140737351554624}, printed in decimal, is {@code Thread 0x7ffff7d8a640}).
     */
    static Edge join(ThreadExplanation t, Map<Long, ThreadExplanation> byPthread) {
        if (t.waitKind() == null || !t.waitKind().id().equals(LockGraph.JOIN) || t.waitFrame() < 0) {
            return null;
        }
        CallPath p = t.path();
        for (int i = t.waitFrame(); i <= t.waitEnd(); i++) {
            String argument = p.entry(i) == null ? null : p.entry(i).target();
            String value = argument == null ? null : p.args(i).get(argument);
            Long id = value == null ? null : number(value.strip());
            if (id == null) {
                continue;
            }
            ThreadExplanation other = byPthread.get(id);
            return new Edge(t, other, null, value.strip(), i);
        }
        return null;
    }

    /** The threads by their pthread address ("Thread 0x7ffff7d8a640"), the first of each. */
    static Map<Long, ThreadExplanation> byPthread(List<ThreadExplanation> threads) {
        Map<Long, ThreadExplanation> byPthread = new java.util.HashMap<>();
        for (ThreadExplanation t : threads) {
            Long pthread = t.thread().pthread() == null ? null : number(t.thread().pthread());
            if (pthread != null) {
                byPthread.putIfAbsent(pthread, t);
            }
        }
        return byPthread;
    }

    /** "140737351554624" or "0x7ffff7d8a640" as a number; null when it is neither. */
    private static Long number(String s) {
        try {
            return s.startsWith("0x") ? Long.parseUnsignedLong(s, 2, s.length(), 16) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The threads that could hold a lock in a closed world: not idle at their home wait (a thread at its home wait
     * holds none of the program's locks), not crashing, not a kernel task; for one lock, those of them not waiting for it.
     */
    private static List<ThreadExplanation> couldHold(List<ThreadExplanation> threads) {
        List<ThreadExplanation> out = new ArrayList<>();
        for (ThreadExplanation t : threads) {
            // a thread idle only by its stack's shape may hold a lock: only a pack's home wait rules it out
            if ((t.activity() != Activity.IDLE || t.idleByShape()) && t.activity() != Activity.CRASHED && !t.role().kernelTask()) {
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

    /** The threads that could hold a lock, in a closed world: the first {@code limit} of them. */
    public List<ThreadExplanation> candidates(LockGraph.LockWait w, int limit) {
        Set<ThreadExplanation> waiting = LockGraph.identitySet(w.waiters());
        return couldHold.stream().filter(t -> !waiting.contains(t)).limit(limit).toList();
    }

    /** How many threads not waiting for this lock could hold it, in a closed world. */
    public long candidateCount(LockGraph.LockWait w) {
        return couldHold.size() - w.waiters().stream().filter(couldHoldSet::contains).count();
    }

    /** Some thread not waiting for this lock could hold it, in a closed world. */
    public boolean hasCandidates(LockGraph.LockWait w) {
        return candidateCount(w) > 0;
    }

    /** Every thread that could hold this lock (in a closed world) is stuck itself. */
    public boolean candidatesAllStuck(LockGraph.LockWait w) {
        if (outsideStuck == null) {
            outsideStuck = LockGraph.identitySet(couldHold);
            outsideStuck.removeAll(stuck);
        }
        return allWaitFor(outsideStuck, LockGraph.identitySet(w.waiters()));
    }

    /** Every one of {@code outside} waits for the lock these are the waiters of (none outside: trivially). */
    private static boolean allWaitFor(Set<ThreadExplanation> outside, Set<ThreadExplanation> waiters) {
        return outside.isEmpty() || outside.size() <= waiters.size() && waiters.containsAll(outside);
    }

    private Set<ThreadExplanation> outsideStuck;

    /** A thread waiting in a join whose frames do not name the thread it joins (eu-stack prints no arguments). */
    private static boolean joinsUnknown(ThreadExplanation t) {
        return t.activity() == Activity.WAITING && t.waitKind() != null && t.waitKind().id().equals(LockGraph.JOIN);
    }

    /** What a thread waits for: the lock's holder or the joined thread; null when it waits for no thread of the listing. */
    public Edge next(ThreadExplanation t) {
        LockGraph.LockWait w = locks.waitOf(t);
        if (w != null) {
            return new Edge(t, w.owner(), w, null, t.waitFrame());
        }
        return joinOf.get(t);
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
        return LockGraph.firstCycle(threads, t -> {
            Edge e = next(t);
            return e == null ? null : e.target();
        });
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
        long userThreads = threads.stream().filter(t -> !t.role().kernelTask()).count();
        for (ThreadExplanation t : threads) {
            Edge e = next(t);
            if (e != null && (e.lock() != null || e.target() != null) || e == null && joinsUnknown(t)) {
                s.add(t);
            }
        }
        // the threads that could hold a lock and are not in the set: a lock is held within the set only when every one
        // of them waits for that very lock
        Set<ThreadExplanation> outside = LockGraph.identitySet(couldHold);
        outside.removeAll(s);
        Map<LockGraph.LockWait, Set<ThreadExplanation>> waiting = new IdentityHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ThreadExplanation t : List.copyOf(s)) {
                Edge e = next(t);
                boolean held;
                if (e == null && joinsUnknown(t)) {
                    // a join that names no thread may wait for any other: stuck when every other thread is
                    held = s.size() == userThreads;
                } else if (e == null) {
                    held = outside.isEmpty(); // an unnamed lock: any working thread could hold it
                } else if (e.lock() != null && e.lock().ownerSource().isFact()) {
                    // an owner gdb read that is not in the listing has exited: nobody will release the lock
                    held = e.lock().owner() == null || s.contains(e.lock().owner());
                } else if (e.lock() != null) {
                    Set<ThreadExplanation> its = waiting.computeIfAbsent(e.lock(), w -> LockGraph.identitySet(w.waiters()));
                    held = allWaitFor(outside, its);
                } else {
                    held = s.contains(e.target());
                }
                if (!held) {
                    s.remove(t);
                    if (couldHoldSet.contains(t)) {
                        outside.add(t);
                    }
                    changed = true;
                }
            }
        }
        return s;
    }
}
