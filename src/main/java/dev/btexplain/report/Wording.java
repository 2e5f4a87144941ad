package dev.btexplain.report;

import dev.btexplain.analyze.Activity;
import dev.btexplain.analyze.Detail;
import dev.btexplain.analyze.Diagnosis;
import dev.btexplain.analyze.Finding;
import dev.btexplain.analyze.OwnerSource;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.analyze.ThreadState;
import dev.btexplain.knowledge.NextStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The diagnosis in words: every renderer (text, Markdown, JSON, HTML) says the findings with these sentences, so
 * that the analysis hands over data and the words are written in one place.
 */
public final class Wording {
    private Wording() {
    }

    /** The findings as sentences, in order (a few findings have nothing to say on their own and are left out). */
    public static List<String> observations(Diagnosis d) {
        List<String> out = new ArrayList<>();
        for (Finding f : d.findings()) {
            String s = sentence(f);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** Threads at a home wait or running, and kernel tasks: what is as it should be. */
    public static List<String> normal(List<ThreadExplanation> threads, Map<String, String> stateMeanings) {
        return grouped(threads.stream().filter(Wording::isNormal).toList(), stateMeanings);
    }

    /** Idle at a wait its stack or pack calls home, or a kernel task: a pool of them is left out of a large report's stacks. */
    static boolean isIdle(ThreadExplanation t) {
        return t.activity() == Activity.IDLE || t.role().kernelTask();
    }

    /** What a large text report left out, and how to see it. */
    static String leftOut(int threads, int groups, int frameless) {
        List<String> parts = new ArrayList<>();
        if (threads > 0) {
            parts.add(String.format(Locale.ROOT, "The stacks of %,d idle thread%s (%,d group%s of identical stacks, each a line "
                    + "under \"What is normal\") are left out; --all-stacks shows them.", threads, threads == 1 ? "" : "s", groups,
                    groups == 1 ? "" : "s"));
        }
        if (frameless > 0) {
            parts.add(String.format(Locale.ROOT, "%,d thread%s the dump shows no frame of (the runtime's own) %s a line below, nothing more.",
                    frameless, frameless == 1 ? "" : "s", frameless == 1 ? "has" : "have"));
        }
        return String.join(" ", parts);
    }

    /** Idle, running, or a kernel task: a thread the report need not show whole. */
    static boolean isNormal(ThreadExplanation t) {
        return t.activity() == Activity.IDLE || t.activity() == Activity.RUNNING || t.role().kernelTask();
    }

    /**
     * One line per thread, and one line for the threads of a role in the same state and activity, with their count: a
     * pool of 200 workers reads as one line.
     */
    private static List<String> grouped(List<ThreadExplanation> threads, Map<String, String> stateMeanings) {
        Map<List<Object>, List<ThreadExplanation>> groups = new LinkedHashMap<>();
        for (ThreadExplanation t : threads) {
            groups.computeIfAbsent(java.util.Arrays.asList(t.role(), t.state(), t.activity(), t.waitKind()), k -> new ArrayList<>()).add(t);
        }
        List<String> out = new ArrayList<>();
        for (List<ThreadExplanation> g : groups.values()) {
            out.add(g.size() == 1 ? threadLine(g.get(0), stateMeanings) : groupLine(g, stateMeanings));
        }
        return out;
    }

    /** "threads 206-66, 63-22 (200 × libevent event loop): idle-poll, waiting for …; at its home wait". */
    private static String groupLine(List<ThreadExplanation> g, Map<String, String> stateMeanings) {
        ThreadExplanation t = g.get(0);
        List<String> numbers = g.stream().map(x -> x.thread().number() != null ? String.valueOf(x.thread().number())
                : x.thread().lwp() != null ? "LWP " + x.thread().lwp() : "?").toList();
        boolean sameObject = !t.waitsOn().isEmpty() && g.stream().allMatch(x -> !x.waitsOn().isEmpty()
                && x.waitsOn().get(0).equals(t.waitsOn().get(0)));
        return "threads " + Words.ranges(numbers) + " (" + g.size() + " × " + t.role().label() + "): "
                + t.state().id() + ", " + stateMeanings.get(t.state().id()) + (sameObject ? " (" + WaitsOnText.of(t.waitsOn().get(0)) + ")" : "")
                + activitySuffix(t);
    }

    /**
     * Threads waiting inside work, crashing or not told: the list a report prints after its observations, which
     * already say each finding.
     */
    public static List<String> notNormalThreads(List<ThreadExplanation> threads, Map<String, String> stateMeanings) {
        return grouped(threads.stream().filter(t -> !isNormal(t)).toList(), stateMeanings);
    }

    /** Threads waiting inside work, crashing or not told, then the findings that say something is wrong. */
    public static List<String> notNormal(Diagnosis d, List<ThreadExplanation> threads, Map<String, String> stateMeanings) {
        List<String> out = notNormalThreads(threads, stateMeanings);
        for (Finding f : d.findings()) {
            String s = f.notNormal() ? sentence(f) : null;
            if (s != null && f.kind() != Finding.Kind.WAITING_IN_WORK && f.kind() != Finding.Kind.UNTOLD) {
                out.add(s);
            }
        }
        return out;
    }

    /** "thread 5 (CPU 0/TCG) in guest code, thread 6 (live_migration) in a pause that paces its work (…)": how each works. */
    private static String workOnNoStack(Finding f) {
        Detail.WorkOnNoStack d = f.detail(Detail.WorkOnNoStack.class);
        List<String> shares = new ArrayList<>();
        for (ThreadExplanation t : f.threads().subList(0, Math.min(f.threads().size(), IN_A_SENTENCE))) {
            shares.add(label(t) + " " + t.cpuPercent() + " %");
        }
        return "Work goes on where no stack shows it: the kernel saw the process use about " + d.cpuPercent() + " % of a CPU over the "
                + d.windowMillis() + " ms before gdb attached (" + String.join(", ", shares) + andMore(f.threads().size())
                + "), while every stack shows its thread at a wait. The work runs between the waits gdb caught (short tasks "
                + "handed from thread to thread, I/O completions, coroutines that are on no thread's stack while they wait), "
                + "so the process is not idle.";
    }

    private static String working(List<ThreadExplanation> threads) {
        List<String> out = new ArrayList<>();
        int shown = Math.min(threads.size(), 8);
        for (ThreadExplanation t : threads.subList(0, shown)) {
            String how = t.state() == ThreadState.GUEST_EXEC ? " in the guest (guest-exec)"
                    : t.waitKind() != null && t.waitKind().pacesWork() ? " in a pause that paces its work (" + pacer(t) + ")"
                    : t.activityWhy().rule().equals("activity.kernel-busy") ? " working between its waits (the kernel saw it use"
                    + (t.cpuPercent() >= 0 ? " about " + t.cpuPercent() + " % of" : "") + " a CPU)"
                    : t.waitKind() != null && t.waitKind().working() ? " in " + t.waitKind().label()
                    : t.activityWhy().rule().equals("activity.work-wait") ? " waiting for its own work in progress (in "
                    + t.waiting().function() + ")"
                    : " running its own code";
            out.add(label(t) + how);
        }
        return String.join(", ", out) + (threads.size() > shown ? " and " + (threads.size() - shown) + " more threads" : "");
    }

    /** The function whose wait paces the thread's work (migration_rate_limit), else the wait's outermost call. */
    private static String pacer(ThreadExplanation t) {
        for (int i = t.path().size() - 1; i >= 0; i--) {
            if (t.path().named(i) && t.path().entry(i) != null && t.waitKind().id().equals(t.path().entry(i).waitKind())) {
                return t.path().name(i);
            }
        }
        return t.waitFunction();
    }

    /**
     * The threads a report shows whole, at most {@code limit}, in input order: those not normal (waiting inside work,
     * crashing, not told) first, then the others. The JSON report keeps every thread.
     */
    public static List<dev.btexplain.model.ThreadTrace> threadsToShow(List<dev.btexplain.model.ThreadTrace> threads,
                                                                     dev.btexplain.analyze.Analysis analysis, int limit) {
        if (threads.size() <= limit) {
            return threads;
        }
        java.util.Set<dev.btexplain.model.ThreadTrace> chosen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int pass = 0; pass < 2 && chosen.size() < limit; pass++) {
            for (dev.btexplain.model.ThreadTrace t : threads) {
                if ((pass == 1 || !isNormal(analysis.of(t))) && chosen.size() < limit) {
                    chosen.add(t);
                }
            }
        }
        return threads.stream().filter(chosen::contains).toList();
    }

    /** What a report of one thread (-n) leaves out. */
    private static String onlyThread(Report report) {
        return "Only thread " + report.thread() + " is shown, of " + report.backtrace().threads().size()
                + "; without -n the report explains every thread.";
    }

    /** "68,412 more threads are not shown whole ...": what a capped report left out, and where it is. */
    private static String notShown(int threads, int shown) {
        return String.format(Locale.ROOT, "%,d more threads are not shown whole (the %,d above come first: those not normal, "
                + "then in input order); the groups and lists summarise every thread, and --format json has each one.",
                threads - shown, shown);
    }

    /**
     * How a text or Markdown report ends, below its thread sections: a note (only one thread shown, or how many are
     * not shown whole; null when every thread is) and the titled lists, each at most {@code lines} long.
     */
    record Ending(String note, Map<String, List<String>> lists) {
    }

    static final String NOT_NORMAL = "What is not normal, or cannot be told";

    static Ending ending(Report report, int shown, int lines) {
        if (report.thread() != null) {
            return new Ending(onlyThread(report), Map.of());
        }
        List<dev.btexplain.model.ThreadTrace> threads = report.backtrace().threads();
        Diagnosis d = report.analysis().diagnosis();
        List<ThreadExplanation> explained = threads.stream().map(report.analysis()::of).toList();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("What is normal", limited(normal(explained, d.stateMeanings()), lines));
        lists.put(NOT_NORMAL, limited(notNormalThreads(explained, d.stateMeanings()), lines));
        lists.put("What to capture next", nextSteps(d));
        return new Ending(shown < threads.size() ? notShown(threads.size(), shown) : null, lists);
    }

    /** At most {@code limit} lines, the last saying how many more there are. */
    private static List<String> limited(List<String> lines, int limit) {
        if (lines.size() <= limit) {
            return lines;
        }
        List<String> out = new ArrayList<>(lines.subList(0, limit));
        out.add(String.format(Locale.ROOT, "… and %,d more (--format json lists them all)", lines.size() - limit));
        return out;
    }

    /** The gdb command of a finding, run on what it is about: the live process, or the core the listing came from. */
    private static String gdbBatch(Boolean core, String command) {
        return ShellCommand.gdbBatch(Boolean.TRUE.equals(core), command);
    }

    /** "2 gdb runs; the process was stopped 180 ms at most", or for a core how long gdb took. */
    public static String captureRuns(Report.CaptureSummary c) {
        return c.runs() + " gdb run" + (c.runs() == 1 ? "" : "s") + (c.live() ? "; the process was stopped " + c.pauseMs()
                + " ms at most" : "; the longest took " + c.pauseMs() + " ms");
    }

    public static List<String> nextSteps(Diagnosis d) {
        return d.nextSteps().stream().map(NextStep::text).toList();
    }

    /** What the thread does for the process: idle at its home wait, running, waiting inside work, or not told. */
    public static String activity(ThreadExplanation t) {
        return switch (t.activity()) {
            case IDLE -> "idle" + (t.activityConfidence() == dev.btexplain.analyze.Confidence.CERTAIN ? "" : " ("
                    + t.activityConfidence().id() + ")") + ": " + EvidenceText.of(t.activityWhy());
            case RUNNING -> null;
            case CRASHED -> null;
            case UNKNOWN -> "cannot be told: " + EvidenceText.of(t.activityWhy());
            case WAITING -> (t.role().homeWaits().isEmpty() ? "waiting, for " : "waiting inside work, for ")
                    + (t.waitKind() == null ? t.state().id() : t.waitKind().label()) + ": " + EvidenceText.of(t.activityWhy());
        };
    }

    private static String threadLine(ThreadExplanation t, Map<String, String> stateMeanings) {
        return label(t) + ": " + t.state().id() + ", " + stateMeanings.get(t.state().id())
                + (t.waitsOn().isEmpty() ? "" : " (" + WaitsOnText.of(t.waitsOn().get(0)) + ")") + activitySuffix(t);
    }

    /** "; waiting inside work, for a lock", "; at its home wait", "; parked at the top of its loop (possible)". */
    private static String activitySuffix(ThreadExplanation t) {
        if (t.activity() == Activity.WAITING && t.waitKind() != null) {
            return (t.role().homeWaits().isEmpty() ? "; waiting, for " : "; waiting inside work, for ") + t.waitKind().label();
        }
        if (t.activity() == Activity.IDLE) {
            return t.home() != null && t.home().shape() == null ? "; at its home wait"
                    : "; idle by the shape of its stack (" + t.activityConfidence().id() + ")";
        }
        return "";
    }

    static String sentence(Finding f) {
        return switch (f.kind()) {
            case SUMMARY -> summary(f, f.detail(Detail.Summary.class));
            case RECOGNISED -> {
                Detail.Recognised d = f.detail(Detail.Recognised.class);
                yield "Explained with the " + d.label() + " pack (" + d.pack() + "), which recognised " + d.clue() + ".";
            }
            case SEPARATE_PROCESSES -> {
                Detail.SeparateProcesses d = f.detail(Detail.SeparateProcesses.class);
                yield "The " + d.listings() + " listings are of different processes (" + Words.of(d.clue()) + "), not samples of one: each "
                        + "is diagnosed alone, and the most severe, listing " + d.listing() + " (input line " + d.line()
                        + "), decides. The threads shown below are the last listing's.";
            }
            case MIXED_INPUT -> {
                Detail.MixedInput d = f.detail(Detail.MixedInput.class);
                yield "The input holds " + String.join(" and ", d.formats().stream().map(x -> x + "'s").toList()) + " output"
                        + (d.twice() ? ": the same process seen by each tool, so a thread both printed (the same LWP) appears once "
                        + "for each." : ".");
            }
            case CRASH_FROM_STACK -> {
                Detail.CrashFromStack d = f.detail(Detail.CrashFromStack.class);
                yield String.format(Locale.ROOT, "%s is crashing%s%s (crash signature: %s); gdb printed no "
                        + "signal line, so this is read from the stack alone.", upper(label(f.threads().get(0))),
                        d.signal() != null ? " (" + d.signal() + ")" : "", d.message().isEmpty() ? "" : ": " + d.message(), d.signature())
                        + (d.origin() == null ? "" : " " + origin(d.origin()));
            }
            case TOOL_REPORT -> {
                Detail.ToolReport d = f.detail(Detail.ToolReport.class);
                yield (d.by().equals("kernel") ? "The kernel reported: " : d.by().equals("runtime") ? "The runtime reported: "
                        : "The sanitizer reported: ")
                        + d.message() + (d.signature() != null ? " (crash signature: " + d.signature() + ")" : "") + "."
                        + (Boolean.TRUE.equals(d.stacks()) ? " Read the first stack first: it is the access (or leak) that was "
                        + "caught; the stacks after it say where the memory was freed or allocated, or which other thread touched it." : "");
            }
            case SIGNAL -> signal(f.detail(Detail.Signal.class));
            case STACK_OVERFLOW -> stackOverflow(f.detail(Detail.StackOverflow.class));
            case SEVERAL_REPORTS -> "The input holds several reports: " + f.detail(Detail.SeveralReports.class).summary()
                    + "; the most severe decides the verdict.";
            case REPORT_KIND -> {
                Detail.ReportKind d = f.detail(Detail.ReportKind.class);
                yield upper(d.label()) + ". " + d.meaning() + " Read first: " + d.readFirst();
            }
            case REPORTED_TASK -> reportedTask(f, f.detail(Detail.ReportedTask.class));
            case LOCKUP_WAITING -> {
                Detail.LockupWaiting d = f.detail(Detail.LockupWaiting.class);
                yield "The reported task" + (name(f.threads().get(0)) == null ? "" : ", " + name(f.threads().get(0)) + ",")
                        + " is in " + d.top() + ", which waits for " + d.waitsFor() + ": the CPU is stuck waiting, not "
                        + "working. What it waits for is elsewhere (another CPU or task).";
            }
            case LOCKDEP_TAKING -> {
                Detail.LockdepTaking d = f.detail(Detail.LockdepTaking.class);
                yield (f.threads().isEmpty() || name(f.threads().get(0)) == null ? "The task" : name(f.threads().get(0)))
                        + " is trying to take " + d.acquiring() + (d.held().isEmpty() ? "" : " while holding " + String.join(", ", d.held())) + ".";
            }
            case LOCKDEP_CHAIN -> lockdepChain(f.detail(Detail.LockdepChain.class));
            case CHECK -> check(f, f.detail(Detail.Check.class));
            case LOCK_WAIT -> lockWait(f, f.detail(Detail.LockWait.class));
            case JOIN -> upper(label(f.threads().get(0))) + " waits in " + f.frames().get(0).function() + " for "
                    + (f.targets().isEmpty() ? "the thread " + f.detail(Detail.Join.class).target() + ", which is not in the listing"
                    : label(f.targets().get(0))) + " to exit (frame #" + f.frames().get(0).number() + ", input line "
                    + f.frames().get(0).line() + ").";
            case DEADLOCK -> f.threads().size() == 1 && f.targets().equals(f.threads())
                    ? "Deadlock: " + label(f.threads().get(0)) + " waits for " + f.detail(Detail.Deadlock.class).steps().get(0).lock()
                    + ", which it holds itself (a non-recursive mutex locked twice): it can never go on."
                    : "Deadlock: " + steps(f.detail(Detail.Deadlock.class).steps(), true) + " — a cycle: none of them can go on.";
            case CLOSED_WORLD_DEADLOCK -> "Deadlock: " + threadList(f.threads()) + " wait for " + locks(f.detail(Detail.ClosedWorldDeadlock.class))
                    + ", and no thread outside them could hold any of these locks (the listing holds every thread; every "
                    + "other thread is idle at its home wait" + (f.targets().isEmpty() ? "" : " or waits for them, as "
                    + threadList(f.targets()) + (f.targets().size() == 1 ? " does" : " do")) + "): none of them can go on, "
                    + "whichever holds which.";
            case SELF_LOCKED_OR_EXITED -> selfLocked(f, f.detail(Detail.SelfLockedOrExited.class));
            case CHAIN -> "Hang: " + steps(f.detail(Detail.Chain.class).steps(), false) + end(f.detail(Detail.Chain.class).end());
            case SAME_WAIT_ACROSS_SAMPLES -> "Hang: the same wait inside work, with the same stack, in both of the last two "
                    + "listings: " + waits(f.detail(Detail.SameWaitAcrossSamples.class).waits(), " waits for ", " wait for ") + ".";
            case CONTENTION -> upper(threadList(f.threads())) + " wait" + (f.threads().size() == 1 ? "s" : "") + " for "
                    + f.detail(Detail.Contention.class).lock() + ", probably held by " + label(f.targets().get(0)) + ", which is "
                    + f.detail(Detail.Contention.class).state().id()
                    + ": brief contention and a holder stuck in a loop look the same in one listing; a second sample a few "
                    + "seconds later tells them apart.";
            case LOCK_HOLDER_UNKNOWN -> count(f.detail(Detail.LockHolderUnknown.class).count(), " thread is", " threads are")
                    + " blocked acquiring a lock whose holder does not stand out" + (f.detail(Detail.LockHolderUnknown.class).nothingRuns()
                    ? "; no thread of the listing runs, so whichever holds it is itself waiting and does not release it before"
                    + " that wait ends: a hang, possible (a holder sleeping or blocked with the lock held), unless it let go as"
                    + " the listing was taken; its owner or a second sample tells."
                    : ": brief contention and a hang look the same in one listing.");
            case KERNEL_FUTEX -> count(f.detail(Detail.KernelFutex.class).count(), " task waits", " tasks wait")
                    + " on a futex: a kernel stack cannot tell a mutex (a deadlock) from a condition variable or semaphore "
                    + "(idle): the user-space stacks say which (gdb -p PID -batch -ex \"thread apply all bt\").";
            case BUSY -> "Work goes on: " + working(f.threads()) + "; no thread waits for a mutex" + (f.detail(Detail.Busy.class).untold()
                    ? "; what some threads do could not be told (see below)." : ".");
            case IDLE -> idle(f, f.detail(Detail.Idle.class).byShape(), f.detail(Detail.Idle.class).unseen());
            case NOTHING_PROGRESSES -> nothingProgresses(f, f.detail(Detail.NothingProgresses.class).unchanged());
            case WORKED_BETWEEN_SAMPLES -> "Work went on between the samples: " + threadList(f.threads()) + (f.threads().size() == 1
                    ? " was running in the listing before and has moved since" : " were running in the listing before and have moved since")
                    + "; in the last listing every thread waits for its next piece of work, as threads between requests do.";
            case WORK_ON_NO_STACK -> workOnNoStack(f);
            case HANG_PATTERN -> "Hang, possible: " + threadList(f.threads()) + (f.threads().size() == 1 ? " waits" : " wait")
                    + " synchronously inside an operation (see above) that holds the thread until it ends. The listing does not "
                    + "show every thread, so what the operation waits for cannot be seen; a second sample a few seconds later "
                    + "with the same stack means the process is hung on that operation, not slow.";
            case WAITING_IN_WORK -> waitingInWork(f.detail(Detail.WaitingInWork.class).waits());
            case PARTIAL_LISTING -> "The listing shows " + f.threads().size() + (f.threads().size() == 1 ? " thread" : " threads")
                    + " and may not show them all (no numbered header, or gaps in gdb's numbers): threads not shown could be "
                    + "waiting anywhere, so " + (f.detail(Detail.PartialListing.class).allIdle()
                    ? "idle cannot be proven although every thread shown waits at its home wait." : "nothing can be said of them.")
                    + " \"thread apply all bt\" shows every thread.";
            case UNTOLD -> "Could not be told: " + untold(f.detail(Detail.Untold.class).threads()) + ". Debug symbols, or a live "
                    + "capture (btexplain attach PID, which also reads each thread's kernel state), would tell.";
            case OWNERS_INFERRED -> f.detail(Detail.OwnersInferred.class).readable()
                    ? "The lock owners above are inferred from the stacks, not read from the process: the gdb command given "
                    + "with each lock reads the real owner, which would make this certain."
                    : "The lock owners above are inferred from the stacks: these locks record no owner that gdb could read.";
            case SAMPLES_CHANGED -> samplesChanged(f.detail(Detail.SamplesChanged.class));
            case STUCK_ON_LOCK -> upper(threadList(f.threads())) + (f.threads().size() == 1 ? " waited" : " each waited")
                    + " for the same lock, with the same stack, in both of the last two listings: the strongest evidence that "
                    + (f.threads().size() == 1 ? "it is" : "they are") + " stuck, not slow.";
            case TO_BE_CERTAIN -> toBeCertain(f.detail(Detail.ToBeCertain.class));
        };
    }

    /** Every thread idle: at home waits packs name, or parked by the shape of its stack (said with how many). */
    private static String idle(Finding f, long shaped, Integer unseen) {
        int all = f.threads().size();
        // the threads a runtime's dump shows no frame of are not among those judged: said, not counted as idle
        String every = unseen == null ? "Every thread" : "Every thread of the program the dump shows (" + all + " of " + (all + unseen) + ")";
        if (shaped == 0) {
            return every + " waits at its home wait, where a healthy thread of its role sleeps: none runs, none is "
                    + "blocked inside work.";
        }
        String parked = "parked at the top of its loop (a wait for events, input, a condition, a signal or a sleep, a few "
                + "frames from where the thread starts, with nothing on the way that is work: no lock, join or request)"
                + " or joining such a thread";
        return (shaped == all ? (all == 1 && unseen == null ? "The thread is " : every + " is ") + parked
                : every + " waits for work: " + (all - shaped) + " at a home wait a knowledge pack names, " + shaped + " "
                + parked.replace("its loop", "their loops"))
                + ". No pack knows where these threads wait when they have nothing to do, so this is read from the shape of "
                + "the stacks: none runs, none is blocked inside work, but an idle wait and a wait for something that never "
                + "comes look alike.";
    }

    /** Threads wait inside work and nothing they could wait for moves. */
    private static String nothingProgresses(Finding f, boolean unchanged) {
        boolean one = f.threads().size() == 1;
        return "Hang, " + (unchanged ? "likely" : "possible") + ": " + threadList(f.threads()) + (one ? " waits" : " wait")
                + " inside work (see above), and no thread of the process runs or does I/O that " + (one ? "it" : "they")
                + " could be waiting for" + (f.targets().isEmpty() ? "" : " (" + threadList(f.targets()) + " only "
                + (f.targets().size() == 1 ? "runs" : "run") + " guest code)") + ": nothing progresses. "
                + (unchanged ? "None of them moved between the last two listings."
                : "One listing cannot tell a hang from a slow wait that is about to end: a second sample a few seconds later tells them apart.");
    }

    /** "mutex 0x… and 2 locks their frames do not name". */
    private static String locks(Detail.ClosedWorldDeadlock d) {
        List<String> all = new ArrayList<>(d.locks());
        long unnamed = d.unnamed();
        if (unnamed > 0) {
            all.add(unnamed == 1 ? "a lock its frames do not name" : unnamed + " locks their frames do not name");
        }
        return all.size() == 1 ? all.get(0) : String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    }

    /** A lock nobody able to go on could release: who could hold it, and what tells which. */
    private static String selfLocked(Finding f, Detail.SelfLockedOrExited d) {
        boolean one = f.threads().size() == 1;
        String lock = d.lock() == null ? "a lock their frames do not name" : d.lock();
        if (d.ownerRead()) {
            return upper(threadList(f.threads())) + (one ? " waits" : " wait") + " for " + lock + ", whose owner gdb "
                    + "read is not in the listing: a thread that has exited left it locked, and nobody will unlock it.";
        }
        long more = (d.couldHold() == null ? f.targets().size() : d.couldHold()) - f.targets().size();
        String others = f.targets().isEmpty() ? "" : ", or " + threadList(f.targets()) + (more > 0 ? " or one of " + more
                + " more threads" : "") + (f.targets().size() == 1 && more <= 0 ? " holds" : " hold") + " it while waiting for them";
        return upper(threadList(f.threads())) + (one ? " waits" : " wait") + " for " + lock + ", which no thread "
                + "able to go on could release (the listing holds every thread; every other is idle at its home wait"
                + (f.targets().isEmpty() ? "" : " or waits for them") + "): " + (one ? "the waiter" : "a waiter")
                + " locked it itself earlier (a non-recursive mutex locked twice: a self-deadlock), a thread that has exited "
                + "left it locked" + others + "."
                + (d.command() != null ? " The owner tells which (an LWP of a waiter, of another thread, or one not in "
                + "the listing): " + gdbBatch(d.core(), d.command()) + "." : "");
    }

    /** "A QEMU process: 5 threads — QEMU main loop (1), vCPU thread (TCG) (4, 5)." */
    private static String summary(Finding f, Detail.Summary d) {
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        for (ThreadExplanation t : f.threads()) {
            byRole.computeIfAbsent(t.role().label(), k -> new ArrayList<>()).add(t.thread().number() != null
                    ? String.valueOf(t.thread().number()) : t.thread().lwp() != null ? "LWP " + t.thread().lwp() : "?");
        }
        List<String> programs = d.programs();
        String input = d.input();
        StringBuilder b = new StringBuilder(input.equals("kernel") ? "A kernel report: " : input.equals("proc-stack")
                ? "Kernel stacks: " : programs.isEmpty() ? "A process: " : upper(d.article() + " " + String.join(" and ", programs)) + " process: ");
        String unit = input.equals("kernel") ? " stack" : input.equals("proc-stack") ? " task" : input.equals("goroutines") ? " goroutine" : " thread";
        int n = f.threads().size();
        b.append(n).append(unit).append(n == 1 ? "" : "s").append(" — ");
        int i = 0;
        for (Map.Entry<String, List<String>> e : byRole.entrySet()) {
            b.append(i++ == 0 ? "" : ", ").append(e.getKey()).append(" (").append(Words.ranges(e.getValue())).append(')');
        }
        return b.append('.').toString();
    }

    private static String signal(Detail.Signal d) {
        dev.btexplain.analyze.Crash.SignalOrigin origin = d.origin();
        Detail.CrashSite at = d.site();
        String said = String.format(Locale.ROOT, "%s received %s%s%s (crash signature: %s%s).",
                d.thread() != null ? "Thread " + d.thread() : "The process", d.signal(),
                at == null ? "" : " in " + (at.innermost() == null ? "" : at.innermost() + ", called from ") + at.function()
                        + (at.file() == null ? "" : " at " + at.file() + (at.line() == null ? "" : ":" + at.line())),
                d.programMessage() != null ? ": " + d.programMessage() : "",
                d.signature().isEmpty() ? "none" : d.signature(),
                d.frame() >= 0 && (origin == null || !origin.sent()) ? "; the program's own code starts at frame #" + d.frame() : "");
        if (d.nullArguments() != null) {
            List<String> nulls = new ArrayList<>();
            for (Detail.NullArgument a : d.nullArguments()) {
                nulls.add("frame #" + a.frame() + ", " + a.function() + ", was called with " + a.argument() + " = NULL");
            }
            said += " In " + String.join("; in ", nulls) + ": a null pointer handed down, the first suspect.";
        }
        return origin == null ? said : said + " " + origin(origin);
    }

    /** Where a signal came from: another process, the process itself, or a fault of its code at an address. */
    private static String origin(dev.btexplain.analyze.Crash.SignalOrigin origin) {
        String code = "si_code " + origin.code() + (origin.name() == null ? "" : " " + origin.name());
        if (origin.sent() && !origin.self()) {
            return "The signal was " + (origin.text() == null ? "sent by a process" : origin.text())
                    + (origin.sender() == null ? "" : " by process " + origin.sender()) + " (" + code + "), not raised by a fault of this "
                    + "process's code: the frames show where the thread was when it arrived, so the question is who sent it and why.";
        }
        if (origin.sent()) {
            return "The process sent it to itself (" + code + (origin.text() == null ? "" : ": " + origin.text())
                    + "): its own code raised it.";
        }
        return upper(origin.text() == null ? "a fault" : origin.text()) + " (" + code + ")"
                + (origin.address() == null ? "" : ", at address " + origin.address()) + (firstPage(origin.address())
                ? ": in the first page of memory, which a process does not map, so a null pointer was dereferenced (at that"
                + " offset: a field of a struct or an element of an array it points to)" : "") + ".";
    }

    /** An address below 4096: inside the page Linux never maps at 0 (vm.mmap_min_addr is 4096 or more). */
    private static boolean firstPage(String address) {
        try {
            return address != null && address.startsWith("0x") && Long.parseUnsignedLong(address.substring(2), 16) < 4096;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String stackOverflow(Detail.StackOverflow d) {
        List<String> cycle = d.cycle();
        String calls = cycle.size() == 1 ? cycle.get(0) + " calls itself" : String.join(" → ", cycle) + " call one another";
        return String.format(Locale.ROOT, "A stack overflow: %s over and over (%s times from frame #%s; the stack is %s frames"
                + " deep as printed), a recursion that did not end until the stack ran out%s", calls, d.repeats(),
                d.firstFrame(), d.depth(), d.unreadable()
                ? ": frame #0's arguments could not be read, its frame lies in unmapped memory past the stack's end."
                : ". Check what should have ended the recursion.");
    }

    private static String reportedTask(Finding f, Detail.ReportedTask d) {
        ThreadExplanation t = f.threads().get(0);
        String name = name(t) == null ? "" : name(t);
        String pid = t.thread().lwp() == null ? "" : "pid " + t.thread().lwp();
        return "The report's task: " + (name.isEmpty() ? pid : name + (pid.isEmpty() ? "" : " (" + pid + ")"))
                + (d.top() != null ? ", in " + d.top() + " (input line " + d.line() + ")" : "") + ".";
    }

    private static String lockdepChain(Detail.LockdepChain d) {
        List<String> links = new ArrayList<>();
        for (Finding.LockdepLink l : d.chain()) {
            links.add("#" + l.number() + " " + l.lock() + " was taken in " + l.where());
        }
        return "The dependency chain lockdep recorded (each lock taken while the next one's was held): " + String.join("; ", links)
                + ". Together with the order taken now they close a cycle.";
    }

    /** A pack's check or pattern, its placeholders filled: {thread}, {caller}, {named}, {frames}, {percent}. */
    private static String check(Finding f, Detail.Check d) {
        return Templates.fill(d.template(), part -> switch (part) {
            case "{thread}" -> f.threads().isEmpty() ? null : f.threads().get(0).thread().number() == null ? ""
                    : " (thread " + f.threads().get(0).thread().number() + ")";
            case "{caller}" -> {
                if (f.frames().isEmpty()) {
                    yield null;
                }
                Finding.FrameRef r = f.frames().get(0);
                yield (d.caller() == null ? "an unnamed frame" : d.caller()) + " (" + r.thread().path().name(r.index())
                        + " is frame #" + r.number() + ", input line " + r.line() + ")";
            }
            case "{named}" -> d.named() == null ? null : String.valueOf(d.named());
            case "{frames}" -> d.frames() == null ? null : String.valueOf(d.frames());
            case "{percent}" -> d.percent() == null ? null : String.valueOf(d.percent());
            default -> null;
        });
    }

    /** "Threads 3 (b-then-a), 4 wait for mutex 0x… &lt;lock_a&gt; (frame #3, input line 12); thread 2 probably holds it (why)." */
    private static String lockWait(Finding f, Detail.LockWait d) {
        StringBuilder b = new StringBuilder(upper(threadList(f.threads())));
        b.append(f.threads().size() == 1 ? " waits for " : " wait for ").append(d.lock());
        if (!f.frames().isEmpty()) {
            b.append(" (frame #").append(f.frames().get(0).number()).append(", input line ").append(f.frames().get(0).line()).append(')');
        }
        boolean read = d.ownerSource().isFact();
        if (!f.targets().isEmpty()) {
            b.append(read ? "; its holder is " : "; its holder is probably ").append(label(f.targets().get(0)))
                    .append(" (").append(d.ownerSource() == OwnerSource.DUMP ? "named by the runtime's dump" : read ? "read from the process"
                    : "inferred").append(", ")
                    .append(d.ownerConfidence().id()).append(": ").append(EvidenceText.of(d.ownerWhy())).append(')');
        } else {
            b.append("; no holder stands out (").append(EvidenceText.of(d.ownerWhy())).append(')');
        }
        if (d.command() != null) {
            b.append(". To read the owner: ").append(gdbBatch(d.core(), d.command()));
        }
        return b.append('.').toString();
    }

    /**
     * "thread 2 waits for mutex A, held by thread 3, which waits for thread 4 to exit": each step of a chain or cycle.
     * {@code cycle}: the last holder is the first waiter again.
     */
    private static String steps(List<Finding.WaitStep> steps, boolean cycle) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Finding.WaitStep s = steps.get(i);
            List<ThreadExplanation> waiters = s.thread().threads();
            if (i == 0) {
                b.append(threadList(waiters)).append(waiters.size() == 1 ? " waits for " : " wait for ");
            } else {
                b.append(", which waits for ");
            }
            if (s.lock() != null) {
                boolean read = s.source().isFact();
                b.append(s.lock()).append(read || cycle ? ", held by " : ", probably held by ").append(label(s.target()));
            } else {
                b.append(label(s.target())).append(" to exit (").append(s.function()).append(')');
            }
        }
        return b.toString();
    }

    /** ", which waits for input … in read (called from reload_config; file descriptor 3): none of them can go on until it returns." */
    private static String end(Finding.WaitEnd end) {
        StringBuilder b = new StringBuilder(", which waits inside work for ").append(end.kind()).append(" in ").append(end.function());
        List<String> more = new ArrayList<>();
        if (end.caller() != null) {
            more.add("called from " + Words.who(end.caller()));
        }
        if (end.inside() != null) {
            more.add("inside " + end.inside());
        }
        if (end.object() != null) {
            more.add(WaitsOnText.of(end.object()));
        }
        if (!more.isEmpty()) {
            b.append(" (").append(String.join("; ", more)).append(')');
        }
        return b.append(": nothing waiting behind it can go on until that wait ends.").toString();
    }

    private static String waitingInWork(List<Finding.WaitEnd> waits) {
        List<Finding.WaitEnd> inWork = waits.stream().filter(w -> w.homeUnknown() == null).toList();
        List<Finding.WaitEnd> unproven = waits.stream().filter(w -> w.homeUnknown() != null).toList();
        List<String> out = new ArrayList<>();
        if (!inWork.isEmpty()) {
            out.add("Not idle: " + waits(inWork, " waits inside work for ", " wait inside work for ") + ".");
        }
        if (!unproven.isEmpty()) {
            boolean one = unproven.size() == 1;
            out.add("Not shown to be idle: " + waits(unproven, " waits for ", " wait for ") + "; no knowledge pack says where "
                    + (one ? "this thread waits" : "these threads wait") + " when there is nothing to do, so "
                    + (one ? "this wait is" : "these waits are") + " neither normal nor known to be stuck (a knowledge pack for the program, given with --knowledge, would tell: docs/knowledge.md).");
        }
        return String.join(" ", out);
    }

    private static String waits(List<Finding.WaitEnd> waits, String verb, String verbOfSeveral) {
        List<Together> said = together(waits, Finding.WaitEnd::thread, w -> {
            StringBuilder b = new StringBuilder(w.kind()).append(", in ").append(w.function());
            if (w.caller() != null) {
                b.append(" called from ").append(Words.who(w.caller()));
            }
            if (w.inside() != null) {
                b.append(", inside ").append(w.inside());
            }
            if (w.object() != null) {
                b.append(" (").append(WaitsOnText.of(w.object())).append(')');
            }
            return b.toString();
        });
        List<String> out = new ArrayList<>();
        int named = 0;
        for (Together t : said.subList(0, Math.min(said.size(), IN_A_SENTENCE))) {
            out.add(t.who() + (t.count() == 1 ? verb : verbOfSeveral) + t.rest());
            named += t.count();
        }
        return String.join("; ", out) + (waits.size() > named ? "; and " + (waits.size() - named) + " more threads" : "");
    }

    private static String samplesChanged(Detail.SamplesChanged d) {
        List<String> out = new ArrayList<>();
        for (Finding.SamplePair p : d.pairs()) {
            List<String> changed = p.changed();
            out.add("from listing " + p.from() + " to " + p.to() + ", " + changed.size() + " of " + p.total()
                    + " threads changed" + (changed.isEmpty() || changed.size() > 8 ? "" : " (" + String.join(", ", changed) + ")")
                    + (p.woken().isEmpty() ? "" : ", " + (p.woken().size() > 8 ? p.woken().size() + " threads" : String.join(", ", p.woken()))
                    + (p.woken().size() == 1 ? " woke" : " woke") + " and waited again in the same place (the same stack, "
                    + "another wait word: signalled, or at its deadline)"));
        }
        return d.samples() + " listings: " + String.join("; ", out) + ".";
    }

    private static String untold(List<Finding.Untold> threads) {
        // threads told nothing for the same reason are said once (a JVM's dozen frameless threads of its own)
        Map<String, List<ThreadExplanation>> byWhy = new LinkedHashMap<>();
        for (Finding.Untold u : threads) {
            byWhy.computeIfAbsent(EvidenceText.of(u.why()), k -> new ArrayList<>()).add(u.thread());
        }
        List<String> out = new ArrayList<>();
        int said = 0;
        for (Map.Entry<String, List<ThreadExplanation>> e : byWhy.entrySet()) {
            if (out.size() == IN_A_SENTENCE) {
                break;
            }
            List<ThreadExplanation> ts = e.getValue();
            out.add((ts.size() == 1 ? label(ts.get(0)) : ts.size() + " threads (" + Words.ranges(ts.stream().map(t -> t.thread().number() != null
                    ? String.valueOf(t.thread().number()) : "LWP " + t.thread().lwp()).toList()) + ")") + ": " + e.getKey());
            said += ts.size();
        }
        return String.join("; ", out) + (threads.size() > said ? "; and " + (threads.size() - said) + " more threads" : "");
    }

    private static String toBeCertain(Detail.ToBeCertain d) {
        boolean several = d.several();
        String notCertain = d.confidence() == dev.btexplain.analyze.Confidence.LIKELY ? "Likely, not certain: " : "Not certain: ";
        return switch (d.verdict()) {
            case IDLE -> several && !d.moved() ? notCertain + "the same idle waits in every listing, but some are told less "
                    + "surely (frames without names between a wait and its loop, or a wait known only by the stack's shape: see "
                    + "each thread's activity); debug symbols, or a pack for the program, would make it certain."
                    : several ? notCertain + "every thread is at home in the last listing, but some stacks changed "
                    + "between listings (threads that woke for work and went back to sleep, or that are busier than they look); "
                    + "a few more samples tell."
                    : "Not certain from one listing: 2-3 samples a few seconds apart that show the same idle waits would make it so.";
            case BUSY -> notCertain + (several ? "further samples should show the working threads progress (their "
                    + "stacks change; a paced job's stack stays the same, and its own status shows its progress)."
                    : "a second sample in which the running threads are elsewhere shows they progress.");
            case CRASH -> "Read from the abort path on the stack: gdb's signal line (run the program under gdb, or read its core) would make it certain.";
            default -> null; // a hang's or deadlock's findings say how to read the real owners; an open verdict says what is missing
        };
    }

    /** "1 thread is", "2 threads are". */
    private static String count(long n, String one, String many) {
        return n + (n == 1 ? one : many);
    }

    /** "thread 3 (b-then-a)" with the name, or the role when the name says nothing more. */
    public static String label(ThreadExplanation t) {
        String n = t.thread().number() != null ? unit(t.thread()) + " " + t.thread().number()
                : t.thread().lwp() != null ? "LWP " + t.thread().lwp() : "thread ?";
        return n + " " + labelTail(t);
    }

    /** What a thread is called: a goroutine in a Go dump (which lists goroutines, not the threads that run them). */
    /** "; the longest waiting 12 minutes", as the runtime's dump says it of a group's threads; "" when it says none. */
    static String longestWait(dev.btexplain.analyze.StackGroup g) {
        int m = g.longestWaitMinutes();
        return m < 0 ? "" : "; the longest waiting " + m + " minute" + (m == 1 ? "" : "s");
    }

    static String unit(dev.btexplain.model.ThreadTrace t) {
        // a goroutine joined with the thread running it is that thread (its name says the goroutine)
        return t.runtime() != null && "go".equals(t.runtime().runtime()) && t.runtime().joined() == null ? "goroutine" : "thread";
    }

    /** "(b-then-a)", "(flusher, maintenance thread)": what follows a thread's number in its label. */
    private static String labelTail(ThreadExplanation t) {
        String name = t.thread().name();
        boolean unknown = t.role().id().equals("unknown");
        if (name != null && !t.role().kernelTask()) {
            return "(" + name + (unknown ? "" : ", " + t.role().label()) + ")";
        }
        return "(" + t.role().label() + ")";
    }

    private static String name(ThreadExplanation t) {
        return t.thread().name();
    }

    /** Threads of one name and role of which the same is said, by their numbers; {@code who} labels them all. */
    private record Together(String who, int count, String rest) {
    }

    /**
     * The items about threads, those with the same name, role and words said once ("threads 43–46 (flusher,
     * maintenance thread)"): a pool's forty identical waits are one line, not forty.
     */
    private static <T> List<Together> together(List<T> items, java.util.function.Function<T, ThreadExplanation> thread,
                                               java.util.function.Function<T, String> rest) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> rests = new LinkedHashMap<>();
        for (T item : items) {
            ThreadExplanation t = thread.apply(item);
            String said = rest.apply(item);
            String key = t.thread().number() == null ? label(t) + '\u0000' + ids.size() : labelTail(t) + '\u0000' + said;
            ids.computeIfAbsent(key, k -> new ArrayList<>()).add(t.thread().number() == null ? null : String.valueOf(t.thread().number()));
            labels.putIfAbsent(key, t.thread().number() == null ? label(t) : labelTail(t));
            rests.putIfAbsent(key, said);
        }
        List<Together> out = new ArrayList<>();
        ids.forEach((key, numbers) -> out.add(new Together(numbers.get(0) == null ? labels.get(key)
                : (numbers.size() == 1 ? "thread " + numbers.get(0) : "threads " + Words.ranges(numbers)) + " " + labels.get(key),
                numbers.size(), rests.get(key))));
        return out;
    }

    /** Thread numbers by name: "47–49 \"reader\", 2–41" (threads with no name last but in their order of names). */
    static String byName(List<ThreadExplanation> threads) {
        Map<String, List<String>> numbers = new LinkedHashMap<>();
        for (ThreadExplanation t : threads) {
            numbers.computeIfAbsent(t.thread().name() == null ? "" : t.thread().name(), k -> new ArrayList<>())
                    .add(t.thread().number() != null ? String.valueOf(t.thread().number())
                            : t.thread().lwp() != null ? "LWP " + t.thread().lwp() : "?");
        }
        List<String> out = new ArrayList<>();
        numbers.forEach((name, ids) -> out.add(Words.ranges(ids) + (name.isEmpty() ? "" : " \"" + name + "\"")));
        return String.join("; ", out);
    }

    static String threadList(List<ThreadExplanation> threads) {
        List<Together> said = together(threads, t -> t, t -> "");
        StringBuilder b = new StringBuilder();
        int n = Math.min(said.size(), IN_A_SENTENCE);
        int named = 0;
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : i == said.size() - 1 ? " and " : ", ").append(said.get(i).who());
            named += said.get(i).count();
        }
        return threads.size() > named ? b.append(" and ").append(threads.size() - named).append(" more threads").toString() : b.toString();
    }

    /** How many threads one sentence names before it says how many more there are (the JSON report names all). */
    private static final int IN_A_SENTENCE = 12;

    /** "; and 40 more threads" after a list of {@link #IN_A_SENTENCE} of {@code total}, nothing when all were named. */
    private static String andMore(int total) {
        return total > IN_A_SENTENCE ? "; and " + (total - IN_A_SENTENCE) + " more threads" : "";
    }

    /**
     * What a thread's header adds to its state when the state's name says more than its activity: a poll named
     * idle-poll (the contract's state) that is not the thread's idle wait, as the JSON's activity field says.
     */
    static String stateQualifier(ThreadExplanation t) {
        return t.state() == ThreadState.IDLE_POLL && t.activity() != Activity.IDLE && t.activity() != Activity.UNKNOWN
                ? " (not idle: " + (t.activity() == Activity.RUNNING ? "work in progress" : "waiting inside work") + ")" : "";
    }

    /** The text with a capital first letter. */
    static String upper(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The text with a small first letter, unless its second is a capital too ("QEMU", "IOThread"). */
    static String lowerFirst(String s) {
        return s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1)) ? s
                : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
