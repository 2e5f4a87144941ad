package dev.btexplain.analyze;

import dev.btexplain.knowledge.Category;
import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.StateRules;
import dev.btexplain.model.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * A thread's state from its innermost meaningful frame, refined by its callers (states.json):
 * a futex wait under pthread_cond_wait is a condvar wait, an ioctl under kvm_vcpu_ioctl is guest code.
 * Ordered rules, each commented; each records its evidence.
 */
final class StateClassifier {
    /** How far out of a wait a caller that makes it on a non-blocking descriptor is looked for (send1 under non_blocking_send1). */
    private static final int NONBLOCKING_CALLER_REACH = 2;

    /** How many unnamed frames a wait chain may cross (libc without symbols between two known waits). */
    private static final int MAX_UNNAMED_IN_CHAIN = 2;

    private final StateRules rules;
    private final dev.btexplain.knowledge.KnowledgeBase kb;

    StateClassifier(dev.btexplain.knowledge.KnowledgeBase kb) {
        this.rules = kb.states();
        this.kb = kb;
    }

    /**
     * @param state      the state
     * @param waitFrame  the innermost frame of the wait that decided it, -1 when none did
     * @param chainEnd   the outermost frame of that wait (its callers that are waits too), -1 when none
     * @param confidence how sure
     * @param why        for {@code unknown}: what is missing
     */
    record Result(ThreadState state, int waitFrame, int chainEnd, Confidence confidence, Evidence why,
                  List<Evidence> evidence) {
    }

    Result classify(CallPath p, ProcessContext ctx) {
        Result r = byDumpFrame(p, classifyFrames(p, ctx));
        if (r.state() != ThreadState.UNKNOWN) {
            return r;
        }
        // Frames without names cannot say what runs, but the kernel can: a live capture saw the thread running (R).
        dev.btexplain.model.ProcessFacts.TaskFacts t = ctx.task(p.thread());
        if (t != null && t.state() == 'R') {
            List<Evidence> evidence = new ArrayList<>(r.evidence());
            evidence.add(Evidence.citing("state.kernel-running", Evidence.Says.KERNEL_RUNNING, r.why()));
            return new Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
        }
        // ...and so can a runtime's dump that saw it on a CPU (py-spy's active)
        StateRules.RuntimeState seen = runtimeState(p, rules);
        if (seen != null && seen.onCpu()) {
            List<Evidence> evidence = new ArrayList<>(r.evidence());
            evidence.add(new Evidence("state.runtime-on-cpu", null, null, Evidence.Says.RUNTIME_ON_CPU,
                    List.of(p.thread().runtime().state()), r.why()));
            return new Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
        }
        // ...and so can two listings: a thread whose frames differ from the listing before is not blocked
        if (ctx.moved().contains(p.thread())) {
            List<Evidence> evidence = new ArrayList<>(r.evidence());
            evidence.add(Evidence.citing("state.moved-across-samples", Evidence.Says.MOVED_ACROSS_SAMPLES, r.why()));
            return new Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
        }
        return r;
    }

    /**
     * The state a runtime's dump printed for the thread, as the wait states.json's runtime_states says it is; its wait
     * frame is the innermost (where the dump's lock line hangs for a monitor; the park call for a parked thread). Null
     * when the dump printed no state that is a wait (RUNNABLE: the frames tell).
     */
    private Result byRuntime(CallPath p, List<Evidence> evidence) {
        StateRules.RuntimeState r = runtimeWait(p, rules);
        ThreadState state = r == null ? null : ThreadState.fromId(rules.byCategory().get(r.category()));
        if (state == null) {
            return null;
        }
        dev.btexplain.model.RuntimeView runtime = p.thread().runtime();
        dev.btexplain.model.RuntimeView.Lock taken = runtime.waitsToTake();
        // joined with gdb's frames, the runtime's innermost frame is where it waits (gdb's above it are how)
        int first = runtime.joined() == null ? 0 : p.position(runtime.joined().from());
        int at = first >= 0 ? first : p.size() - 1; // a dump thread of no frame: gdb's outermost
        evidence.add(Evidence.of("state.runtime", p.index(at), null, Evidence.Says.RUNTIME_STATE, runtime.state(),
                taken == null ? "" : taken.address(), taken == null || taken.type() == null ? "" : taken.type()));
        // the park call's callers that wait too (LockSupport.park, a lock's acquire) are the same wait
        return new Result(state, at, waitState(p, at) == null ? at : chainEnd(p, at), Confidence.CERTAIN, null, evidence);
    }

    /** The outermost frame of the wait whose innermost frame is {@code at}: its callers that are waits too. */
    private int chainEnd(CallPath p, int at) {
        int end = at;
        for (int j = nextChainFrame(p, at); j >= 0; j = nextChainFrame(p, j)) {
            end = j;
        }
        return end;
    }

    /** The wait a runtime's dump printed for the thread (states.json runtime_states), null when none or no frame. */
    static StateRules.RuntimeState runtimeWait(CallPath p, StateRules rules) {
        StateRules.RuntimeState r = runtimeState(p, rules);
        return r == null || r.onCpu() ? null : r;
    }

    /** What states.json's runtime_states say of the state a runtime's dump printed, null when none or no frame. */
    private static StateRules.RuntimeState runtimeState(CallPath p, StateRules rules) {
        dev.btexplain.model.RuntimeView runtime = p.thread().runtime();
        if (runtime == null || p.size() == 0) {
            return null;
        }
        dev.btexplain.model.RuntimeView.Lock taken = runtime.waitsToTake();
        return rules.runtimeState(runtime.runtime(), runtime.state(), taken == null ? null : taken.type());
    }

    /**
     * A native wait of a thread joined with a dump that shows no native call (faulthandler): the dump's innermost frame,
     * when the pack knows it waits (Condition.wait, Thread.join, a pool worker's queue), says what the native wait is
     * for, since the native frames between are the interpreter running that call. The wait is then that frame's: its
     * state and kind, and the frames below it are the thread's way there (a home wait's loop).
     */
    private Result byDumpFrame(CallPath p, Result native_) {
        dev.btexplain.model.RuntimeView runtime = p.thread().runtime();
        if (runtime == null || runtime.joined() == null || !native_.state().isWaiting() || native_.waitFrame() < 0) {
            return native_;
        }
        dev.btexplain.knowledge.Pack.RuntimeDump dump = kb.runtimeDump(runtime.runtime());
        int at = p.position(runtime.joined().from());
        String state = at < native_.waitFrame() || dump == null || !dump.hidesCalls() || !p.named(at) || p.entry(at) == null ? null : waitState(p, at);
        if (state == null) {
            return native_;
        }
        List<Evidence> evidence = new ArrayList<>(native_.evidence());
        evidence.add(Evidence.of("state.dump-frame", p.index(at), p.entry(at).id(), Evidence.Says.WAIT, p.function(at), p.entry(at).meaning()));
        // its callers that wait too (Event.wait over Condition.wait) are the same wait
        return new Result(ThreadState.fromId(state), at, chainEnd(p, at), native_.confidence(), null, evidence);
    }

    /**
     * The frame is the dump's and the dump does not show the native calls its frames make (faulthandler, or a JVM's
     * native method on top): a frame no pack knows may still be blocked in a C call.
     */
    private boolean hidesCalls(CallPath p, int k) {
        dev.btexplain.model.RuntimeView runtime = p.thread().runtime();
        if (runtime == null || p.entry(k) != null) {
            return false; // a frame a pack knows to be no wait runs
        }
        dev.btexplain.knowledge.Pack.RuntimeDump dump = kb.runtimeDump(runtime.runtime());
        dev.btexplain.model.RuntimeView.Joined joined = runtime.joined();
        int first = joined == null ? 0 : joined.from(); // the dump's innermost frame
        // faulthandler prints no C call at all (joined, gdb shows those above its frames); jstack none below a native method
        return dump != null && dump.hidesCalls() ? joined == null || p.index(k) == first : runtime.nativeTop() && p.index(k) == first;
    }

    /** Why the frames do not tell the state, as evidence the report words. */
    private static Evidence unknown(Evidence.Says says, Object... facts) {
        return Evidence.of("state.unknown", null, null, says, facts);
    }

    private Result classifyFrames(CallPath p, ProcessContext ctx) {
        List<Evidence> evidence = new ArrayList<>();
        // 1. gdb reported a fatal signal in this thread.
        if (ctx.crashHit(p.thread())) {
            evidence.add(Evidence.of("state.fatal-signal", null, null, Evidence.Says.FATAL_SIGNAL, ctx.crash().message()));
            int top = p.size() > 0 ? 0 : -1; // a thread printed without frames (a header twice, an empty stack)
            return new Result(ThreadState.CRASHED, top, top, Confidence.CERTAIN, null, evidence);
        }
        // 2. The abort path (abort, raise, assert, glibc's fatal errors) anywhere on the stack.
        int i = CrashFrames.abortPathFrame(p, rules);
        if (i >= 0) {
            evidence.add(Evidence.of("state.abort-path", p.index(i), p.entry(i).id(), Evidence.Says.ABORT_PATH, p.function(i),
                    p.entry(i).meaning()));
            return new Result(ThreadState.CRASHED, i, i, Confidence.CERTAIN, null, evidence);
        }
        // 2b. A signal handler running for a fatal signal: the handler's sig/signo argument names it.
        int handler = CrashFrames.handlerFrame(p, rules);
        if (handler >= 0) {
            evidence.add(Evidence.of("state.fatal-signal-handler", p.index(handler), null, Evidence.Says.FATAL_SIGNAL_HANDLER,
                    p.function(handler), CrashFrames.handledSignal(p, rules), p.index(handler + 1)));
            return new Result(ThreadState.CRASHED, handler, handler, Confidence.LIKELY, null, evidence);
        }
        // 2c. A runtime's own dump says what the thread waits for (a JVM's BLOCKED (on object monitor)): certain.
        Result byRuntime = byRuntime(p, evidence);
        if (byRuntime != null) {
            return byRuntime;
        }
        // 3. The innermost named frame: a known wait gives the state, refined by its callers.
        int k = p.firstNamed(0);
        if (k < 0) {
            boolean dumped = p.thread().runtime() != null && p.size() == 0;
            return new Result(ThreadState.UNKNOWN, -1, -1, Confidence.POSSIBLE, unknown(dumped ? Evidence.Says.RUNTIME_NO_FRAMES
                    : p.size() == 0 ? Evidence.Says.NO_FRAME : Evidence.Says.NO_SYMBOL), evidence);
        }
        // the scheduler and the kernel's report printing are not what the task does: their callers say it
        int yielded = -1;
        while (k >= 0 && (p.category(k) == Category.YIELD || p.category(k) == Category.REPORT)) {
            yielded = p.category(k) == Category.YIELD ? k : yielded;
            k = p.firstNamed(k + 1);
        }
        if (k < 0) {
            return new Result(ThreadState.UNKNOWN, -1, -1, Confidence.POSSIBLE, unknown(Evidence.Says.NO_SYMBOL_OUTSIDE_SCHEDULER), evidence);
        }
        if (yielded >= 0 && waitState(p, k) == null) {
            return new Result(ThreadState.UNKNOWN, -1, -1, Confidence.POSSIBLE, unknown(Evidence.Says.SLEEPS_IN_KERNEL,
                    p.function(yielded), p.function(k)), evidence);
        }
        int w = k;
        if (waitState(p, w) != null && p.entry(w).needsKnownCaller()) {
            // syscall() alone says nothing: its caller says which wait it is.
            int caller = nextChainFrame(p, w);
            int named = p.firstNamed(w + 1);
            if (caller < 0 && named >= 0 && named <= w + 1 + MAX_UNNAMED_IN_CHAIN && p.entry(named) != null
                    && waitState(p, named) == null && p.entry(named).category() != Category.ABORT) {
                // a known caller that is no wait (a futex wake): the thread runs that system call, it does not wait
                evidence.add(Evidence.of("state.running", p.index(named), p.entry(named).id(), Evidence.Says.CALLED_FROM_NON_WAIT,
                        p.function(w), p.function(named), p.entry(named).meaning()));
                return new Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
            }
            if (caller < 0 || waitState(p, caller) == null) {
                return new Result(ThreadState.UNKNOWN, -1, -1, Confidence.POSSIBLE, unknown(Evidence.Says.RAW_SYSCALL, p.function(w)),
                        evidence);
            }
        }
        // a name rule (a function named like a lock) says what a wait inside it is, never that a thread caught in its
        // own code waits: the innermost frame of a wait is one a pack knows
        String state = kb.isNameRule(p.entry(w)) ? null : waitState(p, w);
        if (state == null) {
            if (hidesCalls(p, k)) {
                return new Result(ThreadState.UNKNOWN, -1, -1, Confidence.POSSIBLE, unknown(Evidence.Says.RUNTIME_HIDES_CALLS,
                        p.function(k)), evidence);
            }
            // a named frame that is not a wait: the thread runs its own code, unless unnamed frames hide what runs
            if (k == 0 || allInlinedOrNamed(p, k)) {
                evidence.add(Evidence.of("state.running", p.index(k), p.entry(k) == null ? null : p.entry(k).id(),
                        Evidence.Says.TOP_NOT_A_WAIT, p.function(k)));
                return new Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
            }
            if (unnamedOwnCodeRuns(p, k)) {
                evidence.add(Evidence.of("state.own-code-running", p.index(k), p.entry(k) == null ? null : p.entry(k).id(),
                        Evidence.Says.OWN_CODE_RUNNING, p.function(k)));
                return new Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
            }
            if (unnamedLibraryCodeRuns(p, k)) {
                evidence.add(Evidence.of("state.library-code-running", p.index(k), p.entry(k) == null ? null : p.entry(k).id(),
                        Evidence.Says.LIBRARY_CODE_RUNNING, p.function(k), p.frame(0).library()));
                return new Result(ThreadState.RUNNING, -1, -1, Confidence.POSSIBLE, null, evidence);
            }
            return new Result(ThreadState.UNKNOWN, -1, -1, Confidence.POSSIBLE, unknown(Evidence.Says.UNNAMED_TOP_NOT_A_WAIT,
                    p.function(k)), evidence);
        }
        Category inner = p.category(w);
        evidence.add(Evidence.of("state.wait", p.index(w), p.entry(w).id(), Evidence.Says.WAIT, p.function(w), p.entry(w).meaning()));
        int end = w;
        boolean settled = false;
        for (int j = nextChainFrame(p, w), before = w; j >= 0; before = j, j = nextChainFrame(p, j)) {
            end = j;
            if (settled) {
                continue;
            }
            StateRules.Refinement r = rules.refineAdjacent(p.category(before), p.category(j));
            settled = r != null;
            r = r != null ? r : rules.refine(inner, p.category(j));
            if (r != null && !r.state().equals(state)) {
                state = r.state();
                evidence.add(Evidence.of("state.refinement", p.index(j), p.entry(j).id(), Evidence.Says.REFINEMENT, p.function(j),
                        r.why()));
            }
        }
        // a call whose arguments make it return at once (send with MSG_DONTWAIT, poll with a zero timeout) is no wait
        for (int j = w; j <= end; j++) {
            FunctionEntry e = p.named(j) ? p.entry(j) : null;
            FunctionEntry.ArgumentRule rule = e == null || e.argumentRules().isEmpty() ? null : e.ruleFor(p.args(j));
            if (rule != null && rule.nonblocking()) {
                evidence.add(Evidence.of("state.nonblocking", p.index(j), e.id(), Evidence.Says.NONBLOCKING_RULE, p.function(j), rule.why()));
                return new Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
            }
        }
        // ...and so is I/O a caller makes on a non-blocking descriptor (Boost.Asio's non_blocking_send1 over send)
        for (int j = end + 1; j < Math.min(p.size(), end + 1 + NONBLOCKING_CALLER_REACH); j++) {
            FunctionEntry e = p.named(j) ? p.entry(j) : null;
            if (e != null && e.nonblockingCalls()) {
                evidence.add(Evidence.of("state.nonblocking", p.index(j), e.id(), Evidence.Says.NONBLOCKING_DESCRIPTOR, p.function(w),
                        p.function(j)));
                return new Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
            }
        }
        Confidence c = k == 0 || allInlinedOrNamed(p, k) ? Confidence.CERTAIN : Confidence.LIKELY;
        return new Result(ThreadState.fromId(state), w, end, c, null, evidence);
    }

    /** The state a frame's category gives, or null when it is not a wait. */
    private String waitState(CallPath p, int i) {
        Category c = p.category(i);
        return c == null || c == Category.ABORT ? null : rules.byCategory().get(c);
    }

    /** The next frame out that continues the wait (a known wait, across at most two unnamed frames), or -1. */
    private int nextChainFrame(CallPath p, int from) {
        int unnamed = 0;
        for (int j = from + 1; j < p.size(); j++) {
            if (p.unreliable(j)) {
                continue;
            }
            if (!p.named(j)) {
                if (++unnamed > MAX_UNNAMED_IN_CHAIN) {
                    return -1;
                }
                continue;
            }
            return waitState(p, j) != null || p.category(j) == Category.ABORT ? j : -1;
        }
        return -1;
    }

    /**
     * Every unnamed frame above frame k is own code of a program that blocks only through named library calls: printed
     * with a library of the program, or, printed with none (gdb names no object for an address in none: a wild jump),
     * near a named frame of the executable.
     */
    private boolean unnamedOwnCodeRuns(CallPath p, int k) {
        for (int i = 0; i < k; i++) {
            Frame f = p.frame(i);
            if (!p.named(i) && (f.signalHandler() || !kb.unnamedOwnCodeRuns(f) || f.library() == null && !nearExecutableCode(p, f))) {
                return false;
            }
        }
        return true;
    }

    /** The unnamed frames above frame k are all a shared library's that waits only through the C library. */
    private boolean unnamedLibraryCodeRuns(CallPath p, int k) {
        for (int i = 0; i < k; i++) {
            if (!p.named(i) && !p.unreliable(i) && !kb.unnamedLibraryCodeRuns(p.frame(i))) {
                return false;
            }
        }
        return k > 0;
    }

    /** How far apart two addresses of one executable's code may be: more than any program's text. */
    private static final long SAME_TEXT = 64L << 20;

    private boolean nearExecutableCode(CallPath p, Frame unnamed) {
        for (int j = 0; j < p.size(); j++) {
            Frame f = p.frame(j);
            // a named frame of no library (by path or source file): the executable's
            if (p.named(j) && f.library() == null && kb.libraryOf(f) == null && f.hasAddress() && unnamed.hasAddress()
                    && Math.abs(f.pc() - unnamed.pc()) < SAME_TEXT && !f.isUnknownFunction()) {
                return true;
            }
        }
        return false;
    }

    /** No unnamed frame above frame k (the signal marker does not count). */
    private static boolean allInlinedOrNamed(CallPath p, int k) {
        for (int i = 0; i < k; i++) {
            if (!p.named(i) && !p.signalHandler(i) && !p.unreliable(i)) {
                return false;
            }
        }
        return true;
    }
}
