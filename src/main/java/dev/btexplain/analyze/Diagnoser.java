package dev.btexplain.analyze;

import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.NextStep;
import dev.btexplain.knowledge.ProcessCheck;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.Frame;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process-level view of the last listing: the verdict, what is normal and what is not, the checks of
 * knowledge/checks.json, and what to capture next. Hangs and deadlocks (lock graphs) come with a later stage;
 * until then threads blocked on locks leave the verdict open, and the observations say why.
 */
final class Diagnoser {
    private final KnowledgeBase kb;

    Diagnoser(KnowledgeBase kb) {
        this.kb = kb;
    }

    Diagnosis diagnose(List<ThreadExplanation> threads, Backtrace bt, ProcessContext ctx,
                       Map<ThreadTrace, Boolean> changed) {
        List<String> observations = new ArrayList<>();
        List<String> normal = new ArrayList<>();
        List<String> notNormal = new ArrayList<>();
        List<String> next = new ArrayList<>();
        int named = 0;
        int frames = 0;
        for (ThreadExplanation t : threads) {
            if (!t.role().kernelTask()) {
                named += t.path().namedCount();
                frames += t.path().countedFrames();
            }
        }
        observations.add(summary(threads, ctx, bt));
        if (bt.format() == InputFormat.MIXED) {
            observations.add(mixed(bt));
        }
        Crash crash = ctx.crash() != null ? ctx.crash() : abortPath(threads, kb);
        if (crash != null && ctx.crash() == null) {
            observations.add(String.format(Locale.ROOT, "%s is crashing (%s)%s (crash signature: %s); gdb printed no "
                    + "signal line, so this is read from the stack alone.", upper(label(threadOf(threads, crash.thread()))),
                    crash.signal(), crash.message().isEmpty() ? "" : ": " + crash.message(), crash.signature()));
        }
        Reported reported = ctx.reported();
        String reportedBy = reported != null && reported.kernel() ? "The kernel reported: " : "The sanitizer reported: ";
        if (ctx.crash() != null && ctx.crash().signal() == null) {
            observations.add(reportedBy + ctx.crash().message() + " (crash signature: " + ctx.crash().signature() + ")."
                    + (reported != null ? "" : " Read the first stack first: it is the access (or leak) that was caught; the "
                    + "stacks after it say where the memory was freed or allocated, or which other thread touched it."));
        } else if (ctx.crash() != null) {
            observations.add(String.format(Locale.ROOT, "%s received %s%s (crash signature: %s%s).",
                    ctx.crash().thread() == null ? "The process" : "Thread " + ctx.crash().thread(), ctx.crash().signal(),
                    ctx.crash().message().contains(" / ") ? ": "
                            + ctx.crash().message().substring(0, ctx.crash().message().lastIndexOf(" / ")) : "",
                    ctx.crash().signature() == null || ctx.crash().signature().isEmpty() ? "none" : ctx.crash().signature(),
                    ctx.crash().frame() >= 0 ? "; the program's own code starts at frame #" + ctx.crash().frame() : ""));
        } else if (reported != null) {
            observations.add(reportedBy + reported.message() + ".");
        }
        if (reported != null) {
            // a signal line and a tool's report never come in one input (only kernel and sanitizer formats have reports)
            String several = reported.summary();
            if (several != null) {
                observations.add("The input holds several reports: " + several + "; the most severe decides the verdict.");
            }
            observations.add(upper(reported.kind().label()) + ". " + reported.kind().meaning() + " Read first: "
                    + reported.kind().readFirst());
            String task = reported.kernel() ? KernelReports.task(reported, threads) : null;
            if (task != null) {
                observations.add(task);
            }
            observations.addAll(KernelReports.lockdep(reported, bt, threads));
        }
        boolean nestedWait = false;
        List<ThreadExplanation> suspects = new ArrayList<>();
        boolean threadListing = !List.of("asan", "tsan", "lsan", "ubsan").contains(bt.format().id());
        for (ProcessCheck c : kb.checks()) {
            if (!c.missingRoles().isEmpty() && !threadListing) {
                continue; // a sanitizer report lists stacks, not the process's threads: nothing is "missing"
            }
            for (String finding : fire(c, threads, named, frames)) {
                observations.add(finding);
                if (c.notNormal()) {
                    notNormal.add(finding);
                    nestedWait |= c.role() != null;
                }
            }
            if (c.role() != null && c.notNormal()) {
                threads.stream().filter(t -> t.role().id().equals(c.role()) && t.path().indexOf(c.frame()) >= 0)
                        .forEach(suspects::add);
            }
        }
        for (ThreadExplanation t : threads) {
            String line = label(t) + ": " + t.state().id() + ", " + kb.states().meanings().get(t.state().id())
                    + (t.waitsOn().isEmpty() ? "" : " (" + t.waitsOn().get(0) + ")");
            if (isNormal(t)) {
                normal.add(line);
            } else {
                notNormal.add(line);
            }
        }
        LockGraph locks = LockGraph.build(threads, kb, ctx.facts());
        Verdict verdict;
        Confidence confidence;
        long crashed = count(threads, ThreadState.CRASHED);
        long locked = count(threads, ThreadState.WAIT_MUTEX);
        long unknown = threads.stream().filter(t -> t.state() == ThreadState.UNKNOWN && !t.role().kernelTask()).count();
        long active = count(threads, ThreadState.RUNNING) + count(threads, ThreadState.GUEST_EXEC);
        boolean severalSamples = bt.snapshots().size() > 1;
        for (LockGraph.LockWait w : locks.locks()) {
            observations.add(describe(w));
        }
        LockGraph.LockWait blockedHolder = blockedHolder(locks);
        if (reported != null && !reported.kind().verdict().equals("crash")) {
            // the tool that printed the report saw more than the stacks do: its kind decides
            String v = KernelReports.verdict(reported, threads);
            verdict = Verdict.valueOf(v.toUpperCase(Locale.ROOT));
            confidence = Confidence.fromId(reported.kind().confidence());
            if (!v.equals(reported.kind().verdict())) {
                observations.add(KernelReports.whyWaiting(reported, threads));
            }
        } else if (crashed > 0) {
            verdict = Verdict.CRASH;
            confidence = ctx.crash() != null ? Confidence.CERTAIN : Confidence.LIKELY;
        } else if (!locks.cycle().isEmpty()) {
            verdict = Verdict.DEADLOCK;
            confidence = Confidence.LIKELY;
            String cycle = cycle(locks);
            observations.add(cycle);
            notNormal.add(cycle);
        } else if (blockedHolder != null) {
            verdict = Verdict.HUNG;
            confidence = Confidence.LIKELY;
            String hang = "Hang: " + label(blockedHolder.owner()) + (blockedHolder.ownerSource().equals("gdb") ? " holds " : " probably holds ") + blockedHolder.lock().label()
                    + " and is itself blocked (" + blockedHolder.owner().state().id() + " in "
                    + blockedHolder.owner().path().topName() + "), so " + threadList(blockedHolder.waiters()) + " cannot go on.";
            observations.add(hang);
            notNormal.add(hang);
        } else if (severalSamples && suspects.stream().anyMatch(t -> Boolean.FALSE.equals(changed.get(t.thread())))) {
            // the cheat sheet's "main thread in aio_poll under a drain across samples": stuck, not slow
            verdict = Verdict.HUNG;
            confidence = Confidence.LIKELY;
            List<ThreadExplanation> stuck = suspects.stream().filter(t -> Boolean.FALSE.equals(changed.get(t.thread()))).toList();
            String hang = "Hang: " + threadList(stuck) + (stuck.size() == 1 ? " is" : " are") + " in the same synchronous "
                    + "wait, with the same stack, in both of the last two listings (see above).";
            observations.add(hang);
            notNormal.add(hang);
        } else if (nestedWait || locked > 0) {
            verdict = Verdict.UNKNOWN;
            confidence = Confidence.POSSIBLE;
            LockGraph.LockWait running = locks.locks().stream().filter(w -> w.owner() != null).findFirst().orElse(null);
            if (running != null) {
                observations.add(upper(threadList(running.waiters())) + " wait" + (running.waiters().size() == 1 ? "s" : "")
                        + " for " + running.lock().label() + ", probably held by " + label(running.owner()) + ", which is "
                        + running.owner().state().id() + ": brief contention and a holder stuck in a loop look the same in "
                        + "one listing; a second sample a few seconds later tells them apart.");
            } else if (locked > 0) {
                observations.add(locked + " thread" + (locked == 1 ? " is" : "s are") + " blocked acquiring a lock whose "
                        + "holder does not stand out: brief contention and a hang look the same in one listing.");
            } else {
                observations.add("A thread waits synchronously (see above): a slow operation and a hang look the same "
                        + "in one listing; a second sample a few seconds later tells them apart.");
            }
        } else if (bt.format() == InputFormat.PROC_STACK && count(threads, ThreadState.WAIT_FUTEX) > 0) {
            // in the kernel every pthread wait is a futex wait: a mutex held forever looks like a worker idle on a condvar
            verdict = Verdict.UNKNOWN;
            confidence = Confidence.POSSIBLE;
            observations.add(count(threads, ThreadState.WAIT_FUTEX) + " task" + (count(threads, ThreadState.WAIT_FUTEX) == 1
                    ? " waits" : "s wait") + " on a futex: a kernel stack cannot tell a mutex (a deadlock) from a condition "
                    + "variable or semaphore (idle): the user-space stacks say which (gdb -p PID -batch -ex \"thread apply all bt\").");
        } else if (unknown * 2 > threads.size()) {
            verdict = Verdict.UNKNOWN;
            confidence = Confidence.POSSIBLE;
            observations.add("Most threads' states cannot be told from their frames (see symbol coverage).");
        } else if (active > 0) {
            verdict = Verdict.BUSY;
            confidence = Confidence.LIKELY;
            observations.add(active + " thread" + (active == 1 ? " runs" : "s run")
                    + " code (its own or the guest's) and no thread is blocked on a lock.");
        } else {
            verdict = Verdict.IDLE;
            confidence = severalSamples && !changed.containsValue(Boolean.TRUE) ? Confidence.CERTAIN : Confidence.LIKELY;
            observations.add("Every thread waits for work in the normal way: none runs, none is blocked on a lock"
                    + (unknown > 0 ? " (" + unknown + " could not be told)" : "") + ".");
        }
        boolean ownersRead = locks.locks().stream().allMatch(w -> w.owner() == null || w.ownerSource().equals("gdb"));
        boolean fromLocks = reported == null && (verdict == Verdict.DEADLOCK || verdict == Verdict.HUNG);
        if (fromLocks && ownersRead) {
            confidence = Confidence.CERTAIN; // the owners were read from the process, not inferred
        } else if (fromLocks) {
            observations.add("The lock owners above are inferred from the stacks, not read from the process: "
                    + "the gdb commands given with each lock read the real owner (__data.__owner is its LWP), which would make this certain.");
        }
        if (severalSamples) {
            long moved = changed.values().stream().filter(Boolean::booleanValue).count();
            observations.add(bt.snapshots().size() + " listings: " + moved + " of " + threads.size()
                    + " threads changed between the last two.");
            List<ThreadExplanation> stuck = threads.stream().filter(t -> Boolean.FALSE.equals(changed.get(t.thread()))
                    && (t.state() == ThreadState.WAIT_MUTEX || locks.cycle().contains(t))).toList();
            if (!stuck.isEmpty()) {
                observations.add(threadList(stuck) + " waited on the same lock with the same stack in both of the last "
                        + "two listings: the strongest evidence that they are stuck, not slow.");
            }
        }
        // gdb's advice does not apply to the kernel's stacks, nor the kernel's to gdb's
        boolean kernelStacks = bt.format().kernelStacks();
        java.util.Set<String> triggers = new java.util.HashSet<>();
        if (kernelStacks) {
            triggers.add("kernel-stacks");
            if (verdict != Verdict.CRASH) {
                triggers.add("kernel-not-crash");
            }
            if (bt.format() == InputFormat.PROC_STACK) {
                triggers.add("proc-stack");
            }
        } else {
            if (!severalSamples && verdict != Verdict.CRASH) {
                triggers.add("one-sample");
            }
            if (!hasLocals(bt) && (locked > 0 || crashed > 0 || nestedWait)) {
                triggers.add("locals-would-help");
            }
            if (threads.stream().anyMatch(t -> t.state() == ThreadState.WAIT_MUTEX && locks.waitOf(t) == null)) {
                triggers.add("unnamed-lock");
            }
            if (crashed > 0) {
                triggers.add("crash");
            }
        }
        if (frames > 0 && named * 100L < frames * 90L) {
            triggers.add("few-symbols");
        }
        next.addAll(nextSteps(triggers, threads));
        String certain = toBeCertain(verdict, confidence, severalSamples);
        if (certain != null) {
            observations.add(certain);
        }
        return new Diagnosis(verdict, confidence, observations, normal, notNormal, next, crash, named, frames,
                locks, StackGrouper.group(threads));
    }

    /**
     * The packs' next steps whose condition holds, in pack order: a trigger of the capture, or a thread of the
     * step's role and/or state. A step that replaces another (the program's own debug symbols) drops it.
     */
    private List<String> nextSteps(java.util.Set<String> triggers, List<ThreadExplanation> threads) {
        List<NextStep> fired = new ArrayList<>();
        List<NextStep> steps = new ArrayList<>(kb.nextSteps());
        java.util.Collections.reverse(steps); // what holds for any process first, then the program's own
        for (NextStep s : steps) {
            boolean holds = s.trigger() != null ? triggers.contains(s.trigger())
                    : threads.stream().anyMatch(t -> (s.role() == null || t.role().id().equals(s.role()))
                    && (s.state() == null || t.state().id().equals(s.state())));
            if (holds) {
                fired.add(s);
            }
        }
        // a step that says the same better for the program takes the place of the one it replaces
        List<String> out = new ArrayList<>();
        for (NextStep s : fired) {
            NextStep better = fired.stream().filter(x -> s.id().equals(x.replaces())).findFirst().orElse(null);
            if (s.replaces() == null || fired.stream().noneMatch(x -> x.id().equals(s.replaces()))) {
                out.add((better != null ? better : s).text());
            }
        }
        return out;
    }

    /** "The input holds coredumpctl's and gdb's output ...": a mixed input shows one moment through each tool. */
    private static String mixed(Backtrace bt) {
        java.util.Set<Long> lwps = new java.util.HashSet<>();
        boolean twice = bt.threads().stream().anyMatch(t -> t.lwp() != null && !lwps.add(t.lwp()));
        return "The input holds " + String.join(" and ", bt.formats().stream().map(f -> f.id() + "'s").toList())
                + " output" + (twice ? ": the same process seen by each tool, so a thread both printed (the same LWP) "
                + "appears once for each." : ".");
    }

    /** What would make a verdict that is not certain certain. */
    private static String toBeCertain(Verdict verdict, Confidence confidence, boolean severalSamples) {
        if (confidence == Confidence.CERTAIN) {
            return null;
        }
        return switch (verdict) {
            case IDLE -> "Not certain from one listing: 2-3 samples a few seconds apart that show the same idle waits would make it so.";
            case BUSY -> "Likely, not certain: " + (severalSamples ? "the running threads' stacks should keep changing in further samples."
                    : "a second sample in which the running threads are elsewhere shows they progress.");
            case CRASH -> "Read from the abort path on the stack: gdb's signal line (run the program under gdb, or read its core) would make it certain.";
            case HUNG, DEADLOCK -> null; // the lock observations say how to read the real owners
            default -> null;
        };
    }

    /** A thread on the abort path when gdb printed no fatal signal: the crash as the stack shows it. */
    private static Crash abortPath(List<ThreadExplanation> threads, KnowledgeBase kb) {
        for (ThreadExplanation t : threads) {
            if (t.state() == ThreadState.CRASHED) {
                CallPath p = t.path();
                String message = Analyzer.messageFromArguments(p);
                String signal = StateClassifier.handledSignal(p, kb.states());
                return new Crash(t.thread().number(), signal == null ? "SIGABRT" : signal, message == null ? "" : message,
                        Analyzer.signature(p, kb), Analyzer.ownFrame(p, kb));
            }
        }
        return null;
    }

    private static ThreadExplanation threadOf(List<ThreadExplanation> threads, Integer number) {
        return threads.stream().filter(t -> java.util.Objects.equals(t.thread().number(), number)).findFirst().orElse(threads.get(0));
    }

    /** A lock whose inferred holder is blocked (not running): the waiters cannot progress. */
    private static LockGraph.LockWait blockedHolder(LockGraph locks) {
        for (LockGraph.LockWait w : locks.locks()) {
            ThreadExplanation o = w.owner();
            if (o != null && (o.state().isWaiting() || o.state() == ThreadState.WAIT_MUTEX)) {
                return w;
            }
        }
        return null;
    }

    /** "Threads 3 (b-then-a), 4 wait for mutex 0x… <lock_a> (frame #3, line 12); thread 2 probably holds it (why)." */
    private static String describe(LockGraph.LockWait w) {
        StringBuilder b = new StringBuilder(upper(threadList(w.waiters())));
        b.append(w.waiters().size() == 1 ? " waits for " : " wait for ").append(w.lock().label());
        ThreadExplanation first = w.waiters().get(0);
        if (first.waitFrame() >= 0) {
            b.append(" (frame #").append(first.path().frame(first.waitFrame()).index()).append(", input line ")
                    .append(first.path().frame(first.waitFrame()).line()).append(')');
        }
        if (w.owner() != null) {
            b.append(w.ownerSource().equals("gdb") ? "; its holder is " : "; its holder is probably ").append(label(w.owner()))
                    .append(" (").append(w.ownerSource().equals("gdb") ? "read from the process" : "inferred").append(", ")
                    .append(w.ownerConfidence().id()).append(": ").append(w.ownerWhy()).append(')');
        } else {
            b.append("; no holder stands out (").append(w.ownerWhy()).append(')');
        }
        if (w.lock().ownerCommand() != null && !w.ownerSource().equals("gdb")) {
            b.append(". To read the owner: gdb -p PID -batch -ex \"").append(w.lock().ownerCommand()).append('"');
        }
        return b.append('.').toString();
    }

    /** "Deadlock: thread 2 (a-then-b) waits for … held by thread 3 (b-then-a), which waits for … held by thread 2." */
    private static String cycle(LockGraph locks) {
        StringBuilder b = new StringBuilder("Deadlock: ");
        List<ThreadExplanation> c = locks.cycle();
        for (int i = 0; i < c.size(); i++) {
            LockGraph.LockWait w = locks.waitOf(c.get(i));
            b.append(i == 0 ? label(c.get(i)) : ", which").append(" waits for ").append(w.lock().label())
                    .append(", held by ").append(label(w.owner()));
        }
        return b.append(" — a cycle: none of them can go on.").toString();
    }

    private static String threadList(List<ThreadExplanation> threads) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < threads.size(); i++) {
            b.append(i == 0 ? "" : i == threads.size() - 1 ? " and " : ", ").append(label(threads.get(i)));
        }
        return b.toString();
    }

    private static String upper(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "A QEMU process: 5 threads — QEMU main loop (1), vCPU thread (TCG) (4, 5)." */
    private String summary(List<ThreadExplanation> threads, ProcessContext ctx, Backtrace bt) {
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        for (ThreadExplanation t : threads) {
            byRole.computeIfAbsent(t.role().label(), k -> new ArrayList<>()).add(t.thread().number() != null
                    ? String.valueOf(t.thread().number()) : t.thread().lwp() != null ? "LWP " + t.thread().lwp() : "?");
        }
        InputFormat format = bt.format();
        StringBuilder b = new StringBuilder(format == InputFormat.KERNEL ? "A kernel report: " : format == InputFormat.PROC_STACK
                ? "Kernel stacks: " : ctx.recognised().isEmpty() ? "A process: " : "A " + programs(ctx) + " process: ");
        String unit = format == InputFormat.KERNEL ? " stack" : format == InputFormat.PROC_STACK ? " task" : " thread";
        b.append(threads.size()).append(unit).append(threads.size() == 1 ? "" : "s").append(" — ");
        int i = 0;
        for (Map.Entry<String, List<String>> e : byRole.entrySet()) {
            b.append(i++ == 0 ? "" : ", ").append(e.getKey()).append(" (").append(ranges(e.getValue())).append(')');
        }
        return b.append('.').toString();
    }

    /** The labels of the programs recognised: "QEMU", "QEMU and libvirt". */
    private String programs(ProcessContext ctx) {
        List<String> labels = new ArrayList<>();
        for (dev.btexplain.knowledge.Pack p : kb.packs()) {
            if (ctx.recognised().containsKey(p.id())) {
                labels.add(p.label());
            }
        }
        return String.join(" and ", labels);
    }

    /** "100, 99, 98, 7" → "100-98, 7": runs of consecutive thread numbers, up or down, as ranges. */
    static String ranges(List<String> numbers) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
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

    private List<String> fire(ProcessCheck c, List<ThreadExplanation> threads, int named, int frames) {
        List<String> out = new ArrayList<>();
        if (!c.missingRoles().isEmpty()) {
            if (threads.stream().noneMatch(t -> c.missingRoles().contains(t.role().id()))) {
                out.add(c.text());
            }
        } else if (c.role() != null) {
            for (ThreadExplanation t : threads) {
                int i = t.role().id().equals(c.role()) ? t.path().indexOf(c.frame()) : -1;
                if (i >= 0) {
                    out.add(c.text().replace("{thread}", t.thread().number() == null ? "" : " (thread " + t.thread().number() + ")")
                            .replace("{caller}", caller(t.path(), i) + " (" + c.frame() + " is frame #"
                                    + t.path().frame(i).index() + ", input line " + t.path().frame(i).line() + ")"));
                }
            }
        } else if (frames > 0 && named * 100L < (long) frames * c.belowPercent()) {
            out.add(c.text().replace("{named}", String.valueOf(named)).replace("{frames}", String.valueOf(frames))
                    .replace("{percent}", String.valueOf(named * 100L / frames)));
        }
        return out;
    }

    /** The first named frame outside frame i with another name: who called the nested wait. */
    private static String caller(CallPath p, int i) {
        for (int j = i + 1; j < p.size(); j++) {
            if (p.named(j) && !p.name(j).equals(p.name(i))) {
                return p.frame(j).function();
            }
        }
        return "an unnamed frame";
    }

    /** "thread 3 (b-then-a)" with the name, or the role when the name says nothing more. */
    private static String label(ThreadExplanation t) {
        String n = t.thread().number() != null ? "thread " + t.thread().number()
                : t.thread().lwp() != null ? "LWP " + t.thread().lwp() : "thread ?";
        String name = t.thread().name();
        boolean unknown = t.role().id().equals("unknown");
        if (name != null && !t.role().kernelTask()) {
            return n + " (" + name + (unknown ? "" : ", " + t.role().label()) + ")";
        }
        return n + " (" + t.role().label() + ")";
    }

    /** Waiting for work, or running guest code, is what these threads are for. */
    private static boolean isNormal(ThreadExplanation t) {
        return t.state().isWaiting() || t.state() == ThreadState.GUEST_EXEC || t.state() == ThreadState.RUNNING
                || t.role().kernelTask();
    }

    private static long count(List<ThreadExplanation> threads, ThreadState s) {
        return threads.stream().filter(t -> t.state() == s).count();
    }

    private static boolean hasLocals(Backtrace bt) {
        for (ThreadTrace t : bt.threads()) {
            for (Frame f : t.frames()) {
                if (!f.locals().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }
}
