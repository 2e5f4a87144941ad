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
    private static final Pattern SIGNAL = Pattern.compile("(?:received|terminated with) signal (SIG[A-Z0-9]+)");
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
        IdentityHashMap<ThreadTrace, Boolean> changed = changedAcrossSamples(bt.snapshots());
        List<ThreadExplanation> last = bt.threads().stream().map(explanations::get).toList();
        return new Analysis(explanations, changed, new Diagnoser(kb).diagnose(last, bt, ctx, changed));
    }

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

    /** The fatal signal gdb reported (the last one), and the thread it hit: the one gdb named, or the current one. */
    private Crash crash(Backtrace bt, Map<ThreadTrace, CallPath> paths, Reported reported, KnowledgeBase kb) {
        Crash crash = null;
        for (DebuggerEvent e : bt.events()) {
            if (e.kind() != DebuggerEvent.Kind.SIGNAL_RECEIVED && e.kind() != DebuggerEvent.Kind.PROGRAM_TERMINATED) {
                continue;
            }
            Matcher m = SIGNAL.matcher(e.text());
            if (!m.find() || !kb.states().fatalSignals().contains(m.group(1))) {
                continue;
            }
            Integer thread = null;
            Matcher t = THREAD.matcher(e.text());
            if (t.find()) {
                thread = Integer.valueOf(t.group(1));
            } else {
                for (ThreadTrace tt : bt.threads()) {
                    if (tt.current()) {
                        thread = tt.number();
                    }
                }
                if (thread == null && bt.threads().size() == 1) {
                    thread = bt.threads().get(0).number();
                }
                if (thread == null) {
                    thread = onAbortPath(bt, paths, kb); // a core listed without gdb's current thread
                }
            }
            StringBuilder message = new StringBuilder();
            for (DebuggerEvent o : bt.events()) {
                if (o.kind() == DebuggerEvent.Kind.PROGRAM_OUTPUT && o.line() < e.line()) {
                    message.append(o.text()).append(" / ");
                }
            }
            if (message.length() == 0) {
                String fromArguments = messageFromArguments(bt, paths, thread);
                if (fromArguments != null) {
                    message.append(fromArguments).append(" / ");
                }
            }
            message.append(e.text());
            crash = new Crash(thread, m.group(1), message.toString(), signature(bt, paths, thread, kb), ownFrame(bt, paths, thread, kb));
        }
        if (crash == null && (reported == null || reported.kind().verdict().equals("crash"))) {
            crash = reported(bt, paths, reported, kb);
        }
        return crash;
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
     * The crash signature: the first three named frames of the program's own code (library frames, the abort
     * path and thread-start frames left out), normalized (no __GI_, no clone suffixes), so that it stays the
     * same across builds; library frames only when the program has none.
     */
    private static String signature(Backtrace bt, Map<ThreadTrace, CallPath> paths, Integer thread, KnowledgeBase kb) {
        for (ThreadTrace t : bt.threads()) {
            if (Objects.equals(t.number(), thread)) {
                return signature(paths.get(t), kb);
            }
        }
        return null;
    }

    /** The crash signature of a crashing thread's stack (see above). */
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

    private static String messageFromArguments(Backtrace bt, Map<ThreadTrace, CallPath> paths, Integer thread) {
        for (ThreadTrace t : bt.threads()) {
            if (Objects.equals(t.number(), thread)) {
                return messageFromArguments(paths.get(t));
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

    /** The first frame of the program's own code on the crashing thread's stack, above the library frames; -1 when none. */
    private static int ownFrame(Backtrace bt, Map<ThreadTrace, CallPath> paths, Integer thread, KnowledgeBase kb) {
        for (ThreadTrace t : bt.threads()) {
            if (Objects.equals(t.number(), thread)) {
                return ownFrame(paths.get(t), kb);
            }
        }
        return -1;
    }

    static int ownFrame(CallPath p, KnowledgeBase kb) {
        for (int i = 0; i < p.size(); i++) {
            if (p.named(i) && !isLibrary(p, i, kb)) {
                return p.frame(i).index();
            }
        }
        return -1;
    }

    /** A thread of a later listing whose functions differ from the same thread in the listing before. */
    private static IdentityHashMap<ThreadTrace, Boolean> changedAcrossSamples(List<Snapshot> snapshots) {
        IdentityHashMap<ThreadTrace, Boolean> changed = new IdentityHashMap<>();
        for (int s = 1; s < snapshots.size(); s++) {
            Map<Object, ThreadTrace> before = new HashMap<>();
            for (ThreadTrace t : snapshots.get(s - 1).threads()) {
                before.put(key(t), t);
            }
            for (ThreadTrace t : snapshots.get(s).threads()) {
                ThreadTrace b = before.get(key(t));
                changed.put(t, b == null || !sameStack(b, t));
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

    private static boolean sameStack(ThreadTrace a, ThreadTrace b) {
        if (a.frames().size() != b.frames().size()) {
            return false;
        }
        for (int i = 0; i < a.frames().size(); i++) {
            Frame x = a.frames().get(i);
            Frame y = b.frames().get(i);
            if (!x.function().equals(y.function()) || x.pc() != y.pc() || !java.util.Objects.equals(x.args(), y.args())) {
                return false;
            }
        }
        return true;
    }
}
