package dev.btexplain.knowledge;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.Frame;
import dev.btexplain.model.ParseWarning;
import dev.btexplain.model.RuntimeView;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A runtime's dump of its threads (jstack, faulthandler) and a debugger's listing of the same process, given together,
 * become one thread each: the debugger's thread, with the dump's frames where the runtime runs them among the native
 * ones and the dump's state and locks. Which threads are the same, and where the frames go, is the runtime pack's
 * {@code runtime_dump}: a JVM's nid is the kernel's thread id, a Python thread's id its pthread_t. A dump's thread
 * that matches none stays a thread of its own, and the report says how many did.
 */
public final class DumpJoin {
    private DumpJoin() {
    }

    public static Backtrace join(Backtrace bt, KnowledgeBase kb) {
        List<Snapshot> snapshots = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>(bt.warnings());
        boolean changed = false;
        for (Snapshot s : bt.snapshots()) {
            Snapshot joined = join(s, kb, warnings);
            changed |= joined != s;
            snapshots.add(joined);
        }
        changed |= warnings.size() != bt.warnings().size();
        return changed ? new Backtrace(bt.format(), snapshots, bt.events(), bt.stats(), warnings, bt.formats()) : bt;
    }

    /**
     * A capture's listing with the runtime's dump taken before each of its samples (a JVM's jstack): the i-th dump joins
     * the i-th listing. The dumps' lines are their own output's (kept with --save), not the listing's.
     */
    public static Backtrace join(Backtrace listing, List<Backtrace> dumps, KnowledgeBase kb) {
        if (dumps.isEmpty()) {
            return listing;
        }
        List<Snapshot> snapshots = new ArrayList<>();
        List<dev.btexplain.model.DebuggerEvent> events = new ArrayList<>(listing.events());
        for (int i = 0; i < listing.snapshots().size(); i++) {
            Snapshot s = listing.snapshots().get(i);
            if (i < dumps.size()) {
                List<ThreadTrace> threads = new ArrayList<>(s.threads());
                threads.addAll(dumps.get(i).threads());
                events.addAll(dumps.get(i).events());
                s = new Snapshot(threads, s.line());
            }
            snapshots.add(s);
        }
        List<dev.btexplain.model.InputFormat> formats = new ArrayList<>(listing.formats());
        dumps.forEach(d -> d.formats().stream().filter(f -> !formats.contains(f)).forEach(formats::add));
        return join(new Backtrace(listing.format(), snapshots, events, listing.stats(), listing.warnings(), formats), kb);
    }

    private static Snapshot join(Snapshot s, KnowledgeBase kb, List<ParseWarning> warnings) {
        if (s.threads().stream().allMatch(t -> t.runtime() == null)) {
            return s; // a debugger's listing alone (most inputs): nothing to join
        }
        // each native frame's address too, where a dump's threads are known by their frames (a goroutine on an M)
        boolean byFrames = s.threads().stream().anyMatch(t -> t.runtime() != null && kb.runtimeDump(t.runtime().runtime()) != null
                && kb.runtimeDump(t.runtime().runtime()).threadId() == Pack.ThreadId.FRAMES);
        Map<String, ThreadTrace> nativeById = new HashMap<>();
        Map<Long, List<ThreadTrace>> nativeByPc = new HashMap<>();
        for (ThreadTrace t : s.threads()) {
            if (t.runtime() == null) {
                if (t.lwp() != null) {
                    nativeById.putIfAbsent(key(Pack.ThreadId.LWP, t), t);
                }
                if (t.pthread() != null) {
                    nativeById.putIfAbsent(key(Pack.ThreadId.PTHREAD, t), t);
                }
                if (byFrames) {
                    pcs(t).forEach(pc -> nativeByPc.computeIfAbsent(pc, k -> new ArrayList<>()).add(t));
                }
            }
        }
        if (nativeById.isEmpty() && nativeByPc.isEmpty()) {
            return s;
        }
        IdentityHashMap<ThreadTrace, ThreadTrace> joinedInto = new IdentityHashMap<>();
        List<ThreadTrace> alone = new ArrayList<>();
        List<ThreadTrace> others = new ArrayList<>();
        int dumped = 0;
        for (ThreadTrace t : s.threads()) {
            if (t.runtime() == null) {
                continue;
            }
            Pack.RuntimeDump rule = kb.runtimeDump(t.runtime().runtime());
            if (rule == null) {
                others.add(t); // a runtime whose dump names no thread the debugger can (a goroutine is on no thread)
                continue;
            }
            if (rule.threadId() == Pack.ThreadId.FRAMES) {
                ThreadTrace host = runningFrames(pcs(t), nativeByPc);
                if (host == null || joinedInto.containsKey(host)) {
                    others.add(t); // a goroutine on no thread (parked): the dump alone shows it
                } else {
                    joinedInto.put(host, sameFrames(host, t));
                }
                continue;
            }
            dumped++;
            // the id the runtime's dumps name a thread by, else the LWP where this dump gives it (py-spy prints the OS's)
            Pack.ThreadId by = key(rule.threadId(), t) != null ? rule.threadId() : Pack.ThreadId.LWP;
            String key = key(by, t);
            ThreadTrace host = key == null ? null : nativeById.get(key);
            if (host == null || joinedInto.containsKey(host)) {
                alone.add(t);
            } else {
                joinedInto.put(host, splice(host, t, rule, by));
            }
        }
        List<ThreadTrace> threads = new ArrayList<>();
        for (ThreadTrace t : s.threads()) {
            if (t.runtime() == null) {
                threads.add(joinedInto.getOrDefault(t, t));
            }
        }
        List<ThreadTrace> apart = new ArrayList<>(alone);
        apart.addAll(others);
        String numbered = numberAfter(threads, apart);
        if (!alone.isEmpty()) {
            // none joined is said too: a dump and a listing of two processes
            warnings.add(new ParseWarning(alone.get(0).line(), 0, "dump-thread-not-joined", String.format(Locale.ROOT,
                    "%d of the dump's %d threads match no thread of the debugger's listing (taken at another moment, or of "
                            + "another process?): they are listed on their own%s", alone.size(), dumped, numbered), ""));
        }
        if (joinedInto.isEmpty() && numbered.isEmpty()) {
            return s;
        }
        threads.addAll(apart);
        return new Snapshot(threads, s.line());
    }

    /**
     * The dump's threads that stay apart, numbered after the listing's threads when a number of theirs is one of the
     * listing's (a faulthandler or py-spy dump counts its threads from 1, as gdb does): a thread number names one
     * thread in the report. What the warning adds when so ("" when the numbers were kept).
     */
    private static String numberAfter(List<ThreadTrace> listing, List<ThreadTrace> apart) {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        listing.forEach(t -> taken.add(t.number()));
        if (apart.stream().noneMatch(t -> t.number() != null && taken.contains(t.number()))) {
            return "";
        }
        int next = listing.stream().map(ThreadTrace::number).filter(java.util.Objects::nonNull).max(Integer::compare).orElse(0) + 1;
        int first = next;
        for (int i = 0; i < apart.size(); i++) {
            ThreadTrace t = apart.get(i);
            apart.set(i, new ThreadTrace(next++, t.lwp(), t.pthread(), t.name(), t.current(), t.frames(), t.stopReason(),
                    t.moreFramesFollow(), t.line(), t.runtime()));
        }
        return String.format(Locale.ROOT, ", numbered after its threads (%d–%d)", first, next - 1);
    }

    /** The thread's id as the rule compares it: the LWP in decimal, a pthread_t in hex without leading zeros. */
    private static String key(Pack.ThreadId id, ThreadTrace t) {
        if (id == Pack.ThreadId.LWP) {
            return t.lwp() == null ? null : "lwp:" + t.lwp();
        }
        if (t.pthread() == null || !t.pthread().startsWith("0x")) {
            return null;
        }
        try {
            return "pthread:" + Long.toHexString(Long.parseUnsignedLong(t.pthread().substring(2), 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A thread's frame addresses, each once (0, printed past a stack's end, is none). */
    private static java.util.Set<Long> pcs(ThreadTrace t) {
        java.util.Set<Long> pcs = new java.util.LinkedHashSet<>();
        t.frames().forEach(f -> {
            if (f.pc() != 0) {
                pcs.add(f.pc());
            }
        });
        return pcs;
    }

    /** Two of the dump's frame addresses in a native thread's frames make it the thread running them. */
    private static final int SAME_FRAMES = 2;

    /**
     * The native thread running the dump thread's frames: the one holding the most of its frames' addresses (return
     * addresses are the same in both; the innermost may have moved on), at least {@link #SAME_FRAMES}, and no other
     * holding as many; null when none.
     */
    private static ThreadTrace runningFrames(java.util.Set<Long> pcs, Map<Long, List<ThreadTrace>> nativeByPc) {
        Map<ThreadTrace, Integer> held = new IdentityHashMap<>();
        pcs.forEach(pc -> nativeByPc.getOrDefault(pc, List.of()).forEach(t -> held.merge(t, 1, Integer::sum)));
        ThreadTrace best = null;
        int most = SAME_FRAMES - 1;
        boolean tie = false;
        for (Map.Entry<ThreadTrace, Integer> e : held.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
                tie = false;
            } else if (e.getValue() == most) {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    /**
     * The debugger's thread that runs the dump thread's frames: its own frames (they are the same functions, and its
     * native ones above), the dump's view of it, the first frame they share where the dump's frames begin.
     */
    private static ThreadTrace sameFrames(ThreadTrace host, ThreadTrace dump) {
        java.util.Set<Long> pcs = pcs(dump); // an address neither printed (0) is no frame they share
        int from = 0;
        while (from < host.frames().size() - 1 && !pcs.contains(host.frames().get(from).pc())) {
            from++;
        }
        RuntimeView v = dump.runtime();
        RuntimeView view = v.joinedAs(new RuntimeView.Joined(from, 0, 0, "frames", dump.line()), v.locks()); // the frames stay gdb's: none added
        // a goroutine has no name: the goroutine it runs names the thread
        String name = dump.name() != null ? dump.name() : dump.number() != null ? "goroutine " + dump.number() : host.name();
        return new ThreadTrace(host.number(), host.lwp(), host.pthread(), name,
                host.current() || dump.current(), host.frames(), host.stopReason(), host.moreFramesFollow(), host.line(), view);
    }

    /** The debugger's thread with the dump's frames among its own, and the dump's view of it. */
    private static ThreadTrace splice(ThreadTrace host, ThreadTrace dump, Pack.RuntimeDump rule, Pack.ThreadId by) {
        List<Frame> own = host.frames();
        int at = -1;
        for (int i = 0; i < own.size() && at < 0; i++) {
            if (rule.framesAt().contains(own.get(i).function())) {
                at = i;
            }
        }
        int from = at < 0 ? own.size() : at;
        // a thread the dump shows without frames (a JVM's GC or compiler thread) keeps every frame gdb read
        int replaced = at >= 0 && rule.replaceRest() && !dump.frames().isEmpty() ? own.size() - at : 0;
        List<Frame> frames = new ArrayList<>(own.size() - replaced + dump.frames().size());
        frames.addAll(own.subList(0, from));
        frames.addAll(dump.frames());
        if (replaced == 0) {
            frames.addAll(own.subList(from, own.size()));
        }
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            if (f.index() != i) {
                frames.set(i, new Frame(i, f.pc(), f.pcDigits(), f.function(), f.argsText(), f.argsOffset(), f.argsLength(),
                        f.source(), f.library(), f.inlined(), f.signalHandler(), f.locals(), f.line(), f.unreliable()));
            }
        }
        RuntimeView v = dump.runtime();
        List<RuntimeView.Lock> locks = v.locks().stream().map(l -> l.frame() < 0 ? l
                : new RuntimeView.Lock(l.relation(), l.address(), l.type(), l.frame() + from)).toList();
        RuntimeView view = v.joinedAs(new RuntimeView.Joined(from, dump.frames().size(), replaced, by.name().toLowerCase(Locale.ROOT),
                dump.line()), locks);
        // the dump names a thread in full; the kernel keeps 15 characters of it ("C2 CompilerThre")
        String name = dump.name() != null ? dump.name() : host.name();
        return new ThreadTrace(host.number(), host.lwp(), host.pthread(), name, host.current() || dump.current(), frames,
                replaced > 0 ? dump.stopReason() : host.stopReason(), host.moreFramesFollow(), host.line(), view);
    }
}
