package dev.btexplain.analyze;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The findings the wait graph proves, as records for the report: a cycle, a chain that ends inside work, a lock no
 * other thread can hold, the waits inside work and what each waiting thread does. {@link VerdictLadder} decides which
 * of them make the verdict.
 */
final class WaitFindings {
    private WaitFindings() {
    }

    /** Each lock and who holds it, each join and whom it waits for. */
    static List<Finding> locksAndJoins(WaitGraph waits) {
        List<Finding> out = new ArrayList<>();
        for (LockGraph.LockWait w : waits.locks().locks()) {
            ThreadExplanation first = w.waiters().get(0);
            String command = !w.ownerSource().isFact() ? w.lock().ownerCommand() : null;
            List<Finding.FrameRef> frames = first.waitFrame() < 0 ? List.of() : List.of(new Finding.FrameRef(first, first.waitFrame()));
            out.add(new Finding(w.waiters(), w.owner() == null ? List.of() : List.of(w.owner()), frames, "wait-graph.lock",
                    new Detail.LockWait(w.lock().label(), w.ownerSource(), w.ownerConfidence(), w.ownerWhy(), command, null), false));
        }
        for (WaitGraph.Edge j : waits.joins()) {
            if (j.waiter().activity() == Activity.IDLE) {
                continue; // a join at a home wait (the java launcher's) is how the program is built, not a finding
            }
            out.add(new Finding(List.of(j.waiter()), j.target() == null ? List.of() : List.of(j.target()),
                    List.of(new Finding.FrameRef(j.waiter(), j.frame())), "wait-graph.join", new Detail.Join(j.join(), j.target() != null),
                    false));
        }
        return out;
    }

    /** "Deadlock: thread 2 waits for mutex A, held by thread 3, which waits for mutex B, held by thread 2." */
    static Finding cycle(WaitGraph g) {
        List<Finding.WaitStep> steps = new ArrayList<>();
        List<ThreadExplanation> targets = new ArrayList<>();
        for (ThreadExplanation t : g.cycle()) {
            WaitGraph.Edge e = g.next(t);
            steps.add(step(e, new Finding.One(e.waiter())));
            targets.add(e.target());
        }
        return new Finding(g.cycle(), targets, List.of(), "wait-graph.cycle", new Detail.Deadlock(steps), true);
    }

    /** One wait of a chain, for the renderer: what is waited for (a lock or a join), and how the target is known. */
    static Finding.WaitStep step(WaitGraph.Edge e, Finding.Who who) {
        return e.lock() != null
                ? new Finding.WaitStep(who, e.lock().lock().label(), null, e.lock().ownerSource(), null, e.target())
                : new Finding.WaitStep(who, null, e.join(), OwnerSource.ARGUMENT, e.waiter().path().frame(e.frame()).function(),
                        e.target());
    }

    /** Locks of the closed world's stuck set that some thread could hold, every one of them stuck too. */
    static List<LockGraph.LockWait> closedWorldLocks(WaitGraph g) {
        List<LockGraph.LockWait> out = new ArrayList<>();
        for (LockGraph.LockWait w : g.locks().locks()) {
            if (w.waiters().stream().anyMatch(g.stuck()::contains) && g.hasCandidates(w) && !w.ownerSource().isFact()) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Locks that no thread able to go on could release: every thread that could hold one (in a closed world) waits for
     * its waiters, or gdb read an owner that is a waiter or not in the listing. A waiter locked it itself (a
     * self-deadlock), or a thread that exited left it locked, or one of the others holds it while it waits for them.
     */
    static List<Finding> selfLocked(WaitGraph g) {
        List<Finding> out = new ArrayList<>();
        for (LockGraph.LockWait w : g.locks().locks()) {
            boolean stuck = w.waiters().stream().anyMatch(g.stuck()::contains);
            boolean readDead = w.ownerSource().isFact() && w.owner() == null;
            if (stuck && (w.owner() == null && g.candidatesAllStuck(w) || readDead)) {
                Detail d = new Detail.SelfLockedOrExited(w.lock().label(), readDead ? null : w.lock().ownerCommand(), readDead,
                        readDead ? 0L : g.candidateCount(w), null);
                out.add(new Finding(w.waiters(), readDead ? List.of() : g.candidates(w, LockGraph.CANDIDATES_SHOWN),
                        List.of(), "wait-graph.no-other-holder", d, true));
            }
        }
        return out;
    }

    /**
     * Chains of waits that cannot end by themselves: a lock held by a thread blocked inside work (not running, not at
     * its home wait: a lock held across a blocking wait), or any chain whose last thread is proven stuck (a join on a
     * self-deadlocked thread). A join on a thread that waits for input is how programs wait for their workers: not a
     * hang by itself. One finding per lock or join whose chain ends so; a chain that another passes through is said as
     * part of that one.
     */
    static List<Finding> blockedChains(WaitGraph g, List<ThreadExplanation> threads) {
        Map<Object, List<ThreadExplanation>> waitersOf = new LinkedHashMap<>(); // a lock wait, or a joining thread
        for (ThreadExplanation t : threads) {
            WaitGraph.Edge e = g.next(t);
            if (e != null && e.target() != null) {
                waitersOf.computeIfAbsent(e.lock() != null ? e.lock() : t, k -> new ArrayList<>()).add(t);
            }
        }
        List<List<WaitGraph.Edge>> chains = new ArrayList<>();
        for (List<ThreadExplanation> waiters : waitersOf.values()) {
            WaitGraph.Edge first = g.next(waiters.get(0));
            List<WaitGraph.Edge> chain = new ArrayList<>(List.of(first));
            chain.addAll(g.chain(first.target()));
            ThreadExplanation end = chain.get(chain.size() - 1).target();
            boolean holdsLock = chain.stream().anyMatch(e -> e.lock() != null);
            boolean blocked = end.activity() == Activity.WAITING && !(end.state() == ThreadState.WAIT_MUTEX && g.next(end) == null);
            if (holdsLock && blocked || g.stuck().contains(end)) {
                chains.add(chain);
            }
        }
        Set<ThreadExplanation> passedThrough = new LinkedHashSet<>();
        chains.forEach(c -> c.subList(1, c.size()).forEach(e -> passedThrough.add(e.waiter())));
        List<Finding> out = new ArrayList<>();
        for (List<WaitGraph.Edge> chain : chains) {
            if (passedThrough.contains(chain.get(0).waiter())) {
                continue;
            }
            WaitGraph.Edge first = chain.get(0);
            List<ThreadExplanation> waiters = waitersOf.get(first.lock() != null ? first.lock() : first.waiter());
            List<Finding.WaitStep> steps = new ArrayList<>();
            List<ThreadExplanation> targets = new ArrayList<>();
            for (WaitGraph.Edge e : chain) {
                steps.add(step(e, e == first ? new Finding.All(waiters) : new Finding.One(e.waiter())));
                targets.add(e.target());
            }
            out.add(new Finding(waiters, targets, List.of(), "wait-graph.blocked-end",
                    new Detail.Chain(steps, end(chain.get(chain.size() - 1).target())), true));
        }
        return out;
    }

    /** What the thread at the end of a chain does: its wait's kind, function and caller, and the object of the wait. */
    static Finding.WaitEnd end(ThreadExplanation t) {
        String function = t.waitFrame() < 0 ? t.path().topName() : outerWait(t);
        CallPath.Who caller = t.waitCallerWho(); // the nearest caller, unnamed or not: never a farther named frame
        Integer work = t.activityWhy().rule().equals("activity.not-home") ? t.activityWhy().frame() : null;
        String inside = work == null ? null : frameFunction(t, work);
        if (inside != null && (caller != null && inside.equals(caller.name()) || inside.equals(function))) {
            inside = null; // the work it waits inside is said only when its caller is a loop function
        }
        return new Finding.WaitEnd(t, t.waitsFor() != null ? t.waitsFor() : t.waitKind() == null ? t.state().id() : t.waitKind().label(),
                function, caller, inside, t.waitsOn().isEmpty() ? null : t.waitsOn().get(0),
                t.role().homeWaits().isEmpty() ? Boolean.TRUE : null); // true: no pack says where it waits with nothing to do
    }

    /**
     * The wait the thread's own code called: the outermost named frame of the wait, as the program named it
     * (InterpreterRuntime::monitorenter over pthread_cond_timedwait, read over __GI___libc_read).
     */
    static String outerWait(ThreadExplanation t) {
        for (int i = t.waitEnd(); i >= t.waitFrame(); i--) {
            if (t.path().named(i)) {
                return t.path().entry(i) != null && t.path().entry(i).library().equals(t.path().entry(t.waitFrame()).library())
                        ? t.waitFunction() : t.path().name(i);
            }
        }
        return t.waitFunction();
    }

    /** The function of the frame printed with this number (without a C++ parameter list), or null. */
    static String frameFunction(ThreadExplanation t, int number) {
        for (int i = 0; i < t.path().size(); i++) {
            if (t.path().index(i) == number) {
                return t.path().name(i);
            }
        }
        return null;
    }

    static Finding waitingInWork(List<ThreadExplanation> working) {
        List<Finding.WaitEnd> waits = working.stream().map(WaitFindings::end).toList();
        return new Finding(working, List.of(), List.of(), "activity.not-home", new Detail.WaitingInWork(waits), false);
    }

    static Finding untold(List<ThreadExplanation> untold) {
        List<Finding.Untold> why = untold.stream().map(t -> new Finding.Untold(t, t.activityWhy())).toList();
        return new Finding(untold, List.of(), List.of(), "state.unknown", new Detail.Untold(why), false);
    }
}
