package dev.btexplain.analyze;

import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.NextStep;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.Frame;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.ThreadTrace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What to capture or run next: the packs' steps whose condition holds for this capture and its threads. */
final class NextSteps {
    private final KnowledgeBase kb;

    NextSteps(KnowledgeBase kb) {
        this.kb = kb;
    }

    /** The triggers of the packs' next steps that hold for this capture (knowledge/README.md says what each means). */
    static Set<String> triggers(List<ThreadExplanation> threads, Backtrace bt, int samples, Verdict verdict, LockGraph locks,
                                        int named, int frames, boolean pattern) {
        Set<String> triggers = new HashSet<>();
        if (bt.format().runtimeDump()) {
            triggers.add("runtime-dump"); // a runtime's own dump: gdb's advice and its commands are not the next step
            return triggers;
        }
        if (threads.stream().anyMatch(t -> t.thread().runtime() != null && t.thread().runtime().joined() != null)) {
            triggers.add("runtime-dump-joined"); // the runtime's dump was read beside gdb's listing
        }
        boolean kernelStacks = bt.format().kernelStacks();
        long crashed = threads.stream().filter(t -> t.state() == ThreadState.CRASHED).count();
        long locked = threads.stream().filter(t -> t.state() == ThreadState.WAIT_MUTEX).count();
        // gdb's advice does not apply to the kernel's stacks, nor the kernel's to gdb's
        if (kernelStacks) {
            triggers.add("kernel-stacks");
            if (verdict != Verdict.CRASH) {
                triggers.add("kernel-not-crash");
            }
            if (bt.format() == InputFormat.PROC_STACK) {
                triggers.add("proc-stack");
            }
        } else {
            // locals tell a lock's owner: not needed where gdb has read every waited lock's owner from the process
            boolean ownersRead = !locks.locks().isEmpty() && locks.locks().stream().allMatch(w -> w.ownerSource().isFact());
            // a cycle whose every holder is a fact cannot end by itself: a second sample would show the same
            if (samples == 1 && verdict != Verdict.CRASH && !(verdict == Verdict.DEADLOCK && ownersRead)) {
                triggers.add("one-sample");
            }
            if (!hasLocals(bt) && (locked > 0 && !ownersRead || crashed > 0 || pattern)) {
                triggers.add("locals-would-help");
            }
            // a lock of the process (a file lock's holder is another process: its own step says where to look)
            if (threads.stream().anyMatch(t -> t.state() == ThreadState.WAIT_MUTEX && (t.waitKind() == null || t.waitKind().onThread())
                    && locks.waitOf(t) == null)) {
                triggers.add("unnamed-lock");
            }
            if (crashed > 0) {
                triggers.add("crash");
            }
            boolean signalLine = bt.events().stream().anyMatch(e -> e.kind() == dev.btexplain.model.DebuggerEvent.Kind.SIGNAL_RECEIVED
                    || e.kind() == dev.btexplain.model.DebuggerEvent.Kind.PROGRAM_TERMINATED);
            if (signalLine && bt.events().stream().noneMatch(e -> e.kind() == dev.btexplain.model.DebuggerEvent.Kind.SIGNAL_INFO)) {
                triggers.add("signal-origin-unknown"); // a fault and a signal another process sent look alike in a listing
            }
            long names = threads.stream().map(t -> t.thread().name()).filter(java.util.Objects::nonNull).distinct().count();
            if (threads.size() > 1 && names == 1) {
                triggers.add("threads-unnamed"); // every thread kept the name it inherited from the process
            }
        }
        if (frames > 0 && named * 100L < frames * 90L) {
            triggers.add("few-symbols");
        }
        return triggers;
    }

    /**
     * Step 7: the packs' next steps whose condition holds: a trigger of the capture, or a thread of the step's role
     * and/or state. What holds for any process comes first, then the program's own; a step that says the same better
     * for the program (its own debug symbols) takes the place of the one it replaces.
     */
    List<NextStep> choose(Set<String> triggers, List<ThreadExplanation> threads) {
        List<NextStep> fired = new ArrayList<>();
        List<NextStep> steps = new ArrayList<>(kb.nextSteps());
        Collections.reverse(steps);
        // a listing of many threads holds few kinds of them: each step is tried on each kind, not on each thread
        Set<Kind> kinds = new HashSet<>();
        for (ThreadExplanation t : threads) {
            kinds.add(new Kind(t.role().id(), t.state().id(), t.waitKind() == null ? null : t.waitKind().id(), t.activity().id()));
        }
        // a runtime's dump: the steps about a thread's native wait (gdb's commands on its frames) do not apply
        boolean dump = triggers.contains("runtime-dump");
        for (NextStep s : steps) {
            boolean holds = s.trigger() != null ? triggers.contains(s.trigger())
                    : !dump && kinds.stream().anyMatch(k -> (s.roles().isEmpty() || s.roles().contains(k.role()))
                    && (s.state() == null || k.state().equals(s.state()))
                    && (s.waitKind() == null || s.waitKind().equals(k.waitKind()))
                    && (s.activity() == null || s.activity().equals(k.activity())));
            if (holds && (s.unless() == null || !triggers.contains(s.unless()))) {
                fired.add(s);
            }
        }
        List<NextStep> out = new ArrayList<>();
        for (NextStep s : fired) {
            NextStep better = fired.stream().filter(x -> s.id().equals(x.replaces())).findFirst().orElse(null);
            if (s.replaces() == null || fired.stream().noneMatch(x -> x.id().equals(s.replaces()))) {
                out.add(better != null ? better : s);
            }
        }
        return out;
    }


    /** A thread as a step's condition sees it. */
    private record Kind(String role, String state, String waitKind, String activity) {
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
