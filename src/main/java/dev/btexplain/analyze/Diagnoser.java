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
                       Map<ThreadTrace, ThreadExplanation> before, Set<ThreadTrace> woken) {
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
        Crash crash = ctx.crash() != null ? ctx.crash() : new CrashLocator(kb).fromStack(threads, bt);
        findings.addAll(crashAndReports(threads, bt, ctx, crash));
        Set<ThreadExplanation> patterns = new LinkedHashSet<>();
        findings.addAll(checks(threads, bt, named, frames, patterns));
        LockGraph locks = LockGraph.build(threads, kb, ctx.facts());
        boolean allAsked = bt.events().stream().anyMatch(e -> e.kind() == dev.btexplain.model.DebuggerEvent.Kind.ALL_THREADS_ASKED);
        WaitGraph waits = WaitGraph.build(threads, locks, complete(threads, listedBy(bt), ctx, allAsked));
        findings.addAll(WaitFindings.locksAndJoins(waits)); // step 4
        boolean severalSamples = samples > 1;
        VerdictLadder.Decision decision = VerdictLadder.decide(new VerdictLadder.Facts(threads, bt.format(), ctx.reported(),
                ctx.crash(), waits, patterns, changed, before, samples, kb.busyCpuPercent()));
        findings.addAll(decision.findings());
        Verdict verdict = decision.verdict();
        Confidence confidence = decision.confidence();
        boolean fromLocks = ctx.reported() == null && (verdict == Verdict.DEADLOCK || verdict == Verdict.HUNG);
        boolean inferred = locks.locks().stream().anyMatch(w -> w.owner() != null && !w.ownerSource().isFact());
        if (fromLocks && inferred) {
            boolean readable = locks.locks().stream().anyMatch(w -> w.owner() != null && !w.ownerSource().isFact()
                    && w.lock().ownerCommand() != null);
            findings.add(Finding.of(List.of(), new Detail.OwnersInferred(readable)));
        }
        if (severalSamples) {
            findings.addAll(samples(threads, bt.snapshots(), changed, waits, woken));
        }
        if (confidence != Confidence.CERTAIN) {
            findings.add(Finding.of(List.of(), new Detail.ToBeCertain(verdict, severalSamples, confidence,
                    changed.containsValue(Boolean.TRUE))));
        }
        if (bt.events().stream().anyMatch(e -> e.kind() == dev.btexplain.model.DebuggerEvent.Kind.CORE_GENERATED_BY)) {
            // a core's process is gone: the gdb command that reads an owner opens the core, not a PID
            findings.replaceAll(f -> f.detail() instanceof Detail.ReadsOwner r ? f.with(r.onCore()) : f);
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
                // "a QEMU process", not "a Rust standard library process"; "a qemu-img process" when the capture says which
                Pack.Program program = kb.program(p.id());
                article = programs.isEmpty() ? (program != null ? program.article() : p.article()) : article;
                programs.add(program != null ? program.label() : p.label());
            }
        }
        InputFormat format = bt.format();
        out.add(Finding.of(threads, new Detail.Summary(format == InputFormat.KERNEL ? "kernel" : format == InputFormat.PROC_STACK
                ? "proc-stack" : format == InputFormat.GO ? "goroutines" : "process", programs, programs.isEmpty() ? null : article)));
        for (Pack p : kb.packs()) {
            String clue = ctx.recognised().get(p.id());
            if (clue != null) {
                out.add(Finding.of(List.of(), new Detail.Recognised(p.id(), p.label(), clue))
                        .because("pack." + p.id()));
            }
        }
        if (format == InputFormat.MIXED) {
            Set<Long> lwps = new HashSet<>();
            boolean twice = bt.threads().stream().anyMatch(t -> t.lwp() != null && !lwps.add(t.lwp()));
            out.add(Finding.of(List.of(), new Detail.MixedInput(bt.formats().stream().map(InputFormat::id).toList(), twice)));
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
        String by = reported != null && reported.kernel() ? "kernel" : reported != null && reported.runtime() ? "runtime" : "sanitizer";
        if (crash != null && ctx.crash() == null) {
            ThreadExplanation t = threads.stream().filter(x -> java.util.Objects.equals(x.thread().number(), crash.thread()))
                    .findFirst().orElse(threads.get(0));
            out.add(new Finding(List.of(t), List.of(), List.of(), "state.abort-path",
                    new Detail.CrashFromStack(crash.signal(), crash.message(), signature(crash), crash.origin()), true));
        } else if (ctx.crash() != null && ctx.crash().signal() == null) {
            Crash c = ctx.crash();
            out.add(new Finding(List.of(), List.of(), List.of(), reported == null ? null : reported.kind().id(),
                    new Detail.ToolReport(null, c.message(), signature(c), by, reported == null), true));
        } else if (ctx.crash() != null) {
            Crash c = ctx.crash(); // its origin: sent with kill, or a fault at an address ($_siginfo)
            out.add(new Finding(List.of(), List.of(), List.of(), "state.fatal-signal", new Detail.Signal(c.signal(), c.message(),
                    c.programMessage(), signature(c), c.thread(), c.frame(), c.origin(), site(c), nullArguments(c)), true));
        } else if (reported != null) {
            out.add(new Finding(List.of(), List.of(), List.of(), reported.kind().id(),
                    new Detail.ToolReport(null, reported.message(), null, by, null), true));
        }
        ThreadExplanation crashed = crash == null ? null : crashedThread(threads, crash);
        // a runtime that reported how the program ended (a Go panic's value) names the cause: a deep recursion under it
        // is the program's own, not the stack running out, which the runtime would have said ("fatal error: stack overflow")
        boolean runtimeSaid = ctx.crash() != null && ctx.crash().signal() == null && reported != null && reported.runtime();
        StackOverflow overflow = crashed == null || runtimeSaid ? null : StackOverflow.find(crashed.thread().frames());
        if (overflow != null) {
            out.add(new Finding(List.of(crashed), List.of(), List.of(), null, new Detail.StackOverflow(overflow.cycle(),
                    overflow.repeats(), overflow.firstFrame(), overflow.depth(), overflow.unreadable()), true));
        }
        if (reported != null) {
            // a signal line and a tool's report never come in one input (only kernel and sanitizer formats have reports)
            String several = reported.summary();
            if (several != null) {
                out.add(Finding.of(List.of(), new Detail.SeveralReports(several)));
            }
            out.add(Finding.of(List.of(), new Detail.ReportKind(reported.kind().label(), reported.kind().meaning(),
                    reported.kind().readFirst())).because(reported.kind().id()));
            Finding task = reported.kernel() ? KernelReports.task(reported, threads) : null;
            if (task != null) {
                out.add(task);
            }
            out.addAll(KernelReports.lockdep(reported, bt, threads));
        }
        return out;
    }

    /** The program's first frame of the crashed thread (frame 0 when none is the program's), with its source line. */
    private static Detail.CrashSite site(Crash c) {
        if (c.trace() == null || c.trace().frames().isEmpty() || c.origin() != null && c.origin().sent() && !c.origin().self()) {
            return null; // a signal another process sent says nothing of the code the thread ran
        }
        int i = Math.max(0, Math.min(c.frame(), c.trace().frames().size() - 1));
        dev.btexplain.model.Frame f = c.trace().frames().get(i);
        if (f.isUnknownFunction() || f.signalHandler()) {
            return null;
        }
        dev.btexplain.model.Frame top = c.trace().frames().get(0);
        return new Detail.CrashSite(f.index(), f.function(), f.source() == null ? null : f.source().file(),
                f.source() == null || !f.source().hasLine() ? null : f.source().line(),
                i > 0 && !top.isUnknownFunction() && !top.signalHandler() ? top.function() : null);
    }

    /**
     * The arguments printed as null pointers in the frames from the crash to the program's first frame: what a reader
     * of a SIGSEGV looks for first (a callee handed NULL). Only pointers (0x0), never a count that is 0.
     */
    private static List<Detail.NullArgument> nullArguments(Crash c) {
        if (c.trace() == null || c.origin() != null && c.origin().sent() && !c.origin().self()) {
            return null;
        }
        List<Detail.NullArgument> out = new ArrayList<>();
        List<dev.btexplain.model.Frame> frames = c.trace().frames();
        for (int i = 0; i < frames.size() && i <= Math.max(0, c.frame()); i++) {
            dev.btexplain.model.Frame f = frames.get(i);
            Arguments.parse(f.args()).forEach((name, value) -> {
                if (Arguments.nullPointer(value.strip())) {
                    out.add(new Detail.NullArgument(f.index(), f.function(), name));
                }
            });
        }
        return out.isEmpty() ? null : out;
    }

    /** A crash's signature, empty when none (JSON has always written it so). */
    private static String signature(Crash crash) {
        return crash.signature() == null ? "" : crash.signature();
    }

    /** Step 3: the packs' checks (no vCPU thread, symbol coverage) and hang patterns (a nested aio_poll in the main loop). */
    private List<Finding> checks(List<ThreadExplanation> threads, Backtrace bt, int named, int frames,
                                 Set<ThreadExplanation> patterns) {
        List<Finding> out = new ArrayList<>();
        boolean threadListing = !bt.format().reportStacks();
        for (ProcessCheck c : kb.checks()) {
            Pack.Program program = kb.program(c.pack());
            if (program != null && c.unlessPrograms().contains(program.id())) {
                continue;
            }
            if (!c.missingRoles().isEmpty()) {
                // a sanitizer report lists stacks, not the process's threads: nothing is "missing"
                if (threadListing && threads.stream().noneMatch(t -> c.missingRoles().contains(t.role().id()))) {
                    out.add(check(c, List.of(), List.of(), new Detail.Check(null, null, null, null, c.text())));
                }
            } else if (c.role() != null) {
                for (ThreadExplanation t : threads) {
                    int i = t.role().id().equals(c.role()) ? t.path().indexOf(c.frame()) : -1;
                    if (i >= 0) {
                        out.add(check(c, List.of(t), List.of(new Finding.FrameRef(t, i)),
                                new Detail.Check(caller(t.path(), i), null, null, null, c.text())));
                        if (c.notNormal()) {
                            patterns.add(t);
                        }
                    }
                }
            } else if (frames > 0 && named * 100L < (long) frames * c.belowPercent()) {
                out.add(check(c, List.of(), List.of(), new Detail.Check(null, named, frames, named * 100L / frames, c.text())));
            }
        }
        return out;
    }

    /** A pack check's finding: its detail holds the template and what fills it (the caller of its frame, the symbol coverage). */
    private static Finding check(ProcessCheck c, List<ThreadExplanation> threads, List<Finding.FrameRef> frames, Detail.Check d) {
        return new Finding(threads, List.of(), frames, c.id(), d, c.notNormal());
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

    /**
     * The listing holds every thread of the process: a live capture, a tool that always dumps every thread (eu-stack,
     * systemd-coredump), or gdb's (and LLDB's) numbered threads from 1 to N without a gap (thread apply all bt). A lone
     * "bt" has no numbered header, and a gap may be a thread that exited or one that was left out.
     */
    /** The tool whose listing the threads are: gdb's for gdb's output beside a runtime's dump (joined with it). */
    private static InputFormat listedBy(Backtrace bt) {
        return bt.format() == InputFormat.MIXED && bt.formats().contains(InputFormat.GDB)
                && bt.formats().stream().allMatch(f -> f == InputFormat.GDB || f.runtimeDump()) ? InputFormat.GDB : bt.format();
    }

    static boolean complete(List<ThreadExplanation> listing, InputFormat format, ProcessContext ctx, boolean allThreadsAsked) {
        if (!ctx.facts().tasks().isEmpty()) {
            return true;
        }
        if (format == InputFormat.EU_STACK || format == InputFormat.COREDUMPCTL || format.runtimeDump()) {
            return !listing.isEmpty(); // a runtime's thread dump lists every thread it runs
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
                                         Map<ThreadTrace, Boolean> changed, WaitGraph waits, Set<ThreadTrace> woken) {
        List<Finding> out = new ArrayList<>();
        List<Finding.SamplePair> pairs = new ArrayList<>();
        for (int s = 1; s < snapshots.size(); s++) {
            List<ThreadTrace> listing = snapshots.get(s).threads();
            List<String> moved = new ArrayList<>();
            List<String> wokenHere = new ArrayList<>();
            for (ThreadTrace t : listing) {
                if (Boolean.TRUE.equals(changed.get(t))) {
                    String name = t.number() != null ? "thread " + t.number() : t.lwp() != null ? "LWP " + t.lwp() : "its thread";
                    moved.add(name);
                    if (woken.contains(t)) {
                        wokenHere.add(name);
                    }
                }
            }
            pairs.add(new Finding.SamplePair(s, s + 1, moved, listing.size(), wokenHere));
        }
        out.add(Finding.of(List.of(), new Detail.SamplesChanged(snapshots.size(), pairs)));
        Set<ThreadExplanation> cycle = LockGraph.identitySet(waits.cycle());
        List<ThreadExplanation> stuck = threads.stream().filter(t -> Boolean.FALSE.equals(changed.get(t.thread()))
                && (t.state() == ThreadState.WAIT_MUTEX || cycle.contains(t))).toList();
        if (!stuck.isEmpty()) {
            out.add(new Finding(stuck, List.of(), List.of(), "samples.unchanged", new Detail.StuckOnLock(), true));
        }
        return out;
    }


}
