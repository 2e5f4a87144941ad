package dev.btexplain.analyze;

import dev.btexplain.model.InputFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The process's verdict, one rung at a time, most decisive first. Idle is proven, never assumed: it needs every
 * thread at a home wait of its role; busy needs a running thread; anything else is a hang, a deadlock or unknown,
 * with the threads that could not be told named.
 */
final class VerdictLadder {
    /** The verdict, how sure, and the findings that decide it. */
    record Decision(Verdict verdict, Confidence confidence, List<Finding> findings) {
    }

    /**
     * What the ladder reads.
     *
     * @param threads  the last listing's threads
     * @param format   the input's format
     * @param reported the report a tool printed, null when none
     * @param crash    the fatal signal gdb printed, null when none
     * @param waits    the wait-for graph
     * @param patterns threads a pack's hang pattern says wait synchronously inside work
     * @param changed  per thread, whether its stack changed since the listing before (several samples)
     * @param before   per thread, how the listing before explained it (several samples)
     * @param samples  how many listings the input holds
     * @param busyCpuPercent the share of a CPU at which the kernel's view shows work (the generic pack's busy_cpu_percent)
     */
    record Facts(List<ThreadExplanation> threads, InputFormat format, Reported reported, Crash crash, WaitGraph waits,
                 Set<ThreadExplanation> patterns, Map<dev.btexplain.model.ThreadTrace, Boolean> changed,
                 Map<dev.btexplain.model.ThreadTrace, ThreadExplanation> before, int samples, int busyCpuPercent) {
    }

    private VerdictLadder() {
    }

    static Decision decide(Facts f) {
        List<ThreadExplanation> threads = f.threads().stream().filter(t -> !t.role().kernelTask()).toList();
        // 1. A tool that printed a report saw more than the stacks do: its kind decides (a crash kind is the crash rung).
        if (f.reported() != null && !f.reported().kind().verdict().equals("crash")) {
            String v = KernelReports.verdict(f.reported(), f.threads());
            List<Finding> out = new ArrayList<>();
            if (!v.equals(f.reported().kind().verdict())) {
                out.add(KernelReports.whyWaiting(f.reported(), f.threads()));
            }
            return new Decision(Verdict.valueOf(v.toUpperCase(Locale.ROOT)), Confidence.fromId(f.reported().kind().confidence()), out);
        }
        // 2. A thread dies: gdb's fatal signal makes it certain, the abort path on a stack alone likely.
        if (threads.stream().anyMatch(t -> t.state() == ThreadState.CRASHED)) {
            return new Decision(Verdict.CRASH, f.crash() != null ? Confidence.CERTAIN : Confidence.LIKELY, List.of());
        }
        WaitGraph g = f.waits();
        // 3. A cycle of waits, by owners read or inferred: none of its threads can go on.
        if (!g.cycle().isEmpty()) {
            return new Decision(Verdict.DEADLOCK, ownersRead(g.cycle(), g) ? Confidence.CERTAIN : Confidence.LIKELY,
                    List.of(WaitFindings.cycle(g)));
        }
        // 4. A closed world: locks that only threads of one set could hold, none of which can go on.
        List<ThreadExplanation> lockWaiters = g.stuck().stream().filter(LockGraph::waitsForThreadLock).toList();
        List<LockGraph.LockWait> closed = WaitFindings.closedWorldLocks(g);
        Set<ThreadExplanation> unnamed = LockGraph.identitySet(g.unnamed());
        long unnamedWaiters = lockWaiters.stream().filter(unnamed::contains).count();
        if (closed.size() + unnamedWaiters >= 2 && lockWaiters.size() >= 2) {
            List<String> labels = new ArrayList<>(closed.stream().map(w -> w.lock().label()).toList());
            Set<ThreadExplanation> waiting = LockGraph.identitySet(lockWaiters);
            List<ThreadExplanation> behind = g.stuck().stream().filter(t -> !waiting.contains(t)).toList();
            Finding d = new Finding(lockWaiters, behind, List.of(), "wait-graph.closed-world",
                    new Detail.ClosedWorldDeadlock(labels, unnamedWaiters), true);
            return new Decision(Verdict.DEADLOCK, Confidence.LIKELY, List.of(d));
        }
        // 5. A hang: a chain of waits that ends at a thread blocked inside work, or a lock nobody else could hold.
        List<Finding> chains = WaitFindings.blockedChains(g, threads);
        List<Finding> selfLocked = WaitFindings.selfLocked(g);
        if (!chains.isEmpty() || !selfLocked.isEmpty()) {
            // certain only when every lock of every chain has its owner read by gdb (a join names its thread itself)
            boolean read = selfLocked.isEmpty() && chains.stream().allMatch(c -> holdsReadLock(c, g));
            List<Finding> out = new ArrayList<>(selfLocked);
            out.addAll(chains);
            return new Decision(Verdict.HUNG, read ? Confidence.CERTAIN : Confidence.LIKELY, out);
        }
        List<ThreadExplanation> same = sameAcrossSamples(f, threads);
        if (!same.isEmpty()) {
            List<Finding.WaitEnd> waits = same.stream().map(WaitFindings::end).toList();
            return new Decision(Verdict.HUNG, Confidence.LIKELY, List.of(new Finding(same, List.of(), List.of(),
                    "samples.unchanged", new Detail.SameWaitAcrossSamples(waits), true)));
        }
        // 6. Kernel stacks: a futex wait there is a mutex (a deadlock) or a condition variable (idle) alike.
        long futex = count(threads, ThreadState.WAIT_FUTEX);
        if (f.format() == InputFormat.PROC_STACK && futex > 0) {
            return new Decision(Verdict.UNKNOWN, Confidence.POSSIBLE, List.of(Finding.of(List.of(),
                    new Detail.KernelFutex(futex))));
        }
        return openVerdict(f, g, threads);
    }

    /** The threads that used the CPU, most first, when together they used at least {@code busy} percent of one; else null. */
    private static Finding workOnNoStack(List<ThreadExplanation> threads, int busy) {
        List<ThreadExplanation> used = threads.stream().filter(t -> t.cpuPercent() > 0)
                .sorted(java.util.Comparator.comparingLong(ThreadExplanation::cpuPercent).reversed()).toList();
        long total = used.stream().mapToLong(ThreadExplanation::cpuPercent).sum();
        if (used.isEmpty() || total < busy) {
            return null;
        }
        long window = used.stream().mapToLong(t -> t.kernel().windowMillis()).max().orElse(0);
        return Finding.of(used, new Detail.WorkOnNoStack(total, window));
    }

    /**
     * Nothing proven stuck: the most the stacks support, with how sure. Idle when every thread waits at a home wait or is
     * parked at the top of its loop (as sure as the least sure of them); busy when a thread works (runs, does file or
     * disk I/O, or the kernel saw it use the CPU): a synchronous wait behind work in progress is slow, not hung; hung
     * (possible) when threads wait inside work while nothing they could be waiting for progresses; unknown only when
     * the frames leave nothing to reason from.
     */
    private static Decision openVerdict(Facts f, WaitGraph g, List<ThreadExplanation> all) {
        List<Finding> out = new ArrayList<>();
        // a runtime's dump shows its own threads (a JVM's GC and compiler threads) without a frame, or a scheduler's own
        // stack (a Go dump's goroutine 0): nothing the program's threads depend on; said, and the verdict rests on the others
        List<ThreadExplanation> unseen = all.stream().filter(t -> t.thread().runtime() != null
                && (t.path().size() == 0 || t.thread().runtime().schedulerStack())).toList();
        List<ThreadExplanation> threads = unseen.isEmpty() || unseen.size() == all.size() ? all
                : all.stream().filter(t -> !unseen.contains(t)).toList();
        if (threads != all) {
            out.add(WaitFindings.untold(unseen));
        }
        List<ThreadExplanation> untold = threads.stream().filter(t -> t.activity() == Activity.UNKNOWN).toList();
        List<ThreadExplanation> waiting = threads.stream().filter(t -> t.activity() == Activity.WAITING).toList();
        List<ThreadExplanation> runningThreads = threads.stream().filter(t -> t.activity() == Activity.RUNNING).toList();
        // work a synchronous wait could be behind: not a guest CPU running guest code, which no host wait waits for
        // (nor a thread a pack's hang pattern says waits inside work while it runs a callback of its nested wait)
        List<ThreadExplanation> progress = runningThreads.stream().filter(t -> t.state() != ThreadState.GUEST_EXEC
                && !f.patterns().contains(t)).toList();
        boolean allIdle = !threads.isEmpty() && threads.stream().allMatch(t -> t.activity() == Activity.IDLE);
        // a thread that ran in the listing before and changed since: work went on between the samples
        List<ThreadExplanation> workedBefore = threads.stream().filter(t -> Boolean.TRUE.equals(f.changed().get(t.thread()))
                && f.before().get(t.thread()) != null && f.before().get(t.thread()).activity() == Activity.RUNNING).toList();
        if (allIdle && g.complete() && !workedBefore.isEmpty()) {
            out.add(Finding.of(workedBefore, new Detail.WorkedBetweenSamples()));
            return new Decision(Verdict.BUSY, Confidence.POSSIBLE, out);
        }
        // the kernel saw the process work while every stack shows a wait: its work runs between the waits gdb caught
        // (short tasks on many threads, each under one thread's share), so idle is what the /proc reading contradicts
        Finding onNoStack = allIdle ? workOnNoStack(threads, f.busyCpuPercent()) : null;
        if (onNoStack != null) {
            out.add(onNoStack);
            return new Decision(Verdict.BUSY, Confidence.LIKELY, out);
        }
        if (allIdle && g.complete()) {
            boolean unchanged = f.samples() > 1 && !f.changed().containsValue(Boolean.TRUE);
            Confidence c = weakest(threads, unchanged ? Confidence.CERTAIN : Confidence.LIKELY);
            // idle by the stacks' shape (parked, or joining a thread that is), not at a home wait a pack names
            long shaped = threads.stream().filter(t -> t.home() == null || t.home().shape() != null).count();
            out.add(Finding.of(threads, new Detail.Idle(shaped, unseen.isEmpty() || threads == all ? null : unseen.size())));
            return new Decision(Verdict.IDLE, c, out);
        }
        if (!g.complete() && !f.format().reportStacks()) {
            // threads not shown could be anywhere: idle cannot be proven, and "nothing is stuck" only hoped
            out.add(Finding.of(threads, new Detail.PartialListing(allIdle)).wrong());
        }
        if (allIdle) {
            return new Decision(Verdict.UNKNOWN, Confidence.POSSIBLE, out);
        }
        if (!waiting.isEmpty()) {
            out.add(WaitFindings.waitingInWork(waiting).wrong());
        }
        if (!untold.isEmpty()) {
            out.add(WaitFindings.untold(untold).wrong());
        }
        boolean partial = !g.complete();
        // a wait on a lock whose probable holder is not blocked: brief contention and a holder looping with the lock
        // held look the same in one listing
        LockGraph.LockWait contended = g.locks().locks().stream().filter(w -> w.owner() != null).findFirst().orElse(null);
        if (contended != null) {
            out.add(0, new Finding(contended.waiters(), List.of(contended.owner()), List.of(), "wait-graph.running-holder",
                    new Detail.Contention(contended.lock().label(), contended.owner().state()), false));
            // with a second sample in which the holder or its waiters moved, the contention is on work that goes on
            boolean moved = Boolean.TRUE.equals(f.changed().get(contended.owner().thread()))
                    || contended.waiters().stream().anyMatch(w -> Boolean.TRUE.equals(f.changed().get(w.thread())));
            return new Decision(moved ? Verdict.BUSY : Verdict.UNKNOWN, Confidence.POSSIBLE, out);
        }
        long locked = threads.stream().filter(LockGraph::waitsForThreadLock).count();
        if (locked > 0 && !g.stuck().isEmpty()) {
            // closed world: no working thread is left that could release what they wait for
            out.add(0, new Finding(List.copyOf(g.stuck()), List.of(), List.of(), "wait-graph.no-other-holder",
                    new Detail.SelfLockedOrExited(null, null, false, null, null), true));
            return new Decision(Verdict.HUNG, Confidence.LIKELY, out);
        }
        if (locked > 0) {
            // a lock whose holder does not stand out: brief contention and a hang look the same in one listing, unless
            // every thread of a whole listing waits: then whichever holds the lock waits too, and the lock is not
            // released before that wait ends (a holder sleeping or blocked with the lock held): hung, possible
            boolean nothingRuns = !partial && runningThreads.isEmpty() && untold.isEmpty();
            out.add(0, Finding.of(List.of(), new Detail.LockHolderUnknown(locked, nothingRuns)));
            return new Decision(nothingRuns ? Verdict.HUNG : Verdict.UNKNOWN, Confidence.POSSIBLE, out);
        }
        if (!progress.isEmpty()) {
            // work goes on: the waits inside work may be behind it (slow, not hung)
            out.add(0, Finding.of(runningThreads, new Detail.Busy(runningThreads.size(), !untold.isEmpty())));
            boolean clean = waiting.stream().allMatch(t -> joinsRunning(g, t) || joinsWork(t, threads)) && untold.isEmpty() && !partial;
            return new Decision(Verdict.BUSY, clean ? Confidence.LIKELY : Confidence.POSSIBLE, out);
        }
        // threads wait inside work and nothing they could wait for progresses (a pack's hang pattern holds even while
        // the thread runs a callback inside its synchronous wait: a nested poll); a role whose pack gives it no home
        // wait on purpose (a Go M parked in the scheduler says nothing of its goroutines), or a stack cut before the
        // thread's start (what the wait is inside cannot be seen), tells neither way
        java.util.function.Predicate<ThreadExplanation> inPattern = t -> f.patterns().contains(t) && t.activity() != Activity.IDLE;
        List<ThreadExplanation> patternThreads = threads.stream().filter(inPattern).toList();
        if (partial && !patternThreads.isEmpty()) {
            // what a pack's hang pattern shows (a main loop in a nested aio_poll holds the BQL until its operation ends)
            // is a hang on that operation whatever the threads not shown do, unless it is about to end: possible
            out.add(0, new Finding(patternThreads, List.of(), List.of(), "pattern.partial-listing", new Detail.HangPattern(), true));
            return new Decision(Verdict.HUNG, Confidence.POSSIBLE, out);
        }
        if (partial) {
            return new Decision(Verdict.UNKNOWN, Confidence.POSSIBLE, out); // threads not shown may be the work going on
        }
        List<ThreadExplanation> stuckInWork = threads.stream().filter(t -> inPattern.test(t)
                || t.activity() == Activity.WAITING && !t.role().homeWaits().isEmpty() && !joinsRunning(g, t)
                && !t.activityWhy().rule().endsWith(".no-start")).toList();
        if (!stuckInWork.isEmpty()) {
            // two listings in which none of these threads moved: likely; one listing: a slow wait looks the same
            boolean unchanged = f.samples() > 1 && stuckInWork.stream().allMatch(t -> Boolean.FALSE.equals(f.changed().get(t.thread())));
            out.add(0, new Finding(stuckInWork, runningThreads, List.of(), "samples." + (unchanged ? "unchanged" : "one"),
                    new Detail.NothingProgresses(f.samples(), unchanged), true));
            return new Decision(Verdict.HUNG, unchanged && untold.isEmpty() ? Confidence.LIKELY : Confidence.POSSIBLE, out);
        }
        if (!runningThreads.isEmpty()) {
            out.add(0, Finding.of(runningThreads, new Detail.Busy(runningThreads.size(), !untold.isEmpty())));
            return new Decision(Verdict.BUSY, untold.isEmpty() && !partial ? Confidence.LIKELY : Confidence.POSSIBLE, out);
        }
        return new Decision(Verdict.UNKNOWN, Confidence.POSSIBLE, out);
    }

    /**
     * A join that names no thread of the listing (eu-stack prints no arguments) while every other thread is idle or
     * runs: whichever it waits for, it waits for an idle thread or for work in progress.
     */
    private static boolean joinsWork(ThreadExplanation t, List<ThreadExplanation> threads) {
        if (t.waitKind() == null || !t.waitKind().id().equals(LockGraph.JOIN)) {
            return false;
        }
        return threads.stream().allMatch(o -> o == t || o.role().kernelTask() || o.activity() == Activity.IDLE
                || o.activity() == Activity.RUNNING);
    }

    /** The least sure of the threads' activities, and never surer than {@code cap}. */
    private static Confidence weakest(List<ThreadExplanation> threads, Confidence cap) {
        Confidence c = cap;
        for (ThreadExplanation t : threads) {
            if (t.activityConfidence().compareTo(c) > 0) {
                c = t.activityConfidence();
            }
        }
        return c;
    }

    /** The chain waits for at least one lock, and gdb read the owner of each lock of it. */
    private static boolean holdsReadLock(Finding chain, WaitGraph g) {
        boolean anyLock = false;
        for (ThreadExplanation t : chain.threads()) {
            for (WaitGraph.Edge e = g.next(t); e != null && e.target() != null; e = g.next(e.target())) {
                if (e.lock() != null) {
                    anyLock = true;
                    if (!e.lock().ownerSource().isFact()) {
                        return false;
                    }
                }
                if (e.target() == t) {
                    break;
                }
            }
        }
        return anyLock;
    }

    /**
     * Threads in the same synchronous wait in the last two listings: a pack's hang pattern, or a wait of a kind that
     * does not last by itself (a write nobody takes, a database lock); a wait on another thread (a lock, a join) only
     * when that thread is stuck the same way, or is not known.
     */
    private static List<ThreadExplanation> sameAcrossSamples(Facts f, List<ThreadExplanation> threads) {
        if (f.samples() < 2) {
            return List.of();
        }
        return threads.stream().filter(t -> stuckAcrossSamples(f, t, new java.util.HashSet<>())).toList();
    }

    private static boolean stuckAcrossSamples(Facts f, ThreadExplanation t, Set<ThreadExplanation> seen) {
        if (!Boolean.FALSE.equals(f.changed().get(t.thread())) || t.activity() != Activity.WAITING || !seen.add(t)) {
            return false;
        }
        if (f.patterns().contains(t)) {
            return true;
        }
        if (t.waitKind() == null || !t.waitKind().stuckIfUnchanged()) {
            return false;
        }
        WaitGraph.Edge e = t.waitKind().onThread() ? f.waits().next(t) : null;
        return e == null || e.target() == null || stuckAcrossSamples(f, e.target(), seen);
    }

    /** A join whose thread (or the end of its chain) runs: the joiner waits for work in progress. */
    private static boolean joinsRunning(WaitGraph g, ThreadExplanation t) {
        WaitGraph.Edge e = g.next(t);
        if (e == null || e.lock() != null || e.target() == null) {
            return false;
        }
        List<WaitGraph.Edge> chain = g.chain(t);
        return !chain.isEmpty() && chain.get(chain.size() - 1).target().activity() == Activity.RUNNING;
    }

    /** Every lock step of these threads' waits has its owner read by gdb (joins name their thread themselves). */
    private static boolean ownersRead(List<ThreadExplanation> threads, WaitGraph g) {
        for (ThreadExplanation t : threads) {
            WaitGraph.Edge e = g.next(t);
            if (e != null && e.lock() != null && !e.lock().ownerSource().isFact()) {
                return false;
            }
        }
        return true;
    }

    private static long count(List<ThreadExplanation> threads, ThreadState s) {
        return threads.stream().filter(t -> t.state() == s).count();
    }
}
