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
import java.util.Locale;
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

    private final KnowledgeBase kb;
    private final RoleClassifier roles;
    private final StateClassifier states;

    ThreadExplainer(KnowledgeBase kb) {
        this.kb = kb;
        this.roles = new RoleClassifier(kb);
        this.states = new StateClassifier(kb);
    }

    ThreadExplanation explain(CallPath p, ProcessContext ctx) {
        RoleClassifier.Result role = roles.classify(p, ctx);
        StateClassifier.Result state = states.classify(p, ctx);
        StateRules.WaitKind kind = waitKind(p, state);
        int loop = kind != null && kind.returnsAtOnceInLoops() ? loopCallingBack(p, state) : -1;
        if (loop >= 0) {
            // an event loop's callback reading or writing a descriptor the loop watches: non-blocking, it returns at once
            List<Evidence> evidence = new ArrayList<>(state.evidence());
            evidence.add(new Evidence("state.in-loop-callback", p.index(loop), p.entry(loop).id(), p.function(state.waitFrame())
                    + " is called from a callback of " + p.name(loop) + "'s event loop, whose descriptors are non-blocking: it returns at once"));
            state = new StateClassifier.Result(ThreadState.RUNNING, -1, -1, Confidence.LIKELY, null, evidence);
            kind = null;
        }
        Wait wait = wait(p, state);
        List<HomeWaits.Miss> misses = new ArrayList<>();
        HomeWaits.Match home = HomeWaits.match(p, role.role(), state, kind, wait.function, kb, misses);
        Evidence kernelBusy = kernelBusy(p, state, ctx);
        Evidence why = kernelBusy != null ? kernelBusy : activityWhy(p, role, state, home, misses, kind, ctx);
        Activity activity = kernelBusy != null ? Activity.RUNNING : activity(state, home, why, kind);
        Confidence activityConfidence = activity == Activity.IDLE && home != null ? home.confidence()
                : kernelBusy != null ? Confidence.LIKELY : state.confidence();
        String text = fill(template(role.role(), state.state(), activity, kind, p), p, role, state, wait, ctx);
        text += signalHandler(p) + kernelView(p, state.state(), ctx);
        if (role.confidence() != Confidence.CERTAIN && !role.role().id().equals("unknown")) {
            text += " (Role " + role.confidence().id() + ": " + role.evidence().get(0).text() + ".)";
        }
        List<Evidence> evidence = new ArrayList<>(role.evidence());
        evidence.addAll(state.evidence());
        evidence.add(why);
        p.forgetArgs();
        return new ThreadExplanation(p, role.role(), same(role.who()), role.confidence(), state.state(), state.confidence(),
                same(text), same(List.copyOf(wait.details)), state.waitFrame(), state.chainEnd(), wait.function, kind, activity,
                activityConfidence, home == null ? null : home.home(), same(why), same(List.copyOf(evidence)), ctx.task(p.thread()));
    }

    /**
     * The kernel saw the thread work over the window before gdb attached (running, or a share of a CPU at least the
     * generic pack's busy_cpu_percent), whatever wait gdb then caught it in: evidence in hand that it is not idle. Null
     * when no live capture measured it or it did not work.
     */
    private Evidence kernelBusy(CallPath p, StateClassifier.Result state, ProcessContext ctx) {
        dev.btexplain.model.ProcessFacts.TaskFacts t = ctx.task(p.thread());
        if (t == null || state.state() == ThreadState.CRASHED || state.state() == ThreadState.RUNNING) {
            return null;
        }
        long percent = cpuPercent(t);
        if (percent >= kb.busyCpuPercent() || t.state() == 'R' && state.state().isWaiting() && percent < 0) {
            return new Evidence("activity.kernel-busy", null, null, "the kernel showed it "
                    + (percent >= 0 ? "using about " + Math.min(percent, 100) + " % of a CPU over " + t.windowMillis() + " ms"
                    : "running (R)") + " just before gdb attached: it works between the waits gdb caught it in");
        }
        return null;
    }

    /** The thread's share of a CPU over the window, in percent (0 to 100), -1 when it was not measured. */
    static long cpuPercent(dev.btexplain.model.ProcessFacts.TaskFacts t) {
        // USER_HZ, the unit of /proc's tick counts, is 100 on Linux; a tick counted at the window's edge can make a
        // thread that ran throughout read a little over 100 %, which one thread cannot use
        return t.cpuTicks() < 0 || t.windowMillis() <= 0 ? -1 : Math.min(100, Math.round(t.cpuTicks() * 10.0 * 100 / t.windowMillis()));
    }

    /**
     * One instance of each equal text, evidence and list of them for the threads this explainer explains: threads of
     * the same shape say the same sentences, and a listing of 75,000 threads kept a copy of each per thread (the
     * largest part of the heap). Each worker has its own explainer, so this map is never shared.
     */
    private final Map<Object, Object> shared = new java.util.HashMap<>();

    @SuppressWarnings("unchecked")
    private <T> T same(T value) {
        if (value == null) {
            return null;
        }
        Object known = shared.putIfAbsent(value, value);
        return known == null ? value : (T) known;
    }

    private String template(RoleDefinition role, ThreadState state, Activity activity, StateRules.WaitKind kind, CallPath p) {
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

    private String fill(String template, CallPath p, RoleClassifier.Result role, StateClassifier.Result state,
                               Wait wait, ProcessContext ctx) {
        StringBuilder text = new StringBuilder(template.length() + 64);
        for (String part : parts(template)) {
            if (!isPlaceholder(part)) {
                text.append(part);
                continue;
            }
            text.append(switch (part) {
                case "{who}" -> role.who();
                case "{whom}" -> lowerFirst(role.who());
                case "{subject}" -> role.entryFrame() >= 0 && kb.kind(role.role().pack()) == Pack.Kind.PROGRAM
                        ? p.function(role.entryFrame()) : "This thread";
                case "{wait}" -> wait.function;
                case "{timeout}" -> wait.timeout;
                case "{object}" -> wait.object;
                case "{purpose}" -> wait.purpose;
                case "{top}" -> p.topName();
                case "{caller}" -> caller(p, state);
                case "{crash}" -> crash(p, state, ctx); // names a frame: only templates of crashed threads ask
                case "{why}" -> state.why() == null ? "" : state.why();
                default -> part; // not a placeholder of ours: printed as written
            });
        }
        capitalize(text);
        return text.toString();
    }

    /** A template cut at its placeholders ("{who}"), once per template: a large listing fills one per thread. */
    private static List<String> parts(String template) {
        return PARTS.computeIfAbsent(template, t -> {
            List<String> parts = new ArrayList<>();
            int from = 0;
            for (int open = t.indexOf('{'); open >= 0; open = t.indexOf('{', from)) {
                int close = t.indexOf('}', open);
                if (close < 0) {
                    break;
                }
                parts.add(t.substring(from, open));
                parts.add(t.substring(open, close + 1));
                from = close + 1;
            }
            parts.add(t.substring(from));
            return List.copyOf(parts);
        });
    }

    private static boolean isPlaceholder(String part) {
        return part.length() > 2 && part.charAt(0) == '{' && part.charAt(part.length() - 1) == '}';
    }

    private static final Map<String, List<String>> PARTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The nearest frame outside the wait: who waits ("aio_poll", or "an unnamed function of the program at 0x…"). */
    private static String caller(CallPath p, StateClassifier.Result state) {
        int i = p.callerOf(state.chainEnd() < 0 ? -1 : state.chainEnd());
        return i < 0 ? "an unnamed frame" : p.describe(i);
    }

    /** What the wait is on, read from the arguments of the frames that make it up and of their caller. */
    private record Wait(String function, String timeout, String object, String purpose, List<String> details) {
    }

    private Wait wait(CallPath p, StateClassifier.Result state) {
        int w = state.waitFrame();
        if (w < 0) {
            return new Wait("", "", "", "", List.of());
        }
        int end = Math.min(p.size() - 1, state.chainEnd() + 1);
        String function = p.name(w);
        for (int i = w; i <= state.chainEnd(); i++) {
            FunctionEntry e = p.entry(i);
            if (e != null && p.named(i) && (kb.kind(e.library()) == Pack.Kind.LIBRARY || kb.kind(e.library()) == Pack.Kind.RUNTIME
                    || kb.isNameRule(e) && e.category() == dev.btexplain.knowledge.Category.LOCK_ACQUIRE)) {
                // the outermost library or runtime call is the one the program made; a lock the name rule found is
                // the program's own lock function
                function = p.name(i);
            }
        }
        int lock = state.state() == ThreadState.WAIT_MUTEX ? LockGraph.lockFrames(p, w, state.chainEnd()) : w;
        if (lock != w && p.named(lock)) {
            function = p.name(lock); // a lock function that parks on a condition variable (a JVM monitor): the lock's wait
        }
        function = withoutPrefixes(function);
        String purpose = "";
        for (int i = end; i >= w && purpose.isEmpty(); i--) {
            FunctionEntry e = p.entry(i);
            if (e != null && e.waitsFor() != null && p.named(i)) {
                purpose = ": it waits for " + e.waitsFor();
            }
        }
        List<String> details = new ArrayList<>();
        String object = "";
        String timeout = "";
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
                    object = object.isEmpty() ? " (" + o.label() + " " + v + ")" : object;
                    String value = v;
                    if (details.stream().noneMatch(d -> d.contains(" " + value))) {
                        // the futex word of a mutex is the mutex: said once
                        details.add(o.label() + " " + v + (o.lock() ? knownLock(p, v, state) : ""));
                    }
                    break;
                }
            }
        }
        for (int i = w; i <= end && timeout.isEmpty(); i++) {
            FunctionEntry e = p.entry(i);
            if (e == null || e.arguments().isEmpty()) {
                continue;
            }
            Map<String, String> args = p.args(i);
            for (Map.Entry<String, String> a : args.entrySet()) {
                String unit = e.unitOf(a.getKey());
                if (unit != null && Arguments.known(a.getValue())) {
                    String d = duration(a.getValue(), unit);
                    if (d != null) {
                        timeout = " (" + d + ")";
                        details.add(d + " (" + p.function(i) + " " + a.getKey() + "=" + a.getValue() + ")");
                        break;
                    }
                }
            }
        }
        for (int i = w; i <= end; i++) {
            Map<String, String> args = p.args(i);
            if (Arguments.known(args.get("nfds"))) {
                details.add(args.get("nfds") + " file descriptors" + (Arguments.known(args.get("fds"))
                        ? " (fds=" + args.get("fds") + ")" : ""));
                break;
            }
        }
        return new Wait(function, timeout, object, purpose, details);
    }

    /** {@link Durations#describe}, once per value and unit: the threads of a large listing repeat a few timeouts. */
    private String duration(String value, String unit) {
        Map<String, Optional<String>> byValue = durations.computeIfAbsent(unit, u -> new java.util.HashMap<>());
        Optional<String> d = byValue.get(value);
        if (d == null) {
            d = Optional.ofNullable(Durations.describe(value, unit));
            if (byValue.size() < 4096) {
                byValue.put(value, d);
            }
        }
        return d.orElse(null);
    }

    private final Map<String, Map<String, Optional<String>>> durations = new java.util.HashMap<>();

    /** "pthread_cond_wait" of "__pthread_cond_wait", "poll" of "__libc_poll": the name a program calls. */
    private static String withoutPrefixes(String function) {
        int i = 0;
        while (i < function.length() && function.charAt(i) == '_') {
            i++;
        }
        return function.startsWith("libc_", i) ? function.substring(i + 5) : function.substring(i);
    }

    /**
     * ", the Big QEMU Lock (BQL)" when a lock argument is a known lock: by the symbol gdb printed with its address, or,
     * for a lock wait, by the lock function on the wait that names it, and for a condition variable's mutex, by a
     * caller whose knowledge says which lock it gives the wait.
     */
    private String knownLock(CallPath p, String value, StateClassifier.Result state) {
        int open = value.indexOf('<');
        LockRules.Symbol known = open < 0 ? null : kb.locks().bySymbol(value.substring(open + 1, value.length() - 1).replaceFirst("\\+\\d+$", ""));
        if (known != null) {
            return ", " + known.label();
        }
        boolean condvar = state.state() == ThreadState.WAIT_CONDVAR;
        for (int i = state.waitFrame(); i < p.size() && (condvar || i <= state.chainEnd()); i++) {
            FunctionEntry e = p.entry(i);
            String lock = e == null || !p.named(i) ? null : condvar ? e.condvarLock() : e.lock();
            if (lock != null) {
                known = kb.locks().byLock(lock);
                return known == null ? "" : ", " + known.label() + ", which " + p.name(i) + (condvar ? " gives the wait" : " takes");
            }
        }
        return "";
    }

    /** Idle only at a home wait (or a guest CPU the kernel shows halted); any other wait is a wait inside work. */
    private static Activity activity(StateClassifier.Result state, HomeWaits.Match home, Evidence why, StateRules.WaitKind kind) {
        return switch (state.state()) {
            case CRASHED -> Activity.CRASHED;
            case UNKNOWN -> Activity.UNKNOWN;
            case RUNNING -> Activity.RUNNING;
            case GUEST_EXEC -> why.rule().equals("activity.guest-halted") ? Activity.IDLE : Activity.RUNNING;
            // a pause that paces work in progress (a rate limit) is part of that work
            default -> home != null ? Activity.IDLE : kind != null && (kind.pacesWork() || kind.working()) ? Activity.RUNNING : Activity.WAITING;
        };
    }

    /** Why the thread has its activity: the home wait it is at, the kernel's halted guest CPU, or why it is not home. */
    private Evidence activityWhy(CallPath p, RoleClassifier.Result role, StateClassifier.Result state, HomeWaits.Match home,
                                 List<HomeWaits.Miss> misses, StateRules.WaitKind kind, ProcessContext ctx) {
        if (home != null) {
            return home.evidence();
        }
        if (kind != null && kind.working()) {
            return new Evidence("activity.working", p.index(state.waitFrame()), null, "it waits for " + kind.label()
                    + ": work in progress, which makes the process busy while it lasts");
        }
        dev.btexplain.model.ProcessFacts.TaskFacts t = ctx.task(p.thread());
        String halted = state.state() == ThreadState.GUEST_EXEC && t != null ? guestHalted(t) : null;
        if (halted != null) {
            return new Evidence("activity.guest-halted", null, null, "the kernel stack of the thread is in " + halted
                    + ": it waits for " + kb.states().waitKinds().get(GUEST_HALTED).label());
        }
        if (state.state() == ThreadState.UNKNOWN) {
            return new Evidence("activity.unknown", null, null, state.why());
        }
        if (state.waitFrame() < 0) {
            return new Evidence("activity." + state.state().id(), null, null, state.state().id());
        }
        if (!misses.isEmpty()) {
            return misses.get(0).evidence();
        }
        if (role.role().homeWaits().isEmpty()) {
            return new Evidence("activity.no-home-wait", state.waitFrame() < 0 ? null : p.index(state.waitFrame()),
                    role.role().id(), "no knowledge pack gives a home wait to " + article(role.role().label()) + ", so this wait cannot be shown to be normal");
        }
        int work = HomeWaits.workFrame(p, role.role(), state);
        String names = homeNames(role.role());
        String why = "it is not at a home wait of " + article(role.role().label()) + (names.isEmpty() ? "" : " (" + names + ")")
                + (work < 0 ? "" : ": it waits inside " + p.name(work) + " (frame #" + p.index(work) + ")");
        return new Evidence("activity.not-home", work >= 0 ? p.index(work)
                : state.waitFrame() < 0 ? null : p.index(state.waitFrame()), role.role().id(), why);
    }

    /** "a vCPU thread", "an unknown role". */
    private static String article(String label) {
        return (label.isEmpty() || "aeiou".indexOf(Character.toLowerCase(label.charAt(0))) < 0 ? "a " : "an ") + label;
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

    /** What the kernel showed of the thread during a live capture: its state letter, CPU use, wait channel. */
    private String kernelView(CallPath p, ThreadState state, ProcessContext ctx) {
        dev.btexplain.model.ProcessFacts.TaskFacts t = ctx.task(p.thread());
        if (t == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(" Just before gdb attached, the kernel showed it ");
        b.append(switch (t.state()) {
            case 'R' -> "running (R)";
            case 'S' -> "sleeping (S)";
            case 'D' -> "in an uninterruptible kernel wait (D), typically disk or network file system I/O";
            case 'T', 't' -> "stopped (" + t.state() + ")";
            default -> "in state " + t.state();
        });
        if (t.wchan() != null) {
            b.append(" in ").append(t.wchan());
        }
        long percent = cpuPercent(t);
        if (percent >= 0) {
            b.append(t.cpuTicks() > 0 ? ", using about " + percent + " % of a CPU over "
                    + t.windowMillis() + " ms" : ", using no CPU over " + t.windowMillis() + " ms");
        }
        String halted = state == ThreadState.GUEST_EXEC ? guestHalted(t) : null;
        if (halted != null) {
            b.append("; its kernel stack is in ").append(halted).append(": it waits for ")
                    .append(kb.states().waitKinds().get(GUEST_HALTED).label()).append(" (idle), not running");
        }
        return b.append('.').toString();
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

    /** " Frames 0-1 run in a signal handler (on_usr1); the signal arrived while the thread was in pause." */
    private static String signalHandler(CallPath p) {
        for (int s = 0; s < p.size(); s++) {
            if (p.signalHandler(s)) {
                String handler = s > 0 && p.named(s - 1) ? " (" + p.function(s - 1) + ")" : "";
                String below = s + 1 < p.size() && p.named(s + 1) ? " while the thread was in " + p.function(s + 1) : "";
                return " Frames above #" + p.index(s) + " run in a signal handler" + handler + "; the signal arrived"
                        + below + ".";
            }
        }
        return "";
    }

    private static String crash(CallPath p, StateClassifier.Result state, ProcessContext ctx) {
        if (ctx.crashHit(p.thread())) {
            return "it received " + ctx.crash().signal() + " in " + p.topName();
        }
        int i = Math.max(state.waitFrame(), 0);
        return "it is on the abort path (" + p.function(i) + ")";
    }

    /** A sentence starts with a capital, unless its first word is a function name (with a "_") or has a capital second. */
    private static boolean keepsFirstLetter(CharSequence s) {
        if (s.length() == 0 || s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
            return true;
        }
        for (int i = 0; i < s.length() && s.charAt(i) != ' '; i++) {
            if (s.charAt(i) == '_') {
                return true;
            }
        }
        return false;
    }

    /** The sentence with a capital first letter (see {@link #keepsFirstLetter}), changed in place: it is not copied. */
    private static void capitalize(StringBuilder s) {
        if (!keepsFirstLetter(s)) {
            s.replace(0, 1, s.substring(0, 1).toUpperCase(Locale.ROOT));
        }
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1)) ? s
                : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
