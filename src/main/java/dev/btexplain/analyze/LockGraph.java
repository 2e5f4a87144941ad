package dev.btexplain.analyze;

import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.LockRules;
import dev.btexplain.knowledge.ObjectArgument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who waits for which lock, who probably holds it, and whether the waits close a cycle. A plain backtrace
 * never names a mutex's owner, so owners are inferred (locks.json rules first, then the one thread that is
 * blocked elsewhere) and every inferred owner comes with the gdb command that reads the real one.
 */
public final class LockGraph {
    /** "0x557bdf13c060 <lock_a>" or "0x55.. <qemu_global_mutex+8>": an address and an optional symbol. */
    /** A C or C++ name: letters, digits and underscores, parts joined by "::". */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern LOCK_VALUE = Pattern.compile("^(0x[0-9a-fA-F]+)(?:\\s+<([^>+]+)(?:\\+\\d+)?>)?");
    /** The wait kind of a join (states.json): a joining thread waits for another to finish, it holds up nothing. */
    static final String JOIN = "join";
    /** How far past the wait's own frames to look for the lock (qemu_mutex_lock_impl's caller names the BQL). */
    private static final int LOOK_OUT = 3;

    /** A lock: the BQL or another known one by name, else a mutex by address. */
    public record Lock(String id, String address, String symbol, String label, String ownerCommand, String ownerByAddress) {
    }

    /**
     * One lock with its waiters and its probable holder.
     *
     * @param owner           the inferred holder, null when none stands out
     * @param ownerConfidence how sure the inference is
     * @param ownerWhy        why that thread
     * @param candidates      the threads that could hold it when none stands out: the first {@link #CANDIDATES_SHOWN}
     *                        (ownerWhy says how many there are)
     */
    public record LockWait(Lock lock, List<ThreadExplanation> waiters, ThreadExplanation owner, Confidence ownerConfidence,
                           Evidence ownerWhy, List<ThreadExplanation> candidates, OwnerSource ownerSource) {
        LockWait(Lock lock, List<ThreadExplanation> waiters, ThreadExplanation owner, Confidence ownerConfidence,
                 Evidence ownerWhy, List<ThreadExplanation> candidates) {
            this(lock, waiters, owner, ownerConfidence, ownerWhy, candidates, OwnerSource.INFERRED);
        }
    }

    /** How many of a lock's possible holders a report lists when none stands out. */
    static final int CANDIDATES_SHOWN = 16;

    private final List<LockWait> locks;
    private final List<ThreadExplanation> cycle;
    /** The lock each waiter waits for. */
    private final Map<ThreadExplanation, LockWait> waitOf;

    private LockGraph(List<LockWait> locks) {
        this.locks = List.copyOf(locks);
        this.waitOf = new java.util.IdentityHashMap<>();
        for (LockWait w : locks) {
            w.waiters().forEach(t -> waitOf.putIfAbsent(t, w));
        }
        List<ThreadExplanation> starts = new ArrayList<>();
        this.locks.forEach(w -> starts.addAll(w.waiters()));
        this.cycle = List.copyOf(firstCycle(starts, t -> {
            LockWait w = waitOf.get(t);
            return w == null ? null : w.owner();
        }));
    }

    public List<LockWait> locks() {
        return locks;
    }

    /** Threads of a wait-for cycle, in order (each waits for a lock the next one holds), empty when none. */
    public List<ThreadExplanation> cycle() {
        return cycle;
    }

    /** The lock a thread waits for, from the cycle's or the graph's point of view. */
    public LockWait waitOf(ThreadExplanation t) {
        return waitOf.get(t);
    }

    static LockGraph build(List<ThreadExplanation> threads, KnowledgeBase kb) {
        return build(threads, kb, dev.btexplain.model.ProcessFacts.none());
    }

    static LockGraph build(List<ThreadExplanation> threads, KnowledgeBase kb, dev.btexplain.model.ProcessFacts facts) {
        Map<String, Lock> byId = new LinkedHashMap<>();
        Map<String, List<ThreadExplanation>> waiters = new LinkedHashMap<>();
        for (ThreadExplanation t : threads) {
            if (!waitsForThreadLock(t)) {
                continue;
            }
            Lock l = lockOf(t, kb);
            if (l != null) {
                byId.putIfAbsent(l.id(), l);
                waiters.computeIfAbsent(l.id(), k -> new ArrayList<>()).add(t);
            }
        }
        List<LockWait> out = new ArrayList<>();
        Holders holders = new Holders(threads, waiters);
        Map<String, ThreadExplanation> heldPerDump = heldPerDump(threads);
        for (Map.Entry<String, List<ThreadExplanation>> e : waiters.entrySet()) {
            Lock lock = byId.get(e.getKey());
            ThreadExplanation named = heldPerDump.get(lock.id());
            LockWait read = named != null && !e.getValue().contains(named)
                    ? new LockWait(lock, e.getValue(), named, Confidence.CERTAIN, owner(Evidence.Says.OWNER_IN_DUMP, lock.address()), List.of(),
                    OwnerSource.DUMP)
                    : fromProcess(lock, e.getValue(), threads, facts);
            out.add(read != null ? read : holder(lock, e.getValue(), threads, kb, holders));
        }
        return new LockGraph(out);
    }

    /**
     * Blocked on a lock another thread of this process holds: not a lock another process holds (a database's row lock),
     * whose holder no stack of this process shows.
     */
    static boolean waitsForThreadLock(ThreadExplanation t) {
        // a thread the kernel saw using the CPU just before the listing is not blocked on it: it takes the lock and goes on
        return t.state() == ThreadState.WAIT_MUTEX && (t.waitKind() == null || t.waitKind().onThread()) && t.activity() != Activity.RUNNING;
    }

    /** The lock of a thread blocked acquiring one: from the arguments of its wait frames, or a BQL function. */
    static Lock lockOf(ThreadExplanation t, KnowledgeBase kb) {
        LockRules rules = kb.locks();
        CallPath p = t.path();
        dev.btexplain.model.RuntimeView.Lock taken = p.thread().runtime() == null ? null : p.thread().runtime().waitsToTake();
        if (taken != null) {
            // the runtime's dump names the object (a monitor, a ReentrantLock's sync) as it printed it
            String label = taken.address() + (taken.type() == null ? "" : " (a " + taken.type() + ")");
            return new Lock(taken.address(), taken.address(), null, label, null, null);
        }
        int from = lockFrames(p, Math.max(t.waitFrame(), 0), t.waitEnd());
        int to = Math.min(p.size() - 1, Math.max(t.waitEnd(), from) + LOOK_OUT);
        Lock byArgument = null;
        for (int i = from; i <= to; i++) {
            FunctionEntry e = p.entry(i);
            if (e != null && e.lock() != null && p.named(i)) {
                LockRules.Symbol s = rules.byLock(e.lock());
                return new Lock(e.lock(), byArgument == null ? null : byArgument.address(), null,
                        s == null ? e.lock() : s.label(), s == null ? null : s.ownerCommand(),
                        byArgument == null ? null : byArgument.ownerByAddress());
            }
            if (byArgument != null) {
                continue;
            }
            Map<String, String> args = p.args(i);
            for (ObjectArgument o : kb.objects()) {
                if (!o.lock() || e == null || !e.library().equals(o.pack())) {
                    continue;
                }
                Matcher m = LOCK_VALUE.matcher(args.getOrDefault(o.argument(), ""));
                if (m.find() && !Arguments.nullPointer(m.group(1))) {
                    byArgument = lock(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2), rules, o);
                    if (!byArgument.id().equals(byArgument.address())) {
                        return byArgument; // a known lock by its symbol
                    }
                    break;
                }
            }
        }
        return byArgument;
    }

    /**
     * Where the lock's own frames start: the futex word under __lll_lock_wait is the mutex, but the futex word and
     * mutex under a condition variable that a lock function parks on (a JVM monitor's ObjectMonitor::EnterI parks
     * on its thread's own condition variable) are that condition variable's, not the lock's.
     */
    static int lockFrames(CallPath p, int waitFrame, int waitEnd) {
        boolean condvar = false;
        for (int i = waitFrame; i <= waitEnd && i < p.size(); i++) {
            dev.btexplain.knowledge.Category c = p.category(i);
            if (c == dev.btexplain.knowledge.Category.CONDVAR_WAIT) {
                condvar = true;
            } else if (c == dev.btexplain.knowledge.Category.MUTEX_WAIT || c == dev.btexplain.knowledge.Category.LOCK_ACQUIRE) {
                return condvar ? i : waitFrame;
            }
        }
        return waitFrame;
    }

    /** The lock an argument names; how to read its owner is said by the argument's kind (a pthread_mutex_t's). */
    private static Lock lock(String address, String symbol, LockRules rules, ObjectArgument kind) {
        LockRules.Symbol known = symbol == null ? null : rules.bySymbol(symbol);
        String byAddress = kind.ownerByAddress() == null ? null : kind.ownerByAddress().replace("{address}", address);
        if (known != null) {
            return new Lock(known.lock(), address, symbol, known.label(), known.ownerCommand(), byAddress);
        }
        String label = symbol == null ? "mutex " + address : "mutex " + address + " <" + symbol + ">";
        // a symbol goes into a gdb expression only when it is a plain name: any other text of the input could make gdb
        // run something ($_shell) or the shell it is pasted into; the address reads the same lock
        String expression = symbol == null || !PLAIN_NAME.matcher(symbol).matches() || kind.ownerBySymbol() == null ? byAddress
                : kind.ownerBySymbol().replace("{symbol}", symbol);
        return new Lock(address, address, symbol, label, expression == null ? null : "p " + expression, byAddress);
    }

    /** The owner gdb read from the process (__data.__owner, an LWP), when the capture had it. */
    private static LockWait fromProcess(Lock lock, List<ThreadExplanation> waiters, List<ThreadExplanation> threads,
                                        dev.btexplain.model.ProcessFacts facts) {
        Long lwp = facts.lockOwners().get(lock.id());
        if (lwp == null && lock.address() != null) {
            lwp = facts.lockOwners().get(lock.address());
        }
        if (lwp == null) {
            return null;
        }
        for (ThreadExplanation t : threads) {
            if (lwp.equals(t.thread().lwp())) {
                return new LockWait(lock, waiters, t, Confidence.CERTAIN, owner(Evidence.Says.OWNER_READ, lwp), List.of(), OwnerSource.GDB);
            }
        }
        return new LockWait(lock, waiters, null, Confidence.CERTAIN, owner(Evidence.Says.OWNER_READ_GONE, lwp), List.of(),
                OwnerSource.GDB);
    }

    /** The thread each lock or monitor belongs to, as a runtime's dump says it ("- locked <0x…>" under its frames). */
    private static Map<String, ThreadExplanation> heldPerDump(List<ThreadExplanation> threads) {
        Map<String, ThreadExplanation> held = new java.util.HashMap<>();
        for (ThreadExplanation t : threads) {
            dev.btexplain.model.RuntimeView runtime = t.thread().runtime();
            if (runtime != null) {
                runtime.locks().stream().filter(l -> l.relation() == dev.btexplain.model.RuntimeView.Relation.HOLDS)
                        .forEach(l -> held.putIfAbsent(l.address(), t));
            }
        }
        return held;
    }

    /** Why a lock's owner is the thread named (or none is), as evidence the report words. */
    private static Evidence owner(Evidence.Says says, Object... facts) {
        return Evidence.of("lock.owner", null, null, says, facts);
    }

    private static LockWait holder(Lock lock, List<ThreadExplanation> waiters, List<ThreadExplanation> threads,
                                   KnowledgeBase kb, Holders holders) {
        LockRules rules = kb.locks();
        java.util.Set<ThreadExplanation> waiting = identitySet(waiters);
        // 1. A rule of locks.json: the thread that holds this known lock by what it is doing.
        List<ThreadExplanation> byRule = new ArrayList<>();
        String why = null;
        for (LockRules.Holder h : rules.holders()) {
            if (!h.lock().equals(lock.id())) {
                continue;
            }
            for (ThreadExplanation t : threads) {
                if (waiting.contains(t) || !t.role().id().equals(h.role()) || h.unlessStates().contains(t.state().id())
                        || !h.onlyStates().isEmpty() && !h.onlyStates().contains(t.state().id())
                        || h.unlessWaitingUnder().contains(String.valueOf(t.waitCaller()))) {
                    continue;
                }
                byRule.add(t);
                why = h.why();
            }
        }
        if (byRule.size() == 1) {
            return new LockWait(lock, waiters, byRule.get(0), Confidence.LIKELY, owner(Evidence.Says.OWNER_BY_RULE, why), List.of());
        }
        // 2. The one thread that is blocked elsewhere: waiting for another lock first, else blocked in a wait
        //    that is not a known role's normal idle wait, else running.
        for (int best = 3; best >= 1; best--) {
            List<ThreadExplanation> level = holders.byScore.get(best);
            // every waiter of this lock waits for a lock: only the best level holds them
            int count = level.size() - (best == 3 ? waiters.size() : 0);
            if (count <= 0) {
                continue;
            }
            List<ThreadExplanation> top = new ArrayList<>();
            for (ThreadExplanation t : level) {
                if (!waiting.contains(t)) {
                    top.add(t);
                    if (top.size() == CANDIDATES_SHOWN) {
                        break;
                    }
                }
            }
            if (count == 1) {
                Evidence.Says reason = best == 3 ? Evidence.Says.ONLY_OTHER_ON_A_LOCK : best == 2 ? Evidence.Says.ONLY_OTHER_IN_WORK
                        : Evidence.Says.ONLY_OTHER_RUNNING;
                return new LockWait(lock, waiters, top.get(0), best >= 2 ? Confidence.LIKELY : Confidence.POSSIBLE, owner(reason),
                        List.of());
            }
            return new LockWait(lock, waiters, null, Confidence.POSSIBLE, owner(Evidence.Says.COULD_HOLD, count), top);
        }
        return new LockWait(lock, waiters, null, Confidence.POSSIBLE, owner(Evidence.Says.NO_HOLDER), List.of());
    }

    /** The threads by how likely each holds some lock (3, 2, 1; see score), computed once for every lock of the listing. */
    private static final class Holders {
        final Map<Integer, List<ThreadExplanation>> byScore = new java.util.HashMap<>();

        Holders(List<ThreadExplanation> threads, Map<String, List<ThreadExplanation>> allWaits) {
            java.util.Set<ThreadExplanation> waiting = identitySet(List.of());
            allWaits.values().forEach(waiting::addAll);
            for (int level = 1; level <= 3; level++) {
                byScore.put(level, new ArrayList<>());
            }
            for (ThreadExplanation t : threads) {
                int score = score(t, waiting);
                if (score > 0) {
                    byScore.get(score).add(t);
                }
            }
        }
    }

    static java.util.Set<ThreadExplanation> identitySet(java.util.Collection<ThreadExplanation> threads) {
        java.util.Set<ThreadExplanation> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        set.addAll(threads);
        return set;
    }

    /**
     * 3: waits for another lock; 2: blocked in some other wait inside work (not at its role's home wait, where no
     * lock of the program is held; not a join, whose thread waits for another to finish); 1: runs.
     */
    private static int score(ThreadExplanation t, java.util.Set<ThreadExplanation> waiting) {
        if (t.state() == ThreadState.WAIT_MUTEX) {
            return waiting.contains(t) ? 3 : 0;
        }
        boolean joining = t.waitKind() != null && t.waitKind().id().equals(JOIN);
        if (t.activity() == Activity.WAITING && !joining || t.idleByShape()) {
            return 2; // parked by its stack's shape alone: it may be holding a lock across its wait
        }
        return t.state() == ThreadState.RUNNING ? 1 : 0;
    }

    /**
     * The first cycle of a walk where each thread leads to at most one next (the holder of the lock it waits for, the
     * thread it joins): from each start not walked before, so every thread is walked once.
     */
    static List<ThreadExplanation> firstCycle(List<ThreadExplanation> starts,
                                              java.util.function.UnaryOperator<ThreadExplanation> next) {
        java.util.Set<ThreadExplanation> done = identitySet(List.of());
        for (ThreadExplanation first : starts) {
            if (done.contains(first) || next.apply(first) == null) {
                continue; // walked already, or leads nowhere: most threads of a large listing
            }
            Map<ThreadExplanation, Integer> onPath = new java.util.IdentityHashMap<>();
            List<ThreadExplanation> path = new ArrayList<>();
            for (ThreadExplanation t = first, n = next.apply(t); n != null && !done.contains(t); t = n, n = next.apply(t)) {
                onPath.put(t, path.size());
                path.add(t);
                Integer at = onPath.get(n);
                if (at != null) {
                    return path.subList(at, path.size());
                }
            }
            done.addAll(path);
        }
        return List.of();
    }
}
