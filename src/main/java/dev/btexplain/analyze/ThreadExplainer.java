package dev.btexplain.analyze;

import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.LockRules;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.ObjectArgument;
import dev.btexplain.knowledge.Pack;
import dev.btexplain.knowledge.RoleDefinition;
import dev.btexplain.knowledge.StateRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a thread's call path into its {@link ThreadExplanation}: role and state from the classifiers, then a
 * sentence from the role's template for that state (roles.json) or the state's generic one (states.json),
 * filled with what the frames' arguments say: the object waited on and the timeout in its real unit. Not thread-safe:
 * each worker explains with its own.
 */
final class ThreadExplainer {
    /** The wait kind (states.json) of a guest CPU halted in the kernel. */
    private static final String GUEST_HALTED = "guest-halted";
    /** The argument units (a function entry's "arguments") of a count of file descriptors and of their array. */
    private static final String DESCRIPTOR_COUNT = "descriptor-count";
    private static final String DESCRIPTORS = "descriptors";

    private final KnowledgeBase kb;
    private final RoleClassifier roles;
    private final StateClassifier states;

    /** @param shareEqual keep one instance of equal values (see {@link #same}): worth its hashing in a large listing only */
    ThreadExplainer(KnowledgeBase kb, boolean shareEqual) {
        this.kb = kb;
        this.shared = shareEqual ? new java.util.HashMap<>() : null;
        this.roles = new RoleClassifier(kb);
        this.states = new StateClassifier(kb);
    }

    ThreadExplanation explain(CallPath p, ProcessContext ctx) {
        return explain(p, ctx, roles.classify(p, ctx));
    }

    /** The thread explained with a role found outside its own stack (see {@link RoleByAddress}). */
    ThreadExplanation explain(CallPath p, ProcessContext ctx, RoleClassifier.Result role) {
        StateClassifier.Result state = states.classify(p, ctx);
        StateRules.WaitKind kind = waitKind(p, state);
        int loop = kind != null && kind.returnsAtOnceInLoops() ? loopCallingBack(p, state) : -1;
        if (loop >= 0) {
            // an event loop's callback reading or writing a descriptor the loop watches: non-blocking, it returns at once
            List<Evidence> evidence = new ArrayList<>(state.evidence());
            evidence.add(Evidence.of("state.in-loop-callback", p.index(loop), p.entry(loop).id(), Evidence.Says.IN_LOOP_CALLBACK,
                    p.function(state.waitFrame()), p.name(loop)));
            state = new StateClassifier.Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
            kind = null;
        }
        List<WaitsOn> details = new ArrayList<>();
        Wait wait = wait(p, state, details);
        List<HomeWaits.Miss> misses = new ArrayList<>();
        HomeWaits.Match home = HomeWaits.match(p, role.role(), state, kind, wait.function(), kb, misses);
        dev.btexplain.model.ProcessFacts.TaskFacts task = ctx.task(p.thread()); // what /proc showed of it, null when not read
        Evidence kernelBusy = kernelBusy(task, state);
        Evidence why = kernelBusy != null ? kernelBusy : activityWhy(p, role, state, home, misses, kind, ctx);
        Activity activity = kernelBusy != null ? Activity.RUNNING : activity(state, home, why, kind);
        Confidence activityConfidence = activity == Activity.IDLE && home != null ? home.confidence()
                : kernelBusy != null || why.rule().equals("activity.work-wait") ? Confidence.LIKELY : state.confidence();
        ThreadExplanation.Sentence sentence = new ThreadExplanation.Sentence(template(role.role(), state.state(), activity, kind, p, task),
                role.entryFrame() >= 0 && kb.kind(role.role().pack()) == Pack.Kind.PROGRAM ? p.function(role.entryFrame()) : null,
                ctx.crashHit(p.thread()), ctx.crashHit(p.thread()) ? ctx.crash().signal() : null, state.why());
        List<Evidence> evidence = new ArrayList<>(role.evidence().size() + state.evidence().size() + 1);
        evidence.addAll(role.evidence());
        evidence.addAll(state.evidence());
        evidence.add(why);
        if (shared != null) {
            p.forgetArgs(); // a large listing's: a small one's are read again by the lock graph and the diagnosis
        }
        return new ThreadExplanation(p, role.role(), same(role.who()), role.confidence(), state.state(), state.confidence(),
                same(sentence), same(List.copyOf(details)), state.waitFrame(), state.chainEnd(), same(wait), kind, activity,
                activityConfidence, home == null ? null : home.home(), same(why), same(List.copyOf(evidence)),
                kernelView(task, state.state()));
    }

    /**
     * The kernel saw the thread work over the window before gdb attached (running, or a share of a CPU at least the
     * generic pack's busy_cpu_percent), whatever wait gdb then caught it in: evidence in hand that it is not idle. Null
     * when no live capture measured it or it did not work.
     */
    private Evidence kernelBusy(dev.btexplain.model.ProcessFacts.TaskFacts t, StateClassifier.Result state) {
        if (t == null || state.state() == ThreadState.CRASHED || state.state() == ThreadState.RUNNING) {
            return null;
        }
        long percent = cpuPercent(t);
        if (percent >= kb.busyCpuPercent() || t.state() == 'R' && state.state().isWaiting() && percent < 0) {
            return Evidence.of("activity.kernel-busy", null, null, Evidence.Says.KERNEL_BUSY, percent >= 0 ? percent : null,
                    t.windowMillis());
        }
        return null;
    }

    /** The thread's share of a CPU over the window, in percent (0 to 100), -1 when it was not measured. */
    static long cpuPercent(dev.btexplain.model.ProcessFacts.TaskFacts t) {
        // USER_HZ, the unit of /proc's tick counts, is 100 on Linux; a tick counted at the window's edge can make a
        // thread that ran throughout read a little over 100 %, which one thread cannot use
        return t.cpuTicks() < 0 || t.windowMillis() <= 0 ? -1 : Math.min(100, Math.round(t.cpuTicks() * 10.0 * 100 / t.windowMillis()));
    }

    /** One instance of each equal text, evidence and list (null: none kept): 75,000 threads kept a copy each (one per worker). */
    private final Map<Object, Object> shared;

    @SuppressWarnings("unchecked")
    private <T> T same(T value) {
        if (value == null || shared == null) {
            return value;
        }
        Object known = shared.putIfAbsent(value, value);
        return known == null ? value : (T) known;
    }

    private String template(RoleDefinition role, ThreadState state, Activity activity, StateRules.WaitKind kind, CallPath p,
                            dev.btexplain.model.ProcessFacts.TaskFacts task) {
        if (task != null && task.state() == 'R' && state.isWaiting()) {
            return kb.states().runningInWaitText(); // the kernel had it running: in the call, not blocked in it
        }
        for (RoleDefinition.Template t : role.explain()) {
            if ((t.state().equals(state.id()) || t.state().equals("*")) && (t.whenFrame() == null || p.indexOf(t.whenFrame()) >= 0)
                    && (t.activity() == null || t.activity().equals(activity.id()))) {
                return t.text();
            }
        }
        // a read waits for another process, not for the kernel: the wait kind says it when the state's words would not
        return kind != null && kind.text() != null && (state.isWaiting() || state == ThreadState.WAIT_MUTEX) ? kind.text()
                : kb.states().texts().get(state.id());
    }

    /**
     * What the wait is on, read from the arguments of the frames that make it up and of their caller; each object and
     * limit printed in the arguments is added to {@code details}.
     */
    private Wait wait(CallPath p, StateClassifier.Result state, List<WaitsOn> details) {
        int w = state.waitFrame();
        if (w < 0) {
            return Wait.NONE;
        }
        int end = Math.min(p.size() - 1, state.chainEnd() + 1);
        int called = w;
        for (int i = w; i <= state.chainEnd(); i++) {
            FunctionEntry e = p.entry(i);
            if (e != null && p.named(i) && (kb.kind(e.library()) == Pack.Kind.LIBRARY || kb.kind(e.library()) == Pack.Kind.RUNTIME
                    || kb.isNameRule(e) && e.category() == dev.btexplain.knowledge.Category.LOCK_ACQUIRE)) {
                // the outermost library or runtime call is the one the program made; a lock the name rule found is
                // the program's own lock function
                called = i;
            }
        }
        int lock = state.state() == ThreadState.WAIT_MUTEX ? LockGraph.lockFrames(p, w, state.chainEnd()) : w;
        if (lock != w && p.named(lock)) {
            called = lock; // a lock function that parks on a condition variable (a JVM monitor): the lock's wait
        }
        String function = FunctionEntry.calledName(p.name(called), p.named(called) ? p.entry(called) : null);
        String purpose = null;
        for (int i = end; i >= w && purpose == null; i--) {
            FunctionEntry e = p.entry(i);
            if (e != null && e.waitsFor() != null && p.named(i)) {
                purpose = e.waitsFor();
            }
        }
        String object = null;
        Timeout timeout = null;
        // a lock's own frames: not the condition variable a lock function parks on (a JVM monitor's)
        int first = state.state() == ThreadState.WAIT_MUTEX ? LockGraph.lockFrames(p, w, state.chainEnd()) : w;
        for (ObjectArgument o : kb.objects()) {
            if (!o.states().contains(state.state().id())) {
                continue;
            }
            for (int i = end; i >= first; i--) {
                if (p.entry(i) == null || !p.entry(i).library().equals(o.pack())) {
                    continue;
                }
                String v = p.args(i).get(o.argument());
                if (Arguments.known(v) && !Arguments.nullPointer(v)) {
                    object = object == null ? o.label() + " " + v : object;
                    String value = v;
                    if (details.stream().noneMatch(d -> d instanceof WaitsOn.Object x && x.value().equals(value))) {
                        // the futex word of a mutex is the mutex: said once
                        details.add(o.lock() ? knownLock(p, o.label(), v, state) : new WaitsOn.Object(o.label(), v, null, null, false));
                    }
                    break;
                }
            }
        }
        for (int i = w; i <= end && timeout == null; i++) {
            FunctionEntry e = p.entry(i);
            if (e == null || e.arguments().isEmpty()) {
                continue;
            }
            Map<String, String> args = p.args(i);
            for (Map.Entry<String, String> a : args.entrySet()) {
                String unit = e.unitOf(a.getKey());
                if (unit != null && Arguments.known(a.getValue())) {
                    Timeout d = timeout(a.getValue(), unit);
                    if (d != null) {
                        timeout = d;
                        details.add(new WaitsOn.Limit(d, p.function(i), a.getKey(), a.getValue()));
                        break;
                    }
                }
            }
        }
        for (int i = w; i <= end; i++) {
            FunctionEntry e = p.named(i) ? p.entry(i) : null;
            String countArgument = e == null ? null : e.argumentOf(DESCRIPTOR_COUNT);
            String count = countArgument == null ? null : p.args(i).get(countArgument);
            if (Arguments.known(count)) {
                String list = e.argumentOf(DESCRIPTORS);
                String listed = list == null ? null : p.args(i).get(list);
                details.add(new WaitsOn.Descriptors(count, list, Arguments.known(listed) ? listed : null));
                break;
            }
        }
        return new Wait(function, object, timeout, purpose);
    }

    /** {@link Timeout#read}, once per value and unit: the threads of a large listing repeat a few timeouts. */
    private Timeout timeout(String value, String unit) {
        Map<String, Optional<Timeout>> byValue = timeouts.computeIfAbsent(unit, u -> new java.util.HashMap<>());
        Optional<Timeout> d = byValue.get(value);
        if (d == null) {
            d = Optional.ofNullable(Timeout.read(value, unit));
            if (byValue.size() < 4096) {
                byValue.put(value, d);
            }
        }
        return d.orElse(null);
    }

    private final Map<String, Map<String, Optional<Timeout>>> timeouts = new java.util.HashMap<>();

    private static final java.util.regex.Pattern SYMBOL_OFFSET = java.util.regex.Pattern.compile("\\+\\d+$"); // <lock+8>
    /**
     * A lock argument, and the known lock it is (the Big QEMU Lock): by the symbol gdb printed with its address, or, for
     * a lock wait, by the lock function on the wait that names it, and for a condition variable's mutex, by a caller
     * whose knowledge says which lock it gives the wait.
     */
    private WaitsOn.Object knownLock(CallPath p, String label, String value, StateClassifier.Result state) {
        int open = value.indexOf('<');
        LockRules.Symbol known = open < 0 ? null
                : kb.locks().bySymbol(SYMBOL_OFFSET.matcher(value.substring(open + 1, value.length() - 1)).replaceFirst(""));
        if (known != null) {
            return new WaitsOn.Object(label, value, known.label(), null, false);
        }
        boolean condvar = state.state() == ThreadState.WAIT_CONDVAR;
        for (int i = state.waitFrame(); i < p.size() && (condvar || i <= state.chainEnd()); i++) {
            FunctionEntry e = p.entry(i);
            String lock = e == null || !p.named(i) ? null : condvar ? e.condvarLock() : e.lock();
            if (lock != null) {
                known = kb.locks().byLock(lock);
                return new WaitsOn.Object(label, value, known == null ? null : known.label(), known == null ? null : p.name(i), condvar);
            }
        }
        return new WaitsOn.Object(label, value, null, null, false);
    }

    /** Idle only at a home wait (or a guest CPU the kernel shows halted); any other wait is a wait inside work. */
    private static Activity activity(StateClassifier.Result state, HomeWaits.Match home, Evidence why, StateRules.WaitKind kind) {
        return switch (state.state()) {
            case CRASHED -> Activity.CRASHED;
            case UNKNOWN -> Activity.UNKNOWN;
            case RUNNING -> Activity.RUNNING;
            case GUEST_EXEC -> why.rule().equals("activity.guest-halted") ? Activity.IDLE : Activity.RUNNING;
            // a pause that paces work in progress (a rate limit) is part of that work
            default -> home != null ? Activity.IDLE : kind != null && (kind.pacesWork() || kind.working())
                    || why.rule().equals("activity.work-wait") ? Activity.RUNNING : Activity.WAITING;
        };
    }

    /** Why the thread has its activity: the home wait it is at, the kernel's halted guest CPU, or why it is not home. */
    private Evidence activityWhy(CallPath p, RoleClassifier.Result role, StateClassifier.Result state, HomeWaits.Match home,
                                 List<HomeWaits.Miss> misses, StateRules.WaitKind kind, ProcessContext ctx) {
        if (home != null) {
            return home.evidence();
        }
        if (kind != null && kind.working()) {
            return Evidence.of("activity.working", p.index(state.waitFrame()), null, Evidence.Says.WORKING, kind.label());
        }
        Evidence inWork = HomeWaits.workWait(p, role.role(), state);
        if (inWork != null) {
            return inWork;
        }
        dev.btexplain.model.ProcessFacts.TaskFacts t = ctx.task(p.thread());
        String halted = state.state() == ThreadState.GUEST_EXEC && t != null ? guestHalted(t) : null;
        if (halted != null) {
            return Evidence.of("activity.guest-halted", null, null, Evidence.Says.GUEST_HALTED, halted,
                    kb.states().waitKinds().get(GUEST_HALTED).label());
        }
        if (state.state() == ThreadState.UNKNOWN) {
            return state.why().as("activity.unknown");
        }
        if (state.waitFrame() < 0) {
            return Evidence.of("activity." + state.state().id(), null, null, Evidence.Says.STATE_ONLY, state.state().id());
        }
        if (!misses.isEmpty()) {
            return misses.get(0).evidence();
        }
        if (role.role().homeWaits().isEmpty()) {
            return Evidence.of("activity.no-home-wait", state.waitFrame() < 0 ? null : p.index(state.waitFrame()),
                    role.role().id(), Evidence.Says.NO_HOME_WAIT, role.role().label());
        }
        int work = HomeWaits.workFrame(p, role.role(), state);
        String names = homeNames(role.role());
        return Evidence.of("activity.not-home", work >= 0 ? p.index(work) : state.waitFrame() < 0 ? null : p.index(state.waitFrame()),
                role.role().id(), Evidence.Says.NOT_HOME, role.role().label(), names, work < 0 ? null : p.name(work),
                work < 0 ? null : p.index(work));
    }

    private static String homeNames(RoleDefinition role) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        role.homeWaits().forEach(h -> names.addAll(h.waits().isEmpty() ? h.through() : h.waits()));
        return String.join(", ", names);
    }

    /**
     * What the wait waits for: what the outermost frame of the wait that says it asked for (pthread_join: a join,
     * synchronize_rcu: a grace period), else the kind of the wait that decided the state.
     */
    private StateRules.WaitKind waitKind(CallPath p, StateClassifier.Result state) {
        if (state.waitFrame() < 0) {
            return null;
        }
        StateRules rules = kb.states();
        StateRules.RuntimeState byRuntime = StateClassifier.runtimeWait(p, rules);
        if (byRuntime != null) {
            String kind = rules.kindByCategory().get(byRuntime.category());
            return kind == null ? null : rules.waitKinds().get(kind);
        }
        for (int i = state.chainEnd(); i >= state.waitFrame(); i--) {
            FunctionEntry e = p.entry(i);
            // arguments may make it another wait: select with no descriptors waits for a signal
            FunctionEntry.ArgumentRule rule = e == null || !p.named(i) || e.argumentRules().isEmpty() ? null : e.ruleFor(p.args(i));
            if (rule != null && rule.waitKind() != null) {
                return rules.waitKinds().get(rule.waitKind());
            }
            if (e != null && p.named(i) && e.waitKind() != null) {
                return rules.waitKinds().get(e.waitKind());
            }
        }
        for (int i = state.chainEnd(); i >= state.waitFrame(); i--) {
            FunctionEntry e = p.entry(i);
            if (e != null && p.named(i) && state.state().id().equals(rules.byCategory().get(e.category()))) {
                return rules.kindOf(e);
            }
        }
        return rules.kindOf(p.entry(state.waitFrame()));
    }

    /** How far below a read or write an event loop's frame may be for the I/O to be one of its callbacks'. */
    private static final int CALLBACK_REACH = 4;

    /**
     * The event-loop frame of a library (libevent's, GLib's) a few frames below the wait, with nothing on the way that
     * is a wait or a request: the read or write is a callback's, on a descriptor the loop watches; -1 when none.
     */
    private int loopCallingBack(CallPath p, StateClassifier.Result state) {
        for (int j = state.chainEnd() + 1; j < p.size() && j <= state.chainEnd() + CALLBACK_REACH; j++) {
            FunctionEntry e = p.named(j) ? p.entry(j) : null;
            if (e == null) {
                continue;
            }
            if (e.request() || kb.states().byCategory().containsKey(e.category())) {
                return -1;
            }
            if (e.category() == dev.btexplain.knowledge.Category.EVENT_LOOP && kb.kind(e.library()) == Pack.Kind.LIBRARY) {
                return j;
            }
        }
        return -1;
    }

    /** What the kernel showed of the thread during a live capture, null without one. */
    private KernelView kernelView(dev.btexplain.model.ProcessFacts.TaskFacts t, ThreadState state) {
        if (t == null) {
            return null;
        }
        String halted = state == ThreadState.GUEST_EXEC ? guestHalted(t) : null;
        return same(new KernelView(t.state(), t.wchan(), cpuPercent(t), t.cpuTicks(), t.windowMillis(), halted,
                halted == null ? null : kb.states().waitKinds().get(GUEST_HALTED).label()));
    }

    /** The kernel function a vCPU thread's kernel stack shows it halted in (a KVM halt), or null. */
    private String guestHalted(dev.btexplain.model.ProcessFacts.TaskFacts t) {
        for (String f : t.kernelStack()) {
            StateRules.WaitKind kind = kb.states().kindOf(kb.lookupKernel(f));
            if (kind != null && kind.id().equals(GUEST_HALTED)) {
                return f;
            }
        }
        return null;
    }

}
