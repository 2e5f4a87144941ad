package dev.btexplain.analyze;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * What a finding says beyond its threads and frames: one record per {@link Finding.Kind}. JSON writes a record's
 * components under their names in snake case ({@code owner_source}), in the order declared; a component marked
 * {@link Absent} is left out when null (the finding does not have it), any other is written, null or not.
 */
public sealed interface Detail {
    /** The kind of finding this record is the detail of. */
    default Finding.Kind kind() {
        return Finding.Kind.of(this);
    }

    /** A component a finding may not have: JSON leaves it out when null. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Absent {
    }

    /** A finding that carries a gdb command reading a lock's owner, which opens a core when the process is gone. */
    sealed interface ReadsOwner extends Detail {
        /** The same detail, its command to be run on the core. */
        Detail onCore();
    }

    /** The process in one line: the input's kind (process, kernel, proc-stack) and the programs recognised. */
    record Summary(String input, List<String> programs, @Absent String article) implements Detail {
        public Summary {
            programs = List.copyOf(programs);
        }
    }

    record Recognised(String pack, String label, String clue) implements Detail {
    }

    /** {@code listings} of different processes; {@code listing} (1-based, from input {@code line}) decides. */
    record SeparateProcesses(int listings, ProcessClue clue, int listing, int line) implements Detail {
    }

    /**
     * Why listing {@code listing} (1-based) and the next are of two processes: {@code function} at {@code before} in the one
     * and {@code after} in the other, addresses far apart (another load address); or, with no function, no thread (LWP)
     * of the one is in the other.
     */
    record ProcessClue(int listing, String function, long before, long after) implements Worded {
    }

    /** The formats found (ids), and whether a thread was printed by two of them. */
    record MixedInput(List<String> formats, boolean twice) implements Detail {
        public MixedInput {
            formats = List.copyOf(formats);
        }
    }

    /**
     * A fatal signal gdb printed: the whole {@code message} (the program's and gdb's lines, joined by " / "), the
     * program's own last words apart ({@code programMessage}), the signature, the program's first frame (-1 none).
     */
    record Signal(String signal, String message, @Absent String programMessage, String signature, @Absent Integer thread,
                  int frame, @Absent Crash.SignalOrigin origin, @Absent CrashSite site, @Absent List<NullArgument> nullArguments)
            implements Detail {
    }

    /**
     * Where the crash happened as a reader looks for it: the program's first frame (frame 0 when the stack holds none of
     * its code), its function and the source line gdb printed for it (file null when none), and the innermost frame's
     * function when that is another (a libc call the program made: null otherwise).
     */
    record CrashSite(int frame, String function, String file, Integer line, @Absent String innermost) {
    }

    /** An argument printed as a null pointer in a frame from the crash up to the program's first frame. */
    record NullArgument(int frame, String function, String argument) {
    }

    record StackOverflow(List<String> cycle, int repeats, int firstFrame, int depth, boolean unreadable) implements Detail {
        public StackOverflow {
            cycle = List.copyOf(cycle);
        }
    }

    /** A crash read from the abort path on a stack. */
    record CrashFromStack(@Absent String signal, String message, String signature, @Absent Crash.SignalOrigin origin) implements Detail {
    }

    /**
     * A tool's report, {@code by} the kernel or a sanitizer; {@code signature} when it is a crash, {@code stacks} false
     * when no stack of the process follows it.
     */
    record ToolReport(@Absent String signal, String message, @Absent String signature, String by, @Absent Boolean stacks)
            implements Detail {
    }

    /** A summary of the reports a log holds, the most severe first. */
    record SeveralReports(String summary) implements Detail {
    }

    record ReportKind(String label, String meaning, String readFirst) implements Detail {
    }

    /** The reported task's innermost named function ({@code top}, absent when none) and its stack's input line. */
    record ReportedTask(@Absent String top, int line) implements Detail {
    }

    record LockupWaiting(String top, String waitsFor) implements Detail {
    }

    record LockdepTaking(String acquiring, List<String> held) implements Detail {
        public LockdepTaking {
            held = List.copyOf(held);
        }
    }

    record LockdepChain(List<Finding.LockdepLink> chain) implements Detail {
        public LockdepChain {
            chain = List.copyOf(chain);
        }
    }

    /**
     * A pack's check or hang pattern: its {@code template} and what fills it — the {@code caller} of the frame it
     * matched, or the symbol coverage ({@code named} of {@code frames}, {@code percent}).
     */
    record Check(@Absent String caller, @Absent Integer named, @Absent Integer frames, @Absent Long percent, String template)
            implements Detail {
    }

    /** A lock and its waiters: how its owner is known, how surely, why, and the command that would read it. */
    record LockWait(String lock, OwnerSource ownerSource, Confidence ownerConfidence, Evidence ownerWhy, @Absent String command,
                    @Absent Boolean core) implements ReadsOwner {
        public Detail onCore() {
            return new LockWait(lock, ownerSource, ownerConfidence, ownerWhy, command, command == null ? null : Boolean.TRUE);
        }
    }

    /** A join: the argument naming the thread, and whether that thread is in the listing. */
    record Join(String target, boolean listed) implements Detail {
    }

    record Deadlock(List<Finding.WaitStep> steps) implements Detail {
        public Deadlock {
            steps = List.copyOf(steps);
        }
    }

    /** The locks of a closed world that some thread could hold, and how many waiters wait for a lock no frame names. */
    record ClosedWorldDeadlock(List<String> locks, long unnamed) implements Detail {
        public ClosedWorldDeadlock {
            locks = List.copyOf(locks);
        }
    }

    /**
     * A lock no other thread can hold; {@code ownerRead}: gdb read an owner that is gone; {@code couldHold}: how many
     * threads could hold it (absent for a lock the frames do not name).
     */
    record SelfLockedOrExited(String lock, @Absent String command, boolean ownerRead, @Absent Long couldHold,
                              @Absent Boolean core) implements ReadsOwner {
        public Detail onCore() {
            return new SelfLockedOrExited(lock, command, ownerRead, couldHold, command == null ? null : Boolean.TRUE);
        }
    }

    record Chain(List<Finding.WaitStep> steps, Finding.WaitEnd end) implements Detail {
        public Chain {
            steps = List.copyOf(steps);
        }
    }

    record SameWaitAcrossSamples(List<Finding.WaitEnd> waits) implements Detail {
        public SameWaitAcrossSamples {
            waits = List.copyOf(waits);
        }
    }

    /** The lock, and the state of its probable holder, which runs. */
    record Contention(String lock, ThreadState state) implements Detail {
    }

    /**
     * How many threads wait for a lock whose holder does not stand out, and whether every thread of the listing waits
     * ({@code nothingRuns}: whichever holds the lock is itself waiting, so the waiters are held up by that wait).
     */
    record LockHolderUnknown(long count, boolean nothingRuns) implements Detail {
    }

    /** How many listings, and whether the threads waiting inside work were unchanged between the last two. */
    record NothingProgresses(int samples, boolean unchanged) implements Detail {
    }

    record KernelFutex(long count) implements Detail {
    }

    /** How many threads run, and whether some threads' state cannot be told. */
    record Busy(int count, boolean untold) implements Detail {
    }

    record WorkedBetweenSamples() implements Detail {
    }

    /** Threads a pack's hang pattern shows waiting synchronously inside an operation, in a listing that does not show every thread. */
    record HangPattern() implements Detail {
    }

    /**
     * The kernel saw the process use {@code cpuPercent} of a CPU over the {@code windowMillis} before gdb attached
     * (summed over its threads, each under the share that marks one thread working), while every stack shows a wait.
     */
    record WorkOnNoStack(long cpuPercent, long windowMillis) implements Detail {
    }

    /** How many threads are idle by their stack's shape (parked, or joining a parked thread) rather than at a home wait. */
    /** {@code unseen}: threads of a runtime's dump shown without frames, not judged (null when none). */
    record Idle(long byShape, @Absent Integer unseen) implements Detail {
    }

    record WaitingInWork(List<Finding.WaitEnd> waits) implements Detail {
        public WaitingInWork {
            waits = List.copyOf(waits);
        }
    }

    record PartialListing(boolean allIdle) implements Detail {
    }

    record Untold(List<Finding.Untold> threads) implements Detail {
        public Untold {
            threads = List.copyOf(threads);
        }
    }

    /** Whether a gdb command could read the inferred owners. */
    record OwnersInferred(boolean readable) implements Detail {
    }

    record SamplesChanged(int samples, List<Finding.SamplePair> pairs) implements Detail {
        public SamplesChanged {
            pairs = List.copyOf(pairs);
        }
    }

    record StuckOnLock() implements Detail {
    }

    /** What would make the verdict certain, for this verdict at this confidence, with one or several samples. */
    /** {@code moved}: some thread's stack changed between the listings. */
    record ToBeCertain(Verdict verdict, boolean several, Confidence confidence, boolean moved) implements Detail {
    }
}
