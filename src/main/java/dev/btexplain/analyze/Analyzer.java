package dev.btexplain.analyze;

import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.Pack;
import dev.btexplain.knowledge.ProcessClues;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Frame;
import dev.btexplain.model.ProcessFacts;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Model + knowledge → explanations and diagnosis: the analyze stage's one entry point. */
public final class Analyzer {
    private static final Pattern SIGNAL = Pattern.compile("(?:received|terminated with) signal (SIG[A-Z0-9]+|\\d{1,3})\\b");
    /** gdb's stop frame: "#0  0x00007f778873dbde in _dbus_list_foreach () from …" or "#0  g_str_hash (v=…) at ghash.c:1871". */
    private static final Pattern STOP = Pattern.compile("^(?:#0\\s+)?(?:(0x[0-9a-fA-F]{1,16}) in )?(\\S+) \\(.*?(?:\\) at (\\S+:\\d+))?\\s*$");
    private static final Pattern THREAD = Pattern.compile("^Thread (\\d+)\\b");

    private final KnowledgeBase base;

    /** {@code base}: every pack; each analysis narrows it to the packs of the process it reads. */
    public Analyzer(KnowledgeBase base) {
        this.base = base;
    }

    public Analysis analyze(Backtrace bt) {
        return analyze(bt, ProcessFacts.none());
    }

    /** With facts a live capture read from the process: lock owners and the kernel's view of each thread. */
    public Analysis analyze(Backtrace bt, ProcessFacts facts) {
        // the programs the capture shows decide which packs explain it: QEMU's thread names never name Redis's threads
        Map<String, String> recognised = base.recognise(clues(bt, facts));
        KnowledgeBase kb = base.forPacks(recognised.keySet());
        IdentityHashMap<ThreadTrace, CallPath> paths = new IdentityHashMap<>();
        boolean kernel = bt.format().kernelStacks();
        for (Snapshot s : bt.snapshots()) {
            for (ThreadTrace t : s.threads()) {
                paths.put(t, new CallPath(t, kb, kernel));
            }
        }
        Reported reported = Reported.find(bt, kb);
        Crash crash = crash(bt, paths, reported, kb);
        Long crashLwp = crash == null || crash.thread() == null ? null : bt.threads().stream()
                .filter(t -> crash.thread().equals(t.number())).map(ThreadTrace::lwp).filter(Objects::nonNull).findFirst().orElse(null);
        ProcessContext ctx = new ProcessContext(recognised, crash, facts, reported, crashLwp);
        ThreadExplainer explainer = new ThreadExplainer(kb);
        IdentityHashMap<ThreadTrace, ThreadExplanation> explanations = new IdentityHashMap<>();
        for (Map.Entry<ThreadTrace, CallPath> e : paths.entrySet()) {
            explanations.put(e.getKey(), explainer.explain(e.getValue(), ctx));
        }
        Diagnoser diagnoser = new Diagnoser(kb);
        String otherProcess = otherProcess(bt.snapshots());
        if (otherProcess == null) {
            IdentityHashMap<ThreadTrace, Boolean> changed = changedAcrossSamples(bt.snapshots(), explanations);
            List<ThreadExplanation> last = bt.threads().stream().map(explanations::get).toList();
            return new Analysis(explanations, changed, diagnoser.diagnose(last, bt, bt.snapshots().size(), ctx, changed));
        }
        // listings of different processes (pasted one after another): each is diagnosed alone, the most severe decides
        Diagnosis worst = null;
        int worstListing = 0;
        for (int i = 0; i < bt.snapshots().size(); i++) {
            List<ThreadExplanation> listing = bt.snapshots().get(i).threads().stream().map(explanations::get).toList();
            Diagnosis d = diagnoser.diagnose(listing, bt, 1, ctx, Map.of());
            if (worst == null || SEVERITY.indexOf(d.verdict()) <= SEVERITY.indexOf(worst.verdict())) {
                worst = d;
                worstListing = i;
            }
        }
        Finding separate = Finding.of(Finding.Kind.SEPARATE_PROCESSES, List.of(), Finding.values("listings", bt.snapshots().size(),
                "clue", otherProcess, "listing", worstListing + 1, "line", bt.snapshots().get(worstListing).line()));
        return new Analysis(explanations, new IdentityHashMap<>(), worst.withFirst(separate));
    }

    /** Most severe first: of listings of different processes, the most severe verdict is the input's. */
    private static final List<Verdict> SEVERITY = List.of(Verdict.CRASH, Verdict.DEADLOCK, Verdict.HUNG, Verdict.UNKNOWN,
            Verdict.BUSY, Verdict.IDLE);

    /**
     * Why consecutive listings are of different processes, or null when they may be samples of one: the same function at
     * addresses far apart (another load address: a library mapped elsewhere, which a running process never does), or
     * threads with LWPs none of which is in the other listing.
     */
    static String otherProcess(List<Snapshot> snapshots) {
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
                        return String.format(java.util.Locale.ROOT, "%s is at 0x%x in listing %d and at 0x%x in listing %d",
                                f.function(), pc, s, f.pc(), s + 1);
                    }
                }
            }
            if (anyLwp && !lwps.isEmpty() && !sharedLwp) {
                return "listing " + (s + 1) + " shares no thread (LWP) with listing " + s;
            }
        }
        return null;
    }

    /** Further apart than any function is long: another mapping of the code. */
    private static final long FAR_APART = 1L << 24;

    /** What the capture shows of its program: executable, thread names, the functions and libraries of its frames. */
    private static ProcessClues clues(Backtrace bt, ProcessFacts facts) {
        Set<String> executables = new HashSet<>();
        String command = bt.programCommandLine();
        if (command != null && !command.isEmpty()) {
            executables.add(baseName(command.split("\\s+")[0]));
        }
        if (facts.executable() != null) {
            executables.add(baseName(facts.executable()));
        }
        Set<String> names = new HashSet<>();
        Set<String> functions = new HashSet<>();
        Set<String> libraries = new HashSet<>();
        for (Snapshot s : bt.snapshots()) {
            for (ThreadTrace t : s.threads()) {
                if (t.name() != null) {
                    names.add(t.name());
                }
                for (Frame f : t.frames()) {
                    if (!f.isUnknownFunction()) {
                        functions.add(f.function());
                    }
                    if (f.library() != null) {
                        libraries.add(f.library());
                    }
                }
            }
        }
        return new ProcessClues(executables, names, functions, libraries);
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The fatal signal gdb reported (the last one), and the thread it hit: the one gdb named, else its current
     * thread, else the thread whose frame #0 gdb printed right after the signal line (a core's current thread), else
     * the only thread shown, else the one thread on the abort path. A core's terminating signal ended the program
     * whatever it is (SIGTRAP from a fatal g_log too); a live stop is a crash only for the fatal signals.
     */
    private Crash crash(Backtrace bt, Map<ThreadTrace, CallPath> paths, Reported reported, KnowledgeBase kb) {
        Crash crash = null;
        for (DebuggerEvent e : bt.events()) {
            if (e.kind() != DebuggerEvent.Kind.SIGNAL_RECEIVED && e.kind() != DebuggerEvent.Kind.PROGRAM_TERMINATED) {
                continue;
            }
            Matcher m = SIGNAL.matcher(e.text());
            if (!m.find()) {
                continue;
            }
            String signal = m.group(1).startsWith("SIG") ? m.group(1)
                    : kb.states().signalNumbers().getOrDefault(m.group(1), "signal " + m.group(1));
            if (e.kind() == DebuggerEvent.Kind.SIGNAL_RECEIVED && !kb.states().fatalSignals().contains(signal)) {
                continue;
            }
            Integer thread = null;
            int stackLine = 0;
            Matcher t = THREAD.matcher(e.text());
            if (t.find()) {
                thread = Integer.valueOf(t.group(1));
            } else {
                ThreadTrace hit = bt.threads().stream().filter(ThreadTrace::current).reduce((a, b) -> b).orElse(null);
                hit = hit != null ? hit : stoppedAt(bt, e);
                hit = hit != null || bt.threads().size() != 1 ? hit : bt.threads().get(0);
                if (hit != null && hit.number() == null) {
                    stackLine = hit.line(); // a lone "bt" after the signal line: no number to name it by
                } else if (hit != null) {
                    thread = hit.number();
                } else {
                    thread = onAbortPath(bt, paths, kb); // a core listed without gdb's current thread
                }
            }
            ThreadTrace crashed = crashedThread(bt, thread, stackLine);
            StringBuilder message = new StringBuilder();
            for (DebuggerEvent o : bt.events()) {
                if (o.kind() == DebuggerEvent.Kind.PROGRAM_OUTPUT && o.line() < e.line()) {
                    message.append(o.text()).append(" / ");
                }
            }
            if (message.length() == 0 && crashed != null) {
                String fromArguments = messageFromArguments(paths.get(crashed));
                if (fromArguments != null) {
                    message.append(fromArguments).append(" / ");
                }
            }
            message.append(e.text());
            crash = new Crash(thread, signal, message.toString(), crashed == null ? null : signature(paths.get(crashed), kb),
                    crashed == null ? -1 : ownFrame(paths.get(crashed), kb), stackLine);
        }
        if (crash == null && (reported == null || reported.kind().verdict().equals("crash"))) {
            crash = reported(bt, paths, reported, kb);
        }
        return crash;
    }

    /** The thread of the last listing a crash names: by gdb's number, or by the line its stack starts on. */
    private static ThreadTrace crashedThread(Backtrace bt, Integer thread, int stackLine) {
        for (ThreadTrace t : bt.threads()) {
            if (thread != null ? thread.equals(t.number()) : stackLine > 0 && t.line() == stackLine) {
                return t;
            }
        }
        return null;
    }

    /**
     * The thread whose frame #0 is the frame gdb printed right after the signal line ("#0  0x00007f77… in
     * _dbus_list_foreach () from …"), or the frame #0 of a lone "bt" of the current thread printed before the full
     * listing: a core's current thread when the listing does not mark it. Matched by address, else by function and
     * source line; null unless exactly one thread of the last listing matches.
     */
    private static ThreadTrace stoppedAt(Backtrace bt, DebuggerEvent signal) {
        String address = null;
        String function = null;
        String at = null;
        for (DebuggerEvent e : bt.events()) {
            Matcher m = e.kind() == DebuggerEvent.Kind.STOP_LOCATION && e.line() > signal.line() ? STOP.matcher(e.text()) : null;
            if (m != null && m.find()) {
                address = m.group(1);
                function = m.group(2);
                at = m.group(3);
                break;
            }
        }
        if (function == null) {
            for (Snapshot s : bt.snapshots()) {
                ThreadTrace only = s.threads().size() == 1 ? s.threads().get(0) : null;
                if (s != bt.snapshots().get(bt.snapshots().size() - 1) && only != null && only.number() == null
                        && only.line() > signal.line() && !only.frames().isEmpty()) {
                    Frame f = only.frames().get(0);
                    address = f.hasAddress() ? f.address() : null;
                    function = f.function();
                    at = f.source() == null ? null : f.source().file() + ":" + f.source().line();
                    break;
                }
            }
        }
        if (function == null) {
            return null;
        }
        ThreadTrace found = null;
        for (ThreadTrace t : bt.threads()) {
            if (t.frames().isEmpty()) {
                continue;
            }
            Frame f = t.frames().get(0);
            boolean same = address != null ? f.hasAddress() && f.pc() == Long.parseUnsignedLong(address.substring(2), 16)
                    : f.function().equals(function) && (at == null || f.source() != null
                    && (f.source().file() + ":" + f.source().line()).endsWith(at));
            if (same && found != null) {
                return null;
            }
            found = same ? t : found;
        }
        return found;
    }

    /** The number of the one numbered thread on the abort path (the state rule's), or null when not exactly one. */
    private static Integer onAbortPath(Backtrace bt, Map<ThreadTrace, CallPath> paths, KnowledgeBase kb) {
        Integer found = null;
        for (ThreadTrace t : bt.threads()) {
            if (t.number() != null && StateClassifier.abortPathFrame(paths.get(t), kb.states()) >= 0) {
                if (found != null) {
                    return null;
                }
                found = t.number();
            }
        }
        return found;
    }

    /**
     * The crash signature of a crashing thread's stack: the first three named frames of the program's own code
     * (library frames, the abort path and thread-start frames left out), normalized (no __GI_, no clone suffixes), so
     * that it stays the same across builds; library frames only when the program has none.
     */
    static String signature(CallPath p, KnowledgeBase kb) {
        String own = signature(p, true, kb);
        return own.isEmpty() ? signature(p, false, kb) : own;
    }

    private static String signature(CallPath p, boolean ownCodeOnly, KnowledgeBase kb) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = 0; i < p.size() && n < 3; i++) {
            if (!p.named(i)) {
                continue;
            }
            dev.btexplain.knowledge.FunctionEntry e = p.entry(i);
            boolean skip = e != null && (e.category() == dev.btexplain.knowledge.Category.ABORT
                    || e.category() == dev.btexplain.knowledge.Category.THREAD_START
                    || e.category() == dev.btexplain.knowledge.Category.REPORT);
            if (ownCodeOnly && isLibrary(p, i, kb)) {
                skip = true;
            }
            if (!skip) {
                b.append(n++ == 0 ? "" : " | ").append(p.name(i));
            }
        }
        return b.toString();
    }

    /**
     * A frame of a library the program calls or of a sanitizer's runtime (its interceptors): by its library path or
     * source, or by its entry's pack.
     */
    private static boolean isLibrary(CallPath p, int i, KnowledgeBase kb) {
        String lib = kb.libraryOf(p.frame(i));
        if (lib == null && p.entry(i) != null) {
            lib = p.entry(i).library();
        }
        Pack.Kind kind = lib == null ? null : kb.kind(lib);
        return kind == Pack.Kind.LIBRARY || kind == Pack.Kind.RUNTIME;
    }

    /**
     * The error message a crash path carries in its arguments when the program's own output was not captured
     * (a core file): {@code __assert_fail (assertion=0x… "q->len <= q->cap", file=…)} → "Assertion `q->len <= q->cap' failed".
     */
    static String messageFromArguments(CallPath p) {
        for (int i = 0; i < p.size(); i++) {
            dev.btexplain.knowledge.FunctionEntry e = p.entry(i);
            if (e == null || e.message() == null) {
                continue;
            }
            Map<String, String> args = Arguments.parse(p.frame(i).args());
            String text = e.message();
            for (Map.Entry<String, String> a : args.entrySet()) {
                String v = a.getValue();
                int quote = v.indexOf('"');
                if (quote >= 0 && v.endsWith("\"")) {
                    v = v.substring(quote + 1, v.length() - 1); // 0x5555… "text": the text
                }
                text = text.replace("{" + a.getKey() + "}", v);
            }
            if (!text.contains("{")) {
                return text;
            }
        }
        return null;
    }

    /**
     * A crash a tool reported without a signal line: a sanitizer's report or a kernel oops. The stack that failed
     * is the first one (current).
     */
    private static Crash reported(Backtrace bt, Map<ThreadTrace, CallPath> paths, Reported reported, KnowledgeBase kb) {
        StringBuilder message = new StringBuilder();
        if (reported != null && reported.kernel()) {
            message.append(reported.message());
        }
        for (DebuggerEvent e : bt.events()) {
            if (e.kind() == DebuggerEvent.Kind.SANITIZER_REPORT || e.kind() == DebuggerEvent.Kind.SANITIZER_SUMMARY) {
                message.append(message.length() == 0 ? "" : " / ").append(e.text());
            }
        }
        if (message.length() == 0) {
            return null;
        }
        // the report's own stack: the first current one after its line (a kernel log may hold several reports)
        int after = reported == null ? 0 : reported.line().line();
        for (ThreadTrace t : bt.threads()) {
            if (t.current() && t.line() > after) {
                return new Crash(null, null, message.toString(), signature(paths.get(t), kb), ownFrame(paths.get(t), kb), t.line());
            }
        }
        return new Crash(null, null, message.toString(), "", -1);
    }

    /** The first frame of the program's own code on a crashing thread's stack, above the library frames; -1 when none. */
    static int ownFrame(CallPath p, KnowledgeBase kb) {
        for (int i = 0; i < p.size(); i++) {
            if (p.named(i) && !isLibrary(p, i, kb)) {
                return p.frame(i).index();
            }
        }
        return -1;
    }

    /** A thread of a later listing whose functions differ from the same thread in the listing before. */
    private static IdentityHashMap<ThreadTrace, Boolean> changedAcrossSamples(List<Snapshot> snapshots,
                                                                          Map<ThreadTrace, ThreadExplanation> explained) {
        IdentityHashMap<ThreadTrace, Boolean> changed = new IdentityHashMap<>();
        for (int s = 1; s < snapshots.size(); s++) {
            Map<Object, ThreadTrace> before = new HashMap<>();
            for (ThreadTrace t : snapshots.get(s - 1).threads()) {
                before.put(key(t), t);
            }
            for (ThreadTrace t : snapshots.get(s).threads()) {
                ThreadTrace b = before.get(key(t));
                changed.put(t, b == null || !sameStack(b, t, explained.get(t).waitEnd()));
            }
        }
        return changed;
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
