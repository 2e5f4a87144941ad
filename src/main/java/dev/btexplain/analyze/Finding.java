package dev.btexplain.analyze;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One finding of the diagnosis, as data: what kind it is, which threads it is about and which they wait for, the
 * frames and input lines it rests on, the rule or knowledge entry behind it, and its values. Only the renderers
 * turn findings into sentences (report.Wording).
 *
 * @param threads   the threads it is about, in the order it names them
 * @param targets   the threads they wait for or that hold what they wait for, when it names some
 * @param frames    the frames it rests on
 * @param rule      the rule, pack check or knowledge entry that produced it
 * @param detail    what else it says, a record of its kind's own (JSON: its "values")
 * @param notNormal it is something wrong (or that cannot be told), not only an observation
 */
public record Finding(List<ThreadExplanation> threads, List<ThreadExplanation> targets, List<FrameRef> frames,
                      String rule, Detail detail, boolean notNormal) {

    /** A frame of a thread: {@code index} in its call path. */
    public record FrameRef(ThreadExplanation thread, int index) {
        /** The frame number as printed (#3). */
        public int number() {
            return thread.path().index(index);
        }

        public int line() {
            return thread.path().frame(index).line();
        }

        public String function() {
            return thread.path().function(index);
        }
    }

    /**
     * A structured part of a finding's values: JSON writes it as an object with its components' names in snake case,
     * a null component omitted, as a value a finding does not have.
     */
    public interface Part {
    }

    /** Who waits at a step of a chain: one thread, or (the chain's first step) every thread waiting for its lock. */
    public sealed interface Who extends Part {
        List<ThreadExplanation> threads();
    }

    /** One thread (JSON: its number). */
    public record One(ThreadExplanation thread) implements Who {
        @Override
        public List<ThreadExplanation> threads() {
            return List.of(thread);
        }
    }

    /** Several threads (JSON: their numbers). */
    public record All(List<ThreadExplanation> threads) implements Who {
        public All {
            threads = List.copyOf(threads);
        }
    }

    /**
     * One wait of a chain or a cycle: who waits, for a lock (its label) or a join (the argument that names the thread,
     * in {@code function}), how its target is known, and the target.
     */
    public record WaitStep(Who thread, String lock, String join, OwnerSource source, String function, ThreadExplanation target)
            implements Part {
    }

    /**
     * What a waiting thread does: its wait's kind, function and caller, the work it waits inside, the object of the
     * wait, and {@code homeUnknown} (true, else absent) when no pack says where it waits with nothing to do.
     */
    public record WaitEnd(ThreadExplanation thread, String kind, String function, CallPath.Who caller, String inside, WaitsOn object,
                          Boolean homeUnknown) implements Part {
    }

    /** A thread whose state the frames do not tell, and why. */
    public record Untold(ThreadExplanation thread, Evidence why) implements Part {
    }

    /** Listings {@code from} and {@code to} (1-based): the threads that changed between them, of {@code total}. */
    /** {@code woken}: of the changed, those that woke and waited again in the same place (the same stack, another wait word). */
    public record SamplePair(int from, int to, List<String> changed, int total, List<String> woken) implements Part {
        public SamplePair {
            changed = List.copyOf(changed);
            woken = List.copyOf(woken);
        }
    }

    /** A link of lockdep's recorded chain: its number, the lock and the first frame of the code that took it. */
    public record LockdepLink(String number, String lock, String where) implements Part {
    }

    /** The kinds of finding; {@link #id()} is the JSON id. */
    public enum Kind {
        /** The process in one line: its programs and its threads by role. */
        SUMMARY(Detail.Summary.class),
        /** A pack recognised the process: {@code pack}, {@code label}, {@code clue}. */
        RECOGNISED(Detail.Recognised.class),
        /** The listings are of different processes, each diagnosed alone: {@code listings}, {@code clue}, the deciding {@code listing} and its {@code line}. */
        SEPARATE_PROCESSES(Detail.SeparateProcesses.class),
        /** The input holds several tools' output: {@code formats}, {@code twice} (a thread printed by both). */
        MIXED_INPUT(Detail.MixedInput.class),
        /** gdb printed a fatal signal: {@code signal}, {@code thread}, {@code message}, {@code signature}, {@code frame}. */
        SIGNAL(Detail.Signal.class),
        /** The crashing stack is a runaway recursion: {@code cycle}, {@code repeats}, {@code first_frame}, {@code depth}, {@code unreadable}. */
        STACK_OVERFLOW(Detail.StackOverflow.class),
        /** A crash read from the stack alone (no signal line): {@code signal}, {@code message}, {@code signature}. */
        CRASH_FROM_STACK(Detail.CrashFromStack.class),
        /** A tool's report: {@code by} (kernel, sanitizer), {@code message}, {@code signature}, {@code stacks} (what the stacks are). */
        TOOL_REPORT(Detail.ToolReport.class),
        /** Several reports in one log: {@code summary}. */
        SEVERAL_REPORTS(Detail.SeveralReports.class),
        /** The kind of the deciding report: {@code label}, {@code meaning}, {@code read_first}. */
        REPORT_KIND(Detail.ReportKind.class),
        /** The task a kernel report is about: {@code name}, {@code pid}, {@code top}, {@code line}. */
        REPORTED_TASK(Detail.ReportedTask.class),
        /** A lockup whose task waits for something else: {@code name}, {@code top}, {@code waits_for}. */
        LOCKUP_WAITING(Detail.LockupWaiting.class),
        /** lockdep: {@code task} tries to take {@code acquiring} while holding {@code held}. */
        LOCKDEP_TAKING(Detail.LockdepTaking.class),
        /** lockdep's recorded chain: {@code chain}, each {@code number}, {@code lock}, {@code where}. */
        LOCKDEP_CHAIN(Detail.LockdepChain.class),
        /** A pack's check or hang pattern fired: {@code template} with {@code thread}, {@code caller}, {@code named}... */
        CHECK(Detail.Check.class),
        /** Threads wait for a lock: {@code lock}, {@code owner_source}, {@code owner_confidence}, {@code owner_why}, {@code command}. */
        LOCK_WAIT(Detail.LockWait.class),
        /** A thread waits for another to exit (pthread_join): {@code target} named by the argument {@code argument}. */
        JOIN(Detail.Join.class),
        /** A cycle of waits, each on a lock (or a join) another thread of the cycle holds: {@code steps}. */
        DEADLOCK(Detail.Deadlock.class),
        /** No thread outside a set can release what the set waits for (a complete listing): {@code locks}. */
        CLOSED_WORLD_DEADLOCK(Detail.ClosedWorldDeadlock.class),
        /** A lock no other thread can hold: a waiter locked it itself, or its holder exited: {@code lock}, {@code command}. */
        SELF_LOCKED_OR_EXITED(Detail.SelfLockedOrExited.class),
        /** Waits end to end: {@code steps} (each {@code lock} or {@code join}) and {@code end}, what the last thread does. */
        CHAIN(Detail.Chain.class),
        /** The same synchronous wait, with the same stack, in the last two samples. */
        SAME_WAIT_ACROSS_SAMPLES(Detail.SameWaitAcrossSamples.class),
        /** Threads wait for a lock whose probable holder runs: {@code lock}, {@code state}. */
        CONTENTION(Detail.Contention.class),
        /** Threads blocked on locks whose holder does not stand out: {@code count}. */
        LOCK_HOLDER_UNKNOWN(Detail.LockHolderUnknown.class),
        /**
         * Threads wait inside work while no thread runs or does I/O they could be waiting for: {@code samples},
         * {@code unchanged} (none of them moved between the last two listings); the targets are the threads that run
         * guest code, which no host wait waits for.
         */
        NOTHING_PROGRESSES(Detail.NothingProgresses.class),
        /** Futex waits in kernel stacks: {@code count}. */
        KERNEL_FUTEX(Detail.KernelFutex.class),
        /** Threads run: {@code count}. */
        BUSY(Detail.Busy.class),
        /** Every thread is idle in the last listing, but these ran in the listing before and have moved since. */
        WORKED_BETWEEN_SAMPLES(Detail.WorkedBetweenSamples.class),
        /** A partial listing whose threads a pack's hang pattern shows waiting synchronously inside an operation. */
        HANG_PATTERN(Detail.HangPattern.class),
        /** Every stack shows a wait, but the kernel saw the process use {@code cpu_percent} of a CPU over {@code window_millis}. */
        WORK_ON_NO_STACK(Detail.WorkOnNoStack.class),
        /** Every thread waits at its home wait or is parked at the top of its loop: {@code by_shape}, how many are parked. */
        IDLE(Detail.Idle.class),
        /** Threads wait inside work, not at a home wait: {@code waits}, each {@code kind} and {@code detail}. */
        WAITING_IN_WORK(Detail.WaitingInWork.class),
        /** The listing may not show every thread (a lone bt, gaps in gdb's numbers): {@code all_idle}. */
        PARTIAL_LISTING(Detail.PartialListing.class),
        /** Threads whose state the frames do not tell: {@code why} for each. */
        UNTOLD(Detail.Untold.class),
        /** The lock owners are inferred, not read: {@code readable}, whether a gdb command could read them. */
        OWNERS_INFERRED(Detail.OwnersInferred.class),
        /** Which threads changed from one listing to the next: {@code samples}, {@code pairs} ({@code from}, {@code to}, {@code changed}, {@code total}). */
        SAMPLES_CHANGED(Detail.SamplesChanged.class),
        /** Threads on the same lock with the same stack in the last two samples. */
        STUCK_ON_LOCK(Detail.StuckOnLock.class),
        /** What would make the verdict certain: {@code verdict}, {@code several}. */
        TO_BE_CERTAIN(Detail.ToBeCertain.class);

        private static final Map<Class<?>, Kind> BY_DETAIL = new HashMap<>();

        static {
            for (Kind k : values()) {
                BY_DETAIL.put(k.detail, k);
            }
        }

        private final String id = name().toLowerCase(Locale.ROOT).replace('_', '-');
        private final Class<? extends Detail> detail;

        Kind(Class<? extends Detail> detail) {
            this.detail = detail;
        }

        /** The kind whose record this detail is. */
        static Kind of(Detail d) {
            return BY_DETAIL.get(d.getClass());
        }

        public String id() {
            return id;
        }
    }

    public Finding {
        threads = List.copyOf(threads);
        targets = List.copyOf(targets);
        frames = List.copyOf(frames);
        java.util.Objects.requireNonNull(detail);
    }

    /** A finding about some threads, nothing wrong. */
    static Finding of(List<ThreadExplanation> threads, Detail detail) {
        return new Finding(threads, List.of(), List.of(), null, detail, false);
    }

    /** What was found. */
    public Kind kind() {
        return detail.kind();
    }

    /** The detail as the record of its kind (a finding of another kind is a bug, and fails here). */
    public <T extends Detail> T detail(Class<T> type) {
        return type.cast(detail);
    }

    /** The same finding with another detail. */
    Finding with(Detail other) {
        return new Finding(threads, targets, frames, rule, other, notNormal);
    }

    Finding wrong() {
        return new Finding(threads, targets, frames, rule, detail, true);
    }

    Finding because(String rule) {
        return new Finding(threads, targets, frames, rule, detail, notNormal);
    }
}
