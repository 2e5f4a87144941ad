package dev.btexplain.analyze;

import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.NextStep;
import dev.btexplain.knowledge.Pack;
import dev.btexplain.knowledge.ProcessCheck;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process-level view of the last listing, in named steps: what the process is, how it crashed (when it did),
 * the packs' checks and hang patterns, the wait-for graph, the verdict ladder, the samples, and what to capture
 * next. Each step adds findings, as data.
 */
final class Diagnoser {
    private final KnowledgeBase kb;

    Diagnoser(KnowledgeBase kb) {
        this.kb = kb;
    }

    /**
     * @param threads the listing to diagnose (the last, of several samples)
     * @param samples the listings it is the last of: 1 when it is diagnosed alone
     * @param before  each thread of this listing as the listing before showed it (empty for one listing)
     */
    Diagnosis diagnose(List<ThreadExplanation> threads, Backtrace bt, int samples, ProcessContext ctx, Map<ThreadTrace, Boolean> changed,
                       Map<ThreadTrace, ThreadExplanation> before) {
        List<Finding> findings = new ArrayList<>();
        int named = 0;
        int frames = 0;
        for (ThreadExplanation t : threads) {
            if (!t.role().kernelTask()) {
                named += t.path().namedCount();
                frames += t.path().countedFrames();
            }
        }
        findings.addAll(whatProcess(threads, ctx, bt));
        Crash crash = ctx.crash() != null ? ctx.crash() : new CrashLocator(kb).fromStack(threads);
        findings.addAll(crashAndReports(threads, bt, ctx, crash));
        Set<ThreadExplanation> patterns = new LinkedHashSet<>();
        findings.addAll(checks(threads, bt, named, frames, patterns));
        LockGraph locks = LockGraph.build(threads, kb, ctx.facts());
        boolean allAsked = bt.events().stream().anyMatch(e -> e.kind() == dev.btexplain.model.DebuggerEvent.Kind.ALL_THREADS_ASKED);
        WaitGraph waits = WaitGraph.build(threads, locks, complete(threads, bt.format(), ctx, allAsked));
        findings.addAll(waitFindings(waits));
        boolean severalSamples = samples > 1;
        VerdictLadder.Decision decision = VerdictLadder.decide(new VerdictLadder.Facts(threads, bt.format(), ctx.reported(),
                ctx.crash(), waits, patterns, changed, before, samples));
        findings.addAll(decision.findings());
        Verdict verdict = decision.verdict();
        Confidence confidence = decision.confidence();
        boolean fromLocks = ctx.reported() == null && (verdict == Verdict.DEADLOCK || verdict == Verdict.HUNG);
        boolean inferred = locks.locks().stream().anyMatch(w -> w.owner() != null && w.ownerSource() != OwnerSource.GDB);
        if (fromLocks && inferred) {
            boolean readable = locks.locks().stream().anyMatch(w -> w.owner() != null && w.ownerSource() != OwnerSource.GDB
                    && w.lock().ownerCommand() != null);
            findings.add(Finding.of(Finding.Kind.OWNERS_INFERRED, List.of(), Finding.values("readable", readable)));
        }
        if (severalSamples) {
            findings.addAll(samples(threads, bt.snapshots(), changed, waits));
        }
        if (confidence != Confidence.CERTAIN) {
            findings.add(Finding.of(Finding.Kind.TO_BE_CERTAIN, List.of(), Finding.values("verdict", verdict.id(), "several", severalSamples,
                    "confidence", confidence.id())));
        }
        if (bt.events().stream().anyMatch(e -> e.kind() == dev.btexplain.model.DebuggerEvent.Kind.CORE_GENERATED_BY)) {
            // a core's process is gone: the gdb command that reads an owner opens the core, not a PID
            findings.replaceAll(f -> f.values().containsKey("command") ? f.with("core", true) : f);
        }
        List<NextStep> next = new NextSteps(kb).choose(NextSteps.triggers(threads, bt, samples, verdict, locks, named, frames,
                !patterns.isEmpty()), threads);
        return new Diagnosis(verdict, confidence, findings, next, crash, named, frames, waits, StackGrouper.group(threads),
                kb.states().meanings());
    }

    /** Step 1: the process in one line, the programs recognised in it, and a mixed input's tools. */
    private List<Finding> whatProcess(List<ThreadExplanation> threads, ProcessContext ctx, Backtrace bt) {
        List<Finding> out = new ArrayList<>();
        List<String> programs = new ArrayList<>();
        String article = "a";
        for (Pack p : kb.packs()) {
            if (ctx.recognised().containsKey(p.id()) && p.kind() != Pack.Kind.LIBRARY) {
                // "a QEMU process", not "a Rust standard library process"
                article = programs.isEmpty() ? p.article() : article;
                programs.add(p.label());
            }
        }
        InputFormat format = bt.format();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("input", format == InputFormat.KERNEL ? "kernel" : format == InputFormat.PROC_STACK ? "proc-stack" : "process");
        v.put("programs", programs);
        if (!programs.isEmpty()) {
            v.put("article", article);
        }
        out.add(Finding.of(Finding.Kind.SUMMARY, threads, v));
        for (Pack p : kb.packs()) {
            String clue = ctx.recognised().get(p.id());
            if (clue != null) {
                out.add(Finding.of(Finding.Kind.RECOGNISED, List.of(), Finding.values("pack", p.id(), "label", p.label(), "clue", clue))
                        .because("pack." + p.id()));
            }
        }
        if (format == InputFormat.MIXED) {
            Set<Long> lwps = new HashSet<>();
            boolean twice = bt.threads().stream().anyMatch(t -> t.lwp() != null && !lwps.add(t.lwp()));
            out.add(Finding.of(Finding.Kind.MIXED_INPUT, List.of(), Finding.values("formats",
                    bt.formats().stream().map(InputFormat::id).toList(), "twice", twice)));
        }
        return out;
    }

    /** The explanation of the thread CrashLocator located, else the only thread. */
    private static ThreadExplanation crashedThread(List<ThreadExplanation> threads, Crash crash) {
        for (ThreadExplanation t : threads) {
            if (crash.trace() != null && t.thread() == crash.trace()) {
                return t;
            }
        }
        return threads.size() == 1 && crash.thread() == null ? threads.get(0) : null;
    }

    /** Step 2: the fatal signal, the abort path, and the report a tool printed (kernel, sanitizer). */
    private List<Finding> crashAndReports(List<ThreadExplanation> threads, Backtrace bt, ProcessContext ctx, Crash crash) {
        List<Finding> out = new ArrayList<>();
        Reported reported = ctx.reported();
        String by = reported != null && reported.kernel() ? "kernel" : "sanitizer";
        if (crash != null && ctx.crash() == null) {
            ThreadExplanation t = threads.stream().filter(x -> java.util.Objects.equals(x.thread().number(), crash.thread()))
                    .findFirst().orElse(threads.get(0));
            out.add(new Finding(Finding.Kind.CRASH_FROM_STACK, List.of(t), List.of(), List.of(), "state.abort-path",
                    crashValues(crash), true));
        } else if (ctx.crash() != null && ctx.crash().signal() == null) {
            Map<String, Object> v = crashValues(ctx.crash());
            v.put("by", by);
            v.put("stacks", reported == null);
            out.add(new Finding(Finding.Kind.TOOL_REPORT, List.of(), List.of(), List.of(), reported == null ? null : reported.kind().id(), v, true));
        } else if (ctx.crash() != null) {
            Map<String, Object> v = crashValues(ctx.crash());
            if (ctx.crash().thread() != null) {
                v.put("thread", ctx.crash().thread());
            }
            v.put("frame", ctx.crash().frame());
            if (ctx.crash().origin() != null) {
                v.put("origin", ctx.crash().origin()); // sent with kill, or a fault at an address ($_siginfo)
            }
            out.add(new Finding(Finding.Kind.SIGNAL, List.of(), List.of(), List.of(), "state.fatal-signal", v, true));
        } else if (reported != null) {
            out.add(new Finding(Finding.Kind.TOOL_REPORT, List.of(), List.of(), List.of(), reported.kind().id(),
                    Finding.values("by", by, "message", reported.message()), true));
        }
        ThreadExplanation crashed = crash == null ? null : crashedThread(threads, crash);
        StackOverflow overflow = crashed == null ? null : StackOverflow.find(crashed.thread().frames());
        if (overflow != null) {
            out.add(new Finding(Finding.Kind.STACK_OVERFLOW, List.of(crashed), List.of(), List.of(), null,
                    Finding.values("cycle", overflow.cycle(), "repeats", overflow.repeats(), "first_frame", overflow.firstFrame(),
                            "depth", overflow.depth(), "unreadable", overflow.unreadable()), true));
        }
        if (reported != null) {
            // a signal line and a tool's report never come in one input (only kernel and sanitizer formats have reports)
            String several = reported.summary();
            if (several != null) {
                out.add(Finding.of(Finding.Kind.SEVERAL_REPORTS, List.of(), Finding.values("summary", several)));
            }
            out.add(Finding.of(Finding.Kind.REPORT_KIND, List.of(), Finding.values("label", reported.kind().label(),
                    "meaning", reported.kind().meaning(), "read_first", reported.kind().readFirst())).because(reported.kind().id()));
            Finding task = reported.kernel() ? KernelReports.task(reported, threads) : null;
            if (task != null) {
                out.add(task);
            }
            out.addAll(KernelReports.lockdep(reported, bt, threads));
        }
        return out;
    }

    /** The message (without gdb's own signal line) and the signature of a crash. */
    private static Map<String, Object> crashValues(Crash crash) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (crash.signal() != null) {
            v.put("signal", crash.signal());
        }
        v.put("message", crash.message());
        v.put("signature", crash.signature() == null ? "" : crash.signature());
        return v;
    }

    /** Step 3: the packs' checks (no vCPU thread, symbol coverage) and hang patterns (a nested aio_poll in the main loop). */
    private List<Finding> checks(List<ThreadExplanation> threads, Backtrace bt, int named, int frames,
                                 Set<ThreadExplanation> patterns) {
        List<Finding> out = new ArrayList<>();
        boolean threadListing = !bt.format().reportStacks();
        for (ProcessCheck c : kb.checks()) {
            if (!c.missingRoles().isEmpty()) {
                // a sanitizer report lists stacks, not the process's threads: nothing is "missing"
                if (threadListing && threads.stream().noneMatch(t -> c.missingRoles().contains(t.role().id()))) {
                    out.add(check(c, List.of(), List.of(), Map.of()));
                }
            } else if (c.role() != null) {
                for (ThreadExplanation t : threads) {
                    int i = t.role().id().equals(c.role()) ? t.path().indexOf(c.frame()) : -1;
                    if (i >= 0) {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("caller", caller(t.path(), i));
                        out.add(check(c, List.of(t), List.of(new Finding.FrameRef(t, i)), v));
                        if (c.notNormal()) {
                            patterns.add(t);
                        }
                    }
                }
            } else if (frames > 0 && named * 100L < (long) frames * c.belowPercent()) {
                out.add(check(c, List.of(), List.of(), Finding.values("named", named, "frames", frames, "percent", named * 100L / frames)));
            }
        }
        return out;
    }

    private static Finding check(ProcessCheck c, List<ThreadExplanation> threads, List<Finding.FrameRef> frames, Map<String, Object> values) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put("template", c.text());
        return new Finding(Finding.Kind.CHECK, threads, List.of(), frames, c.id(), v, c.notNormal());
    }

    /** The first named frame outside frame i with another name: who called the nested wait. */
    private static String caller(CallPath p, int i) {
        for (int j = i + 1; j < p.size(); j++) {
            if (p.named(j) && !p.name(j).equals(p.name(i))) {
                return p.name(j); // without a C++ parameter list
            }
        }
        return null;
    }

    /** Step 4: each lock and who holds it, each join and whom it waits for. */
    private static List<Finding> waitFindings(WaitGraph waits) {
        List<Finding> out = new ArrayList<>();
        for (LockGraph.LockWait w : waits.locks().locks()) {
            ThreadExplanation first = w.waiters().get(0);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("lock", w.lock().label());
            v.put("owner_source", w.ownerSource());
            v.put("owner_confidence", w.ownerConfidence().id());
            v.put("owner_why", w.ownerWhy());
            if (w.lock().ownerCommand() != null && w.ownerSource() != OwnerSource.GDB) {
                v.put("command", w.lock().ownerCommand());
            }
            List<Finding.FrameRef> frames = first.waitFrame() < 0 ? List.of() : List.of(new Finding.FrameRef(first, first.waitFrame()));
            out.add(new Finding(Finding.Kind.LOCK_WAIT, w.waiters(), w.owner() == null ? List.of() : List.of(w.owner()), frames,
                    "wait-graph.lock", v, false));
        }
        for (WaitGraph.Edge j : waits.joins()) {
            if (j.waiter().activity() == Activity.IDLE) {
                continue; // a join at a home wait (the java launcher's) is how the program is built, not a finding
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("target", j.join());
            v.put("listed", j.target() != null);
            out.add(new Finding(Finding.Kind.JOIN, List.of(j.waiter()), j.target() == null ? List.of() : List.of(j.target()),
                    List.of(new Finding.FrameRef(j.waiter(), j.frame())), "wait-graph.join", v, false));
        }
        return out;
    }

    /**
     * The listing holds every thread of the process: a live capture, a tool that always dumps every thread (eu-stack,
     * systemd-coredump), or gdb's (and LLDB's) numbered threads from 1 to N without a gap (thread apply all bt). A lone
     * "bt" has no numbered header, and a gap may be a thread that exited or one that was left out.
     */
    static boolean complete(List<ThreadExplanation> listing, InputFormat format, ProcessContext ctx, boolean allThreadsAsked) {
        if (!ctx.facts().tasks().isEmpty()) {
            return true;
        }
        if (format == InputFormat.EU_STACK || format == InputFormat.COREDUMPCTL) {
            return !listing.isEmpty();
        }
        if (format != InputFormat.GDB && format != InputFormat.LLDB || listing.isEmpty()) {
            return false;
        }
        // numbered 1..N, each once: N distinct numbers none above N
        java.util.BitSet numbers = new java.util.BitSet(listing.size() + 1);
        for (ThreadExplanation x : listing) {
            Integer n = x.thread().number();
            if (n == null || n < 1 || n > listing.size() || numbers.get(n)) {
                return false;
            }
            numbers.set(n);
        }
        // a lone LLDB "bt" prints one thread with its number too: one thread is the whole process only when every
        // thread was asked for
        return format == InputFormat.GDB || listing.size() > 1 || allThreadsAsked;
    }

    /** Step 6: what several samples show: for each listing after the first, which threads changed since the one before. */
    private static List<Finding> samples(List<ThreadExplanation> threads, List<dev.btexplain.model.Snapshot> snapshots,
                                         Map<ThreadTrace, Boolean> changed, WaitGraph waits) {
        List<Finding> out = new ArrayList<>();
        List<Finding.SamplePair> pairs = new ArrayList<>();
        for (int s = 1; s < snapshots.size(); s++) {
            List<ThreadTrace> listing = snapshots.get(s).threads();
            List<String> moved = new ArrayList<>();
            for (ThreadTrace t : listing) {
                if (Boolean.TRUE.equals(changed.get(t))) {
                    moved.add(t.number() != null ? "thread " + t.number() : t.lwp() != null ? "LWP " + t.lwp() : "its thread");
                }
            }
            pairs.add(new Finding.SamplePair(s, s + 1, moved, listing.size()));
        }
        out.add(Finding.of(Finding.Kind.SAMPLES_CHANGED, List.of(), Finding.values("samples", snapshots.size(), "pairs", pairs)));
        Set<ThreadExplanation> cycle = LockGraph.identitySet(waits.cycle());
        List<ThreadExplanation> stuck = threads.stream().filter(t -> Boolean.FALSE.equals(changed.get(t.thread()))
                && (t.state() == ThreadState.WAIT_MUTEX || cycle.contains(t))).toList();
        if (!stuck.isEmpty()) {
            out.add(new Finding(Finding.Kind.STUCK_ON_LOCK, stuck, List.of(), List.of(), "samples.unchanged", Map.of(), true));
        }
        return out;
    }

    /** How many numbers or ranges a sentence lists before it says how many more there are. */
    private static final int RANGES_SHOWN = 40;

    /** "100, 99, 98, 7" → "100-98, 7": runs of consecutive thread numbers, up or down, as ranges. */
    static String ranges(List<String> numbers) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        int written = 0;
        while (i < numbers.size()) {
            if (written++ == RANGES_SHOWN) {
                // a person reads a few dozen; the JSON report lists every thread
                return b.append(" and ").append(numbers.size() - i).append(" more").toString();
            }
            int j = i;
            while (j + 1 < numbers.size() && step(numbers.get(j), numbers.get(j + 1)) != 0
                    && step(numbers.get(j), numbers.get(j + 1)) == step(numbers.get(i), numbers.get(Math.min(i + 1, numbers.size() - 1)))) {
                j++;
            }
            b.append(b.length() == 0 ? "" : ", ").append(numbers.get(i));
            if (j >= i + 2) {
                b.append('-').append(numbers.get(j));
                i = j + 1;
            } else {
                i++;
            }
        }
        return b.toString();
    }

    /** +1 or -1 when b follows a by one, else 0. */
    private static int step(String a, String b) {
        try {
            int d = Integer.parseInt(b) - Integer.parseInt(a);
            return Math.abs(d) == 1 ? d : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

}
