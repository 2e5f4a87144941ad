package dev.btexplain.analyze;

import dev.btexplain.knowledge.Category;
import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.Pack;
import dev.btexplain.knowledge.RoleDefinition;
import dev.btexplain.knowledge.Shape;
import dev.btexplain.knowledge.StateRules;

/**
 * Whether a thread waits where a healthy thread of its role sleeps (the role's home waits, roles.json): the only
 * way a thread is idle. A wait reached through any function that is not one of the role's loop or entry functions
 * (a drain, a monitor command, synchronize_rcu) is a wait inside work.
 */
final class HomeWaits {
    private HomeWaits() {
    }

    /**
     * The home wait the thread is at, how sure (likely when unnamed frames were passed over, or the stack does not
     * reach the thread's start), and the evidence.
     */
    record Match(RoleDefinition.HomeWait home, Confidence confidence, Evidence evidence) {
    }

    /**
     * Why a thread is not parked at the top of its loop, for the report, when a shape was tried and did not fit, or null.
     * Its rule says which condition failed.
     */
    record Miss(Evidence evidence) {
    }

    /**
     * The home wait of the role the thread is at, or null; {@code misses} collects why a shape did not fit (the
     * first miss is the report's "why not idle").
     */
    static Match match(CallPath p, RoleDefinition role, StateClassifier.Result state, StateRules.WaitKind kind,
                       String waitCall, KnowledgeBase kb, java.util.List<Miss> misses) {
        if (state.waitFrame() < 0) {
            return null;
        }
        for (RoleDefinition.HomeWait h : role.homeWaits()) {
            // a shape says why a wait of another state (a lock's) is not one a thread parks in
            Match m = h.shape() != null ? parked(p, role, state, kind, waitCall, h, kb, misses)
                    : state.state().isWaiting() ? match(p, role, state, h) : null;
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** A Java class's top package (dev.btexplain of dev.btexplain.cli.Main.main), null for a name that is not a Java method's. */
    private static final java.util.regex.Pattern JAVA_METHOD = java.util.regex.Pattern.compile(
            "^([a-z_][\\w]*(?:\\.[a-z_][\\w]*)?)(?:\\.[a-z_][\\w]*)*\\.[A-Z][\\w$]*\\.[\\w$<>]+$");

    static String javaPackage(String name) {
        java.util.regex.Matcher m = JAVA_METHOD.matcher(name);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * The top package of a dumped Java thread's entry, its outermost frame of no JDK module (the program's main class):
     * the program's code, as Sentry's in-app rule reads it; frames of other packages (a framework the program calls
     * through, picocli, Spring) are libraries. Null when the thread's entry is no such frame.
     */
    private static String entryPackage(CallPath p) {
        for (int i = p.size() - 1; i >= 0; i--) {
            if (p.library(i) == null && p.named(i)) {
                return javaPackage(p.name(i));
            }
        }
        return null;
    }

    /**
     * For a thread joined with a runtime's dump whose frames stand among the native ones (a Python thread's above the
     * interpreter's C frames), the position of the dump's outermost frame: the frames below it are the runtime
     * running the thread, not the way to its wait. -1 otherwise.
     */
    private static int dumpEnd(CallPath p) {
        dev.btexplain.model.RuntimeView v = p.thread().runtime();
        if (v == null || v.joined() == null || v.joined().replaced() > 0 || v.joined().count() == 0) {
            return -1;
        }
        return p.position(v.joined().from() + v.joined().count() - 1);
    }

    private static boolean ofLibraryOrRuntime(Pack.Kind kind) {
        return kind == Pack.Kind.LIBRARY || kind == Pack.Kind.RUNTIME;
    }

    /**
     * The thread waits as a shape says (shapes.json "parked"): a wait of one of its kinds, reached from the thread's
     * entry (its start routine, or main) through at most {@code max_frames} frames no pack knows, with nothing on the
     * way that is work itself: no other wait, no request to another process, no frame of a program or runtime a pack
     * knows (that pack says where its threads wait). A library's loop functions (event-loop entries) on the way are
     * the loop itself and are not counted.
     */
    private static Match parked(CallPath p, RoleDefinition role, StateClassifier.Result state, StateRules.WaitKind kind,
                                String waitCall, RoleDefinition.HomeWait h, KnowledgeBase kb, java.util.List<Miss> misses) {
        Shape shape = kb.shape(h.shape());
        if (shape == null || kind == null) {
            return null;
        }
        if (!shape.waitKinds().contains(kind.id())) {
            int work = workFrame(p, role, state);
            misses.add(new Miss(Evidence.of("shape." + shape.id() + ".kind", p.index(work >= 0 ? work : state.waitFrame()), null,
                    Evidence.Says.SHAPE_KIND, kind.id(), work < 0 ? null : p.name(work), work < 0 ? null : p.index(work))));
            return null;
        }
        java.util.Set<String> kinds = h.waitKinds().isEmpty() ? shape.waitKinds() : h.waitKinds();
        if (!kinds.contains(kind.id()) || !h.states().contains(state.state().id())) {
            return null;
        }
        int frames = 0;
        int loops = 0;
        boolean start = false;
        boolean dumped = p.thread().runtime() != null;
        String entryPackage = dumped ? entryPackage(p) : null;
        // a joined thread whose wait is one of the dump's frames (Condition.wait) is read to the dump's outermost frame,
        // its entry; a native wait reached from the program's own line (a Python Lock's acquire) is not: the native
        // frames below count, and a shape is no proof that such a wait is idle
        int dumpEnd = dumpEnd(p);
        int end = dumpEnd >= 0 && p.index(state.chainEnd()) >= p.thread().runtime().joined().from() ? dumpEnd + 1 : p.size();
        for (int j = state.chainEnd() + 1; j < end && !start; j++) {
            if (p.unreliable(j)) {
                continue;
            }
            if (p.signalHandler(j)) {
                misses.add(new Miss(Evidence.of("shape." + shape.id() + ".signal-handler", null, null, Evidence.Says.SHAPE_SIGNAL_HANDLER)));
                return null;
            }
            FunctionEntry e = p.named(j) ? p.entry(j) : null;
            Category c = e == null ? null : e.category();
            if (c == Category.THREAD_START || c == Category.MAIN_START) {
                start = true;
                continue;
            }
            String stop = e == null ? null : onTheWay(e, kb);
            if (stop != null) {
                if (!stop.isEmpty()) {
                    misses.add(new Miss(Evidence.of("shape." + shape.id() + ".work-on-the-way", p.index(j), e.id(),
                            Evidence.Says.SHAPE_WORK_ON_THE_WAY, p.name(j), p.index(j), stop)));
                }
                return null;
            }
            if (c == Category.EVENT_LOOP) {
                loops++;
            } else if (c != Category.FORWARDING && !(e == null && ofLibraryOrRuntime(kb.kind(kb.libraryOf(p.frame(j)))))
                    && !(dumped && p.library(j) != null) && !(entryPackage != null && !entryPackage.equals(javaPackage(p.name(j))))) {
                // a call forwarder, an unnamed frame of a library or runtime a pack knows (Go's standard library), a
                // frame of the runtime's own modules in its dump (java.base@17), or of another package than the thread's
                // entry (picocli's under the program's main) is not the program's code
                frames++;
            }
        }
        // a runtime's dump prints a thread's whole stack: its outermost frame is the thread's entry (a Java main method)
        start |= dumped && p.thread().stopReason() == null && !p.thread().moreFramesFollow() && (dumpEnd < 0 || end == dumpEnd + 1);
        if (!start) {
            misses.add(new Miss(Evidence.of("shape." + shape.id() + ".no-start", null, null, Evidence.Says.SHAPE_NO_START)));
            return null;
        }
        if (frames > shape.maxFrames()) {
            misses.add(new Miss(Evidence.of("shape." + shape.id() + ".deep", p.index(state.chainEnd() + 1), null,
                    Evidence.Says.SHAPE_DEEP, frames, shape.maxFrames())));
            return null;
        }
        dev.btexplain.model.RuntimeView.Lock held = heldByOwnCode(p);
        if (held != null) {
            // a thread that keeps a lock while it waits (a sleep inside a critical section) is not waiting for work
            misses.add(new Miss(Evidence.of("shape." + shape.id() + ".holds-lock", null, null, Evidence.Says.SHAPE_HOLDS_LOCK,
                    held.address(), held.type() == null ? "" : held.type())));
            return null;
        }
        boolean agreed = loops > 0;
        String confidence = agreed ? Confidence.LIKELY.id() : h.confidence() != null ? h.confidence() : Confidence.POSSIBLE.id();
        // facts: the shape, what it waits for, in which call, through how many frames, whether a loop, the pack's why
        return new Match(h, Confidence.fromId(confidence), Evidence.of("shape." + shape.id(), p.index(state.waitFrame()),
                role.id(), Evidence.Says.SHAPE_PARKED, shape.label(), kind.label(), waitCall, frames, loops > 0 ? "loop" : null, h.why()));
    }

    /**
     * A lock the thread's dump says it keeps while it waits, taken by the program's code or by code the dump does not
     * name (an ownable synchronizer): the runtime's own classes keeping theirs across a wait (a selector's monitors
     * around its epoll) is how they wait, not work.
     */
    private static dev.btexplain.model.RuntimeView.Lock heldByOwnCode(CallPath p) {
        dev.btexplain.model.RuntimeView runtime = p.thread().runtime();
        if (runtime == null) {
            return null;
        }
        int first = runtime.joined() == null ? 0 : runtime.joined().from();
        for (dev.btexplain.model.RuntimeView.Lock l : runtime.heldAcrossWait()) {
            int at = l.frame() < 0 ? -1 : p.position(first + l.frame());
            if (at < 0 || p.library(at) == null) {
                return l;
            }
        }
        return null;
    }

    /**
     * Why a known frame on the way from the wait to the thread's start is work, not the loop ("request": a request to
     * another process, "nested": a wait inside another wait): "" when it only belongs to a program a pack knows (that
     * pack decides, nothing to say), null when it is not work.
     */
    private static String onTheWay(FunctionEntry e, KnowledgeBase kb) {
        if (e.request()) {
            return "request";
        }
        if (e.category() != Category.EVENT_LOOP && kb.states().byCategory().containsKey(e.category())) {
            return "nested";
        }
        Pack.Kind k = kb.kind(e.library());
        return k == Pack.Kind.PROGRAM || k == Pack.Kind.RUNTIME ? "" : null;
    }


    /**
     * The first named frame outside the wait that none of the role's home waits goes through (convert_do_copy above
     * main_loop_wait, bdrv_do_drained_begin above aio_poll): the work the thread waits inside; -1 when none stands out.
     */
    static int workFrame(CallPath p, RoleDefinition role, StateClassifier.Result state) {
        java.util.Set<String> through = new java.util.HashSet<>();
        role.homeWaits().forEach(h -> through.addAll(h.through()));
        int last = p.size() - 1;
        for (RoleDefinition.HomeWait h : role.homeWaits()) {
            int entry = outermostEntry(p, h);
            last = entry >= 0 ? Math.min(last, entry) : last;
        }
        for (int j = state.chainEnd() + 1; j <= last; j++) {
            Category c = p.category(j);
            if (c == Category.THREAD_START || c == Category.MAIN_START || p.signalHandler(j)) {
                return -1;
            }
            if (p.named(j) && !p.unreliable(j) && !p.isOneOf(j, through)) {
                return j;
            }
        }
        return -1;
    }

    /** The outermost frame that enters the home wait's loop (its loop_entries), or -1. */
    private static int outermostEntry(CallPath p, RoleDefinition.HomeWait h) {
        for (int j = p.size() - 1; j >= 0 && !h.loopEntries().isEmpty(); j--) {
            if (p.named(j) && p.isOneOf(j, h.loopEntries())) {
                return j;
            }
        }
        return -1;
    }

    /** The role's wait for its own work in progress this thread is at, null when none: it is working there. */
    static Evidence workWait(CallPath p, RoleDefinition role, StateClassifier.Result state) {
        for (RoleDefinition.HomeWait h : role.workWaits()) {
            if (match(p, role, state, h) != null) {
                return Evidence.of("activity.work-wait", state.waitFrame() < 0 ? null : p.index(state.waitFrame()), role.id(),
                        Evidence.Says.WORK_WAIT, role.label(), h.why());
            }
        }
        return null;
    }

    private static Match match(CallPath p, RoleDefinition role, StateClassifier.Result state, RoleDefinition.HomeWait h) {
        if (!h.states().contains(state.state().id())) {
            return null;
        }
        int outer = -1; // the call the program made: the outermost named frame of the wait
        for (int i = state.chainEnd(); i >= state.waitFrame() && outer < 0; i--) {
            outer = p.named(i) ? i : -1;
        }
        boolean named = false;
        if (!h.waits().isEmpty()) {
            if (outer < 0 || !p.isOneOf(outer, h.waits())) {
                return null;
            }
            named = true;
        }
        boolean passedOver = false;
        int dumpEnd = dumpEnd(p);
        // the dump's outermost frame is the thread's entry in the runtime: the native frames below run the runtime
        boolean reachedStart = dumpEnd >= state.chainEnd();
        int entry = outermostEntry(p, h); // a library loop's callers are the program's: not looked at
        int last = entry >= 0 ? entry : dumpEnd >= 0 ? dumpEnd : p.size() - 1;
        for (int j = state.chainEnd() + 1; j <= last && !reachedStart; j++) {
            if (p.unreliable(j)) {
                continue;
            }
            if (p.signalHandler(j)) {
                // below the marker is the code the signal interrupted (a process forked from a handler keeps it)
                reachedStart = true;
                continue;
            }
            if (!p.named(j)) {
                passedOver = true;
                continue;
            }
            Category c = p.category(j);
            if (c == Category.THREAD_START || c == Category.MAIN_START) {
                reachedStart = true;
            } else if (p.isOneOf(j, h.through())) {
                named = true;
            } else {
                return null; // reached through other work
            }
        }
        reachedStart |= entry > state.chainEnd();
        if (!named) {
            return null; // nothing named says where it waits: unnamed frames prove nothing
        }
        boolean sure = !passedOver && reachedStart;
        Confidence c = sure ? Confidence.CERTAIN : Confidence.LIKELY;
        if (h.confidence() != null && Confidence.fromId(h.confidence()).compareTo(c) > 0) {
            c = Confidence.fromId(h.confidence()); // the pack says what its home wait cannot tell (tasks on no stack)
        }
        // facts: the role, the pack's why, and what keeps it from certain (unnamed frames between, no thread start)
        return new Match(h, c, Evidence.of("activity.home-wait", outer < 0 ? null : p.index(outer), role.id(), Evidence.Says.HOME_WAIT,
                role.label(), h.why(), sure ? null : passedOver ? "unnamed" : "no-start"));
    }
}
