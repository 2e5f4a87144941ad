package dev.btexplain.knowledge;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From {@code knowledge/states.json}: the contract's thread states with a generic sentence each, the state a
 * category of wait gives, and the refinements by caller ("a futex wait inside a condvar wait is the condvar").
 *
 * @param texts             generic sentence template by state id
 * @param meanings          what each state means, in a few words
 * @param byCategory        the state a wait category gives
 * @param refinements       (inner category, outer category) pairs that decide the state instead
 * @param fatalSignals      signals that end the process when they reach it ("SIGSEGV")
 * @param fatalSignalNumbers their numbers ("11" → "SIGSEGV"), to read a signal handler's argument
 * @param signalNumbers     every signal by its number, for gdb's "Program terminated with signal 11"
 * @param waitKinds         what a wait can wait for, by id
 * @param kindByCategory    the wait kind a category gives when the function entry does not say
 * @param signalCodes       what a siginfo's si_code says of where a signal came from
 * @param runtimeStates     the wait category a language runtime's own thread state gives (a JVM's "BLOCKED (on object monitor)")
 * @param runningInWaitText the sentence of a thread caught in a wait the kernel showed it running through (a write to
 *                          /dev/null): not blocked there
 */
public record StateRules(Map<String, String> texts, Map<String, String> meanings, Map<Category, String> byCategory, List<Refinement> refinements,
                         Set<String> fatalSignals, Map<String, String> fatalSignalNumbers, Map<String, String> signalNumbers,
                         Map<String, WaitKind> waitKinds, Map<Category, String> kindByCategory, List<SignalCode> signalCodes,
                         List<RuntimeState> runtimeStates, String runningInWaitText) {

    public StateRules {
        texts = Map.copyOf(texts);
        meanings = Map.copyOf(meanings);
        byCategory = Map.copyOf(byCategory);
        refinements = List.copyOf(refinements);
        fatalSignals = Set.copyOf(fatalSignals);
        fatalSignalNumbers = Map.copyOf(fatalSignalNumbers);
        signalNumbers = Map.copyOf(signalNumbers);
        waitKinds = Map.copyOf(waitKinds);
        kindByCategory = Map.copyOf(kindByCategory);
        signalCodes = List.copyOf(signalCodes);
        runtimeStates = List.copyOf(runtimeStates);
    }

    /**
     * A runtime's thread state as a wait: {@code state} matches the state it printed, {@code parkedOn} (when given) the
     * class of the object a parked thread waits for; the first that matches gives the category. Or, {@code onCpu}, a
     * state that says the thread was on a CPU when the dump was taken (py-spy's "active"), with no category: the frames
     * say what it does, and when they cannot, it runs.
     */
    public record RuntimeState(String runtime, java.util.regex.Pattern state, java.util.regex.Pattern parkedOn, Category category,
                               boolean onCpu, String source) {
    }

    /** The category a runtime's printed state gives (the first rule that matches), or null when none says. */
    public RuntimeState runtimeState(String runtime, String state, String parkedOnType) {
        for (RuntimeState r : runtimeStates) {
            if (r.runtime().equals(runtime) && state != null && r.state().matcher(state).find()
                    && (r.parkedOn() == null || parkedOnType != null && r.parkedOn().matcher(parkedOnType).find())) {
                return r;
            }
        }
        return null;
    }

    /**
     * One si_code: of any signal ({@code signal} null) or of one; {@code sent}: another process (or the process itself)
     * sent the signal, it is no fault of the code the thread ran.
     */
    public record SignalCode(String signal, int code, String name, boolean sent, String text) {
    }

    /** What si_code says of a signal, or null when the knowledge does not say. */
    public SignalCode signalCode(String signal, int code) {
        SignalCode any = null;
        for (SignalCode c : signalCodes) {
            if (c.code() == code && signal.equals(c.signal())) {
                return c;
            }
            if (c.code() == code && c.signal() == null) {
                any = c;
            }
        }
        return any;
    }

    /**
     * What a wait can wait for.
     *
     * @param stuckIfUnchanged the same wait with the same stack in consecutive samples means the thread cannot go on
     * @param onThread         it waits for another thread of the process (a lock's holder, a joined thread)
     * @param pacesWork        a pause that is part of work going on (a rate limit): the thread counts as running
     * @param working          the wait is work in progress the process is doing (file or disk I/O): while it lasts the
     *                         process is busy, not idle and not yet hung
     * @param text             the sentence for a thread in such a wait, when the state's says it wrong (a read waits
     *                         for another process, not for the kernel), null when the state's is right
     * @param returnsAtOnceInLoops a read or write that, called from an event loop's callback, is on a descriptor the
     *                         loop made non-blocking: it returns at once
     */
    public record WaitKind(String id, String label, boolean stuckIfUnchanged, boolean onThread, boolean pacesWork,
                           boolean working, String text, boolean returnsAtOnceInLoops) {
    }

    /** The kind of what a known wait function waits for: the entry's own, else its category's; null when not a wait. */
    public WaitKind kindOf(FunctionEntry e) {
        if (e == null) {
            return null;
        }
        String id = e.waitKind() != null ? e.waitKind() : kindByCategory.get(e.category());
        return id == null ? null : waitKinds.get(id);
    }

    /**
     * A wait of category {@code inner} called from one of category {@code outer} is {@code state}. {@code adjacent}:
     * {@code inner} is the chain frame right inside {@code outer}, not the innermost wait, and the state is settled.
     */
    public record Refinement(Category inner, Category outer, String state, boolean adjacent, String why) {
    }

    /** The refinement for this pair of the innermost wait and a caller, or null. */
    public Refinement refine(Category inner, Category outer) {
        return find(inner, outer, false);
    }

    /** The settling refinement for a chain frame and its caller just outside it, or null. */
    public Refinement refineAdjacent(Category inner, Category outer) {
        return find(inner, outer, true);
    }

    private Refinement find(Category inner, Category outer, boolean adjacent) {
        for (Refinement r : refinements) {
            if (r.inner() == inner && r.outer() == outer && r.adjacent() == adjacent) {
                return r;
            }
        }
        return null;
    }
}
