package dev.btexplain.analyze;

import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.ProcessClues;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.Frame;
import dev.btexplain.model.ProcessFacts;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Model + knowledge → explanations and diagnosis: the analyze stage's one entry point. */
public final class Analyzer {

    private final KnowledgeBase base;

    /** {@code base}: every pack; each analysis narrows it to the packs of the process it reads. */
    public Analyzer(KnowledgeBase base) {
        this.base = base;
    }

    /** Below this many threads, one core explains them sooner than several. */
    private static final int PARALLEL_ABOVE = 2_000;
    /**
     * From how many threads a listing's explainers keep one instance of equal sentences and evidence: in a listing of
     * thousands that saves most of the heap; in a fleet's small report it only costs the hashing.
     */
    private static final int SHARED_FROM_THREADS = 256;

    public Analysis analyze(Backtrace bt) {
        return analyze(bt, ProcessFacts.none());
    }

    /** With facts a live capture read from the process: lock owners and the kernel's view of each thread. */
    public Analysis analyze(Backtrace bt, ProcessFacts facts) {
        return diagnose(explain(bt, facts), facts.lockOwners());
    }

    /**
     * The threads of a listing explained each alone, before the process is diagnosed: what a capture reads to know
     * which locks' owners to ask gdb for (see {@link #waitedLocks}), before {@link #diagnose} takes their answers.
     */
    public record Explained(Backtrace bt, KnowledgeBase kb, ProcessContext ctx, IdentityHashMap<ThreadTrace, ThreadExplanation> threads) {
    }

    /** Each thread explained alone, with the facts read so far (the kernel's view; owners come later). */
    public Explained explain(Backtrace bt, ProcessFacts facts) {
        // the programs the capture shows decide which packs explain it: QEMU's thread names never name Redis's threads
        Map<String, String> recognised = new java.util.LinkedHashMap<>();
        KnowledgeBase kb = knowledgeFor(bt, facts, recognised);
        boolean kernel = bt.format().kernelStacks();
        List<ThreadTrace> traces = bt.snapshots().stream().flatMap(s -> s.threads().stream()).toList();
        Thread caller = Thread.currentThread();
        // each thread is read and explained alone (the context is read-only; each slice of threads has its own lookups
        // and explainer): a large listing uses every core
        List<CallPath> all = inParallel(traces, () -> new FrameLookups(kb), (lookups, t) -> {
            stopWhenInterrupted(caller);
            return new CallPath(t, lookups, kernel);
        });
        IdentityHashMap<ThreadTrace, CallPath> paths = new IdentityHashMap<>();
        for (CallPath p : all) {
            paths.put(p.thread(), p);
        }
        Reported reported = Reported.find(bt, kb);
        Crash crash = new CrashLocator(kb).locate(bt, paths::get, reported);
        Long crashLwp = crash == null || crash.thread() == null || crash.trace() == null ? null : crash.trace().lwp();
        Long mainLwp = mainLwp(bt, facts);
        String processName = mainLwp == null ? null : bt.threads().stream().filter(t -> mainLwp.equals(t.lwp())).map(ThreadTrace::name)
                .filter(Objects::nonNull).findFirst().orElse(null);
        ProcessContext ctx = new ProcessContext(recognised, crash, facts, reported, crashLwp, movedAcrossSamples(bt.snapshots()),
                mainLwp, processName);
        IdentityHashMap<ThreadTrace, ThreadExplanation> explanations = new IdentityHashMap<>();
        boolean shareEqual = all.size() > SHARED_FROM_THREADS;
        List<ThreadExplanation> explained = new ArrayList<>(inParallel(all, () -> new ThreadExplainer(kb, shareEqual), (e, p) -> {
            stopWhenInterrupted(caller);
            return e.explain(p, ctx);
        }));
        // a stripped program's thread with no name of its own on its stack, started into the function a known thread runs
        List<RoleClassifier.Result> adopted = RoleByAddress.adopt(all, explained, kb);
        ThreadExplainer again = null;
        for (int i = 0; i < adopted.size(); i++) {
            if (adopted.get(i) != null) {
                again = again != null ? again : new ThreadExplainer(kb, shareEqual);
                explained.set(i, again.explain(all.get(i), ctx, adopted.get(i)));
            }
        }
        for (int i = 0; i < all.size(); i++) {
            explanations.put(all.get(i).thread(), explained.get(i));
        }
        return new Explained(bt, kb, ctx, explanations);
    }

    /** The view of the knowledge for the programs a listing shows; {@code recognised} gets each pack's clue. */
    private KnowledgeBase knowledgeFor(Backtrace bt, ProcessFacts facts, Map<String, String> recognised) {
        ProcessClues clues = ProcessClues.of(bt, facts);
        recognised.putAll(base.recognise(clues));
        // a runtime's own dump names its runtime, whose pack explains it even when no frame of the runtime shows (a
        // Go panic prints the program's frames only)
        bt.threads().stream().map(ThreadTrace::runtime).filter(Objects::nonNull).map(dev.btexplain.model.RuntimeView::runtime)
                .distinct().forEach(r -> base.recogniseRuntime(r).ifPresent(why -> recognised.putIfAbsent(r, why)));
        String firstName = bt.threads().stream().filter(t -> t.number() != null && t.number() == 1).map(ThreadTrace::name)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return base.forPacks(recognised.keySet(), base.programs(recognised.keySet(), clues, firstName));
    }

    /**
     * The crash gdb's fatal-signal line shows, located without explaining a thread (only the frames it reads are looked up):
     * a fleet's fast path, for which such a listing's verdict is a crash whatever its other threads do. Null when the
     * listing shows no fatal signal on a thread it lists.
     */
    public Crash fatalSignal(Backtrace bt) {
        if (bt.events().stream().noneMatch(e -> e.kind() == dev.btexplain.model.DebuggerEvent.Kind.SIGNAL_RECEIVED
                || e.kind() == dev.btexplain.model.DebuggerEvent.Kind.PROGRAM_TERMINATED)) {
            return null; // no signal line: nothing to locate, and the whole analysis will recognise the program itself
        }
        KnowledgeBase kb = knowledgeFor(bt, ProcessFacts.none(), new java.util.LinkedHashMap<>());
        FrameLookups lookups = new FrameLookups(kb);
        IdentityHashMap<ThreadTrace, CallPath> paths = new IdentityHashMap<>(); // only those the locator asks for
        Crash c = new CrashLocator(kb).locate(bt, t -> paths.computeIfAbsent(t, x -> new CallPath(x, lookups, bt.format().kernelStacks())),
                Reported.find(bt, kb));
        return c != null && c.signal() != null && c.trace() != null ? c : null;
    }

    /** The locks the threads of the last listing wait on: those whose owners gdb can read. */
    public static List<LockGraph.LockWait> waitedLocks(Explained x) {
        return LockGraph.build(x.bt().threads().stream().map(x.threads()::get).toList(), x.kb()).locks();
    }

    /** The process diagnosed from its explained threads and the owners gdb read of the locks they wait on. */
    public Analysis diagnose(Explained x, Map<String, Long> owners) {
        Backtrace bt = x.bt();
        KnowledgeBase kb = x.kb();
        ProcessFacts facts = x.ctx().facts().withOwners(owners);
        ProcessContext ctx = x.ctx().withFacts(facts);
        IdentityHashMap<ThreadTrace, ThreadExplanation> explanations = new IdentityHashMap<>(x.threads());
        // what the other threads of a listing say of each (a join of an idle thread, a lock a parked thread holds)
        for (Snapshot s : bt.snapshots()) {
            List<ThreadExplanation> listing = s.threads().stream().map(explanations::get).toList();
            for (ThreadExplanation t : ActivityInContext.resolve(listing, kb, facts)) {
                explanations.put(t.thread(), t);
            }
        }
        Diagnoser diagnoser = new Diagnoser(kb);
        Detail.ProcessClue otherProcess = otherProcess(bt.snapshots());
        if (otherProcess == null) {
            java.util.Set<ThreadTrace> woken = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            IdentityHashMap<ThreadTrace, Boolean> changed = changedAcrossSamples(bt.snapshots(), explanations, woken);
            List<ThreadExplanation> last = bt.threads().stream().map(explanations::get).toList();
            // each thread of the last listing as the listing before showed it: what it did between the samples
            IdentityHashMap<ThreadTrace, ThreadExplanation> before = new IdentityHashMap<>();
            if (bt.snapshots().size() > 1) {
                previousListing(bt.snapshots().subList(bt.snapshots().size() - 2, bt.snapshots().size()))
                        .forEach((t, b) -> before.put(t, explanations.get(b)));
            }
            return new Analysis(explanations, changed, diagnoser.diagnose(last, bt, bt.snapshots().size(), ctx, changed, before,
                    woken));
        }
        // listings of different processes (pasted one after another): each is diagnosed alone, the most severe decides
        Diagnosis worst = null;
        int worstListing = 0;
        for (int i = 0; i < bt.snapshots().size(); i++) {
            List<ThreadExplanation> listing = bt.snapshots().get(i).threads().stream().map(explanations::get).toList();
            Diagnosis d = diagnoser.diagnose(listing, bt, 1, ctx, Map.of(), Map.of(), java.util.Set.of());
            if (worst == null || SEVERITY.indexOf(d.verdict()) <= SEVERITY.indexOf(worst.verdict())) {
                worst = d;
                worstListing = i;
            }
        }
        Finding separate = Finding.of(List.of(), new Detail.SeparateProcesses(bt.snapshots().size(), otherProcess,
                worstListing + 1, bt.snapshots().get(worstListing).line()));
        return new Analysis(explanations, new IdentityHashMap<>(), worst.withFirst(separate));
    }

    /**
     * f of each item, in order; on every core when there are many, in slices that each have a worker state of their
     * own (what a worker remembers is then never shared, and never waited for).
     */
    private static <T, W, R> List<R> inParallel(List<T> items, java.util.function.Supplier<W> worker,
                                                 java.util.function.BiFunction<W, T, R> f) {
        if (items.size() < PARALLEL_ABOVE) { // a fleet's small report: a plain loop, no stream pipeline
            W w = worker.get();
            List<R> out = new ArrayList<>(items.size());
            items.forEach(t -> out.add(f.apply(w, t)));
            return java.util.Collections.unmodifiableList(out);
        }
        int slices = SLICES_PER_CORE * Runtime.getRuntime().availableProcessors();
        int size = (items.size() + slices - 1) / slices;
        java.util.stream.IntStream starts = java.util.stream.IntStream.range(0, slices);
        return starts.parallel().mapToObj(s -> {
            W w = worker.get();
            return items.subList(Math.min(items.size(), s * size), Math.min(items.size(), (s + 1) * size)).stream()
                    .map(t -> f.apply(w, t)).toList();
        }).flatMap(List::stream).toList();
    }

    /** Slices enough that a core whose slices are slow does not leave the others waiting long at the end. */
    private static final int SLICES_PER_CORE = 4;

    /** A server request past its time limit: the analysis stops instead of keeping cores busy. */
    private static void stopWhenInterrupted(Thread caller) {
        if (caller.isInterrupted()) {
            throw new java.util.concurrent.CancellationException("interrupted");
        }
    }

    /** Most severe first: of listings of different processes, the most severe verdict is the input's. */
    private static final List<Verdict> SEVERITY = List.of(Verdict.CRASH, Verdict.DEADLOCK, Verdict.HUNG, Verdict.UNKNOWN,
            Verdict.BUSY, Verdict.IDLE);

    /**
     * Why consecutive listings are of different processes, or null when they may be samples of one: the same function at
     * addresses far apart (another load address: a library mapped elsewhere, which a running process never does), or
     * threads with LWPs none of which is in the other listing.
     */
    static Detail.ProcessClue otherProcess(List<Snapshot> snapshots) {
        for (int s = 1; s < snapshots.size(); s++) {
            Map<String, Long> before = new HashMap<>();
            Set<Long> lwps = new HashSet<>();
            for (ThreadTrace t : snapshots.get(s - 1).threads()) {
                if (t.lwp() != null) {
                    lwps.add(t.lwp());
                }
                for (Frame f : t.frames()) {
                    if (f.hasAddress() && !f.isUnknownFunction() && !f.signalHandler()) {
                        before.putIfAbsent(f.function(), f.pc());
                    }
                }
            }
            boolean anyLwp = false;
            boolean sharedLwp = false;
            for (ThreadTrace t : snapshots.get(s).threads()) {
                anyLwp |= t.lwp() != null;
                sharedLwp |= t.lwp() != null && lwps.contains(t.lwp());
                for (Frame f : t.frames()) {
                    Long pc = f.hasAddress() ? before.get(f.function()) : null;
                    if (pc != null && Math.abs(pc - f.pc()) > FAR_APART) {
                        return new Detail.ProcessClue(s, f.function(), pc, f.pc());
                    }
                }
            }
            if (anyLwp && !lwps.isEmpty() && !sharedLwp) {
                return new Detail.ProcessClue(s, null, 0, 0);
            }
        }
        return null;
    }

    /** Further apart than any function is long: another mapping of the code. */
    private static final long FAR_APART = 1L << 24;

    /**
     * The main thread's LWP: its task id is the process id, the lowest of the process's tasks (/proc's, else those the
     * last listing shows, when it shows every thread's); null when not known.
     */
    private static Long mainLwp(Backtrace bt, ProcessFacts facts) {
        if (!facts.tasks().isEmpty()) {
            return java.util.Collections.min(facts.tasks().keySet());
        }
        if (bt.format().runtimeDump()) {
            return null; // the launcher's first task is no thread of the runtime's
        }
        Long lowest = null;
        for (ThreadTrace t : bt.threads()) {
            if (t.lwp() == null) {
                return null;
            }
            lowest = lowest == null || t.lwp() < lowest ? t.lwp() : lowest;
        }
        return bt.threads().size() > 1 ? lowest : null;
    }


    /** A thread of a later listing whose functions differ from the same thread in the listing before. */
    private static IdentityHashMap<ThreadTrace, Boolean> changedAcrossSamples(List<Snapshot> snapshots,
                                                                          Map<ThreadTrace, ThreadExplanation> explained,
                                                                          java.util.Set<ThreadTrace> woken) {
        IdentityHashMap<ThreadTrace, Boolean> changed = new IdentityHashMap<>();
        Map<ThreadTrace, ThreadTrace> before = previousListing(snapshots);
        for (int s = 1; s < snapshots.size(); s++) {
            for (ThreadTrace t : snapshots.get(s).threads()) {
                ThreadTrace b = before.get(t);
                ThreadExplanation x = explained.get(t);
                boolean same = b != null && sameStack(b, t, x.waitEnd());
                if (same && wokeInPlace(b, t, x)) {
                    woken.add(t);
                    same = false;
                }
                changed.put(t, !same);
            }
        }
        return changed;
    }

    /**
     * A thread with the same stack as in the listing before whose wait sleeps on another word (an argument the knowledge
     * marks "wait-word": glibc's futex_word): a waiter's word is fixed while it waits (a condition variable's group is
     * chosen when the wait begins), so the thread woke (signalled, or at its deadline) and waited again in the same place.
     */
    private static boolean wokeInPlace(ThreadTrace before, ThreadTrace now, ThreadExplanation x) {
        CallPath p = x.path();
        for (int i = Math.max(0, x.waitFrame()); x.waitFrame() >= 0 && i <= x.waitEnd() && i < p.size(); i++) {
            String word = p.entry(i) == null ? null : p.entry(i).argumentOf(WAIT_WORD);
            if (word != null) {
                String then = Arguments.parse(before.frames().get(i).args()).get(word);
                String later = Arguments.parse(now.frames().get(i).args()).get(word);
                if (then != null && later != null && !then.equals(later)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The argument unit of the word a futex wait sleeps on. */
    private static final String WAIT_WORD = "wait-word";

    /**
     * Threads whose frames differ from the same thread's in the listing before, below the same outermost frame: the
     * thread (the same LWP: listings without thread headers may be of different crashes) ran between the two.
     */
    private static java.util.Set<ThreadTrace> movedAcrossSamples(List<Snapshot> snapshots) {
        java.util.Set<ThreadTrace> moved = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        previousListing(snapshots).forEach((t, b) -> {
            if (t.lwp() != null && !b.frames().isEmpty() && !t.frames().isEmpty() && !sameStack(b, t, -1)
                    && b.frames().get(b.frames().size() - 1).function().equals(t.frames().get(t.frames().size() - 1).function())) {
                moved.add(t);
            }
        });
        return moved;
    }

    /** Each thread of a later listing and the same thread (by {@link #key}) in the listing before it, when there is one. */
    private static IdentityHashMap<ThreadTrace, ThreadTrace> previousListing(List<Snapshot> snapshots) {
        IdentityHashMap<ThreadTrace, ThreadTrace> previous = new IdentityHashMap<>();
        for (int s = 1; s < snapshots.size(); s++) {
            Map<Object, ThreadTrace> before = new HashMap<>();
            for (ThreadTrace t : snapshots.get(s - 1).threads()) {
                before.put(key(t), t);
            }
            for (ThreadTrace t : snapshots.get(s).threads()) {
                ThreadTrace b = before.get(key(t));
                if (b != null) {
                    previous.put(t, b);
                }
            }
        }
        return previous;
    }

    /** The same thread in two listings: by LWP, else by gdb's number, else (a headerless "bt") the only one. */
    private static Object key(ThreadTrace t) {
        if (t.lwp() != null) {
            return t.lwp();
        }
        return t.number() != null ? (Object) ("#" + t.number()) : "headerless";
    }

    /**
     * The same functions at the same addresses, and the same argument values outside the wait: a spinning thread may
     * be sampled at the same instruction with other values, while a wait's own arguments (a poll's timeout, the count
     * of a retried writev) change as it waits in the same place.
     */
    private static boolean sameStack(ThreadTrace a, ThreadTrace b, int waitEnd) {
        if (a.frames().size() != b.frames().size()) {
            return false;
        }
        for (int i = 0; i < a.frames().size(); i++) {
            Frame x = a.frames().get(i);
            Frame y = b.frames().get(i);
            if (!x.function().equals(y.function()) || x.pc() != y.pc() || i > waitEnd && !java.util.Objects.equals(x.args(), y.args())) {
                return false;
            }
        }
        return true;
    }
}
