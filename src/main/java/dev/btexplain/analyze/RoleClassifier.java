package dev.btexplain.analyze;

import dev.btexplain.knowledge.Category;
import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.Pack;
import dev.btexplain.knowledge.RoleDefinition;
import dev.btexplain.knowledge.SharedCache;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A thread's role: from the call path first, the thread name second (names are often absent, or the process
 * name, and cut to 15 bytes), then the clues a stripped build leaves (roles.json), then the process's start
 * frames. Each step that decides records its evidence; weaker steps give weaker confidence.
 */
final class RoleClassifier {
    private final KnowledgeBase kb;

    RoleClassifier(KnowledgeBase kb) {
        this.kb = kb;
    }

    /** The role, how to name the thread, how sure, and why. */
    record Result(RoleDefinition role, String who, Confidence confidence, int entryFrame, List<Evidence> evidence) {
    }

    Result classify(CallPath p, ProcessContext ctx) {
        List<Evidence> evidence = new ArrayList<>();
        // the main thread's name is the program's (as the kernel names a process): it says nothing of its role, unless
        // the "name" is a title that says what the stack is (a sanitizer's)
        List<NameMatch> names = byName(p);
        if (p.mainStart() >= 0) {
            names = names.stream().filter(m -> m.role.nameFirst()).toList();
        } else if (ctx.inheritedName(p.thread())) {
            // a thread the program never named has its creator's name: only a pack that knows the program's threads
            // carry it (a JVM's Java main thread is "java") reads a role from it, never a pattern for any program
            names = names.stream().filter(m -> kb.kind(m.role.pack()) != Pack.Kind.BASE).toList();
        }
        NameMatch byName = null;
        NameMatch generic = null;
        for (NameMatch m : names) {
            Pack.Kind kind = kb.kind(m.role.pack());
            if (kind == Pack.Kind.BASE) {
                generic = generic == null ? m : generic; // a generic name ("worker-3") only suggests: asked last
            } else if (byName == null && (kind != Pack.Kind.LIBRARY || hasFrameOf(p, m.role.pack()))) {
                byName = m; // a name alone never gives a library's role: a frame of that library must be there
            }
        }

        // 0. A name that says what the entry is (a sanitizer's stack title) decides first.
        if (byName != null && byName.role.nameFirst()) {
            evidence.add(byName.evidence);
            return new Result(byName.role, byName.who, Confidence.CERTAIN, -1, evidence);
        }
        // 1. The outermost frame of the program's own code whose entry names a role: the thread's entry function, or
        //    the deepest clue to it.
        int before = evidence.size();
        Result byPath = byCallPath(p, byName, false, evidence);
        Pack.MainThread own = byPath == null || p.mainStart() < 0 ? null : kb.programMainThreadFor(byPath.role().id());
        if (own != null) {
            evidence.subList(before, evidence.size()).clear(); // the pack's main loop is not what this program runs there
            return mainThread(p, own, evidence);
        }
        if (byPath != null) {
            return byPath;
        }
        // 2. The thread name the program (or GLib) gave it; certain when a library's frame or a clue of the same role
        //    agrees.
        if (byName != null) {
            List<Evidence> library = new ArrayList<>(evidence);
            Result agreed = byCallPath(p, byName, true, library);
            if (agreed != null && agreed.role() == byName.role) {
                return agreed;
            }
            evidence.add(byName.evidence);
            for (RoleDefinition.Clue clue : byName.role.clues()) {
                if (matches(clue, byName.role, p)) {
                    evidence.add(Evidence.of("role.clue", null, byName.role.id(), Evidence.Says.ROLE_CLUE, clue.why()));
                    return new Result(byName.role, byName.who, Confidence.CERTAIN, -1, evidence);
                }
            }
            return new Result(byName.role, byName.who, Confidence.LIKELY, -1, evidence);
        }
        // 3. Clues that survive in stripped builds.
        for (RoleDefinition role : kb.roles().values()) {
            for (RoleDefinition.Clue clue : role.clues()) {
                if (matches(clue, role, p)) {
                    evidence.add(Evidence.of("role.clue", null, role.id(), Evidence.Says.ROLE_CLUE, clue.why()));
                    return new Result(role, role.who(), Confidence.fromId(clue.confidence()), -1, evidence);
                }
            }
        }
        // 4. A library's loop or worker on the call path (a GLib main loop, a GLib pool worker): what the thread runs,
        //    when nothing of the program says more.
        byPath = byCallPath(p, null, true, evidence);
        if (byPath != null) {
            return byPath;
        }
        // 5. The thread that started in main(): the recognised program's pack says what it does there (QEMU runs
        //    its main loop on it).
        Pack.MainThread main = kb.mainThread();
        if (main != null && p.mainStart() >= 0) {
            return mainThread(p, main, evidence);
        }
        // the process's first task (its id is the process id) is its main thread; a stack of it that reaches neither
        // main nor a thread's start was caught on another stack (a coroutine's) or cut short
        if (main != null && p.thread().lwp() != null && p.thread().lwp().equals(ctx.mainLwp()) && p.threadStart() < 0) {
            RoleDefinition role = kb.role(main.role());
            evidence.add(Evidence.of("role.first-thread", null, role.id(), Evidence.Says.ROLE_FIRST_THREAD, main.why()));
            return new Result(role, role.who(), Confidence.POSSIBLE, -1, evidence);
        }
        // 6. A name that says what a thread does in any program ("mc-worker", "isc-timer"): possible, stated as such.
        if (generic != null) {
            evidence.add(generic.evidence);
            return new Result(generic.role, generic.who, Confidence.fromId(generic.role.nameConfidence()), -1, evidence);
        }
        evidence.add(Evidence.of("role.none", null, null, Evidence.Says.ROLE_NONE));
        RoleDefinition unknown = kb.role("unknown");
        int start = p.startFunction();
        String who = start > 0 ? unknown.who() + " (started in " + p.function(start) + ")" : unknown.who();
        return new Result(unknown, who, Confidence.POSSIBLE, -1, evidence);
    }

    /** The role the recognised program gives the thread that started in main(). */
    private Result mainThread(CallPath p, Pack.MainThread main, List<Evidence> evidence) {
        int i = p.mainStart();
        RoleDefinition role = kb.role(main.role());
        evidence.add(Evidence.of("role.main-thread", p.index(i), p.entry(i).id(), Evidence.Says.ROLE_MAIN_THREAD, p.function(i),
                role.id().equals("process.main") ? null : main.why()));
        return new Result(role, role.who(), Confidence.fromId(main.confidence()), -1, evidence);
    }

    /**
     * The outermost frame whose entry names a role, among the entries of libraries ({@code library}) or of the rest
     * (programs, runtimes): a library's role says less than a program's name or clues, so it is tried after them.
     */
    private Result byCallPath(CallPath p, NameMatch byName, boolean library, List<Evidence> evidence) {
        for (int i = p.size() - 1; i >= 0; i--) {
            FunctionEntry e = p.entry(i);
            RoleDefinition role = e == null || e.roleHint() == null || !p.named(i) ? null : kb.role(e.roleHint());
            if (role == null || (kb.kind(e.library()) == Pack.Kind.LIBRARY) != library) {
                continue; // no hint, a role of a program not recognised in this process, or not of this step
            }
            boolean entry = onlyStartFramesOutside(p, i);
            Confidence c = entry ? Confidence.CERTAIN : Confidence.LIKELY;
            evidence.add(Evidence.of("role.call-path", p.index(i), e.id(), Evidence.Says.ROLE_CALL_PATH, p.function(i),
                    entry ? "entry" : null, role.label()));
            if (byName != null && byName.role == role) {
                c = Confidence.CERTAIN;
                evidence.add(byName.evidence);
            } else if (byName != null) {
                evidence.add(Evidence.of("role.name-disagrees", null, byName.role.id(), Evidence.Says.ROLE_NAME_DISAGREES,
                        p.thread().name(), byName.role.label()));
            }
            return new Result(role, byName != null && byName.role == role ? byName.who : role.who(), c, i, evidence);
        }
        return null;
    }

    private record NameMatch(RoleDefinition role, String who, Evidence evidence) {
    }

    /** The roles whose name patterns the thread's name matches, one per role, in the roles' order. */
    private List<NameMatch> byName(CallPath p) {
        String name = p.thread().name();
        // a large process repeats a few names many times: each is matched against the roles' patterns once
        return name == null ? List.of() : SharedCache.get(byName, name, this::matchName);
    }

    private final java.util.Map<String, List<NameMatch>> byName = new java.util.concurrent.ConcurrentHashMap<>();

    private List<NameMatch> matchName(String name) {
        List<NameMatch> out = new ArrayList<>();
        for (RoleDefinition role : kb.roles().values()) {
            for (RoleDefinition.NamePattern np : role.names()) {
                Matcher m = np.pattern().matcher(name);
                if (m.matches()) {
                    String who = np.who();
                    for (int g = m.groupCount(); g >= 0; g--) {
                        who = who.replace("{" + g + "}", m.group(g) == null ? "" : m.group(g));
                    }
                    boolean generic = kb.kind(role.pack()) == Pack.Kind.BASE;
                    out.add(new NameMatch(role, who, generic
                            ? Evidence.of("role.name-suggests", null, role.id(), Evidence.Says.ROLE_NAME_SUGGESTS, name, role.summary())
                            : Evidence.of("role.thread-name", null, role.id(), Evidence.Says.ROLE_THREAD_NAME, name, role.label())));
                    break;
                }
            }
        }
        return List.copyOf(out);
    }

    /** A frame of the stack is the pack's: by its library path or source, or by a known entry of the pack. */
    private boolean hasFrameOf(CallPath p, String pack) {
        for (int i = 0; i < p.size(); i++) {
            FunctionEntry e = p.entry(i);
            if (e != null && p.named(i) && e.library().equals(pack) || pack.equals(kb.libraryOf(p.frame(i)))) {
                return true;
            }
        }
        return false;
    }

    /** Frames outside frame i are only thread or process start frames, or unnamed ones (qemu_thread_start stripped). */
    private static boolean onlyStartFramesOutside(CallPath p, int i) {
        for (int j = i + 1; j < p.size(); j++) {
            Category c = p.category(j);
            if (p.named(j) && c != Category.THREAD_START && c != Category.MAIN_START) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyLibrary(CallPath p, java.util.regex.Pattern library) {
        for (int i = 0; i < p.size(); i++) {
            String lib = p.library(i);
            if (lib != null && library.matcher(lib).find()) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(RoleDefinition.Clue clue, RoleDefinition role, CallPath p) {
        if (clue.threadNumber() != null && !clue.threadNumber().equals(p.thread().number())) {
            return false;
        }
        for (String name : clue.framesAll()) {
            if (p.indexOf(name) < 0) {
                return false;
            }
        }
        if (clue.library() != null && !anyLibrary(p, clue.library())) {
            return false;
        }
        if (clue.noOtherLibraries()) {
            for (int i = 0; i < p.size(); i++) {
                if (p.library(i) != null && kb.libraryOf(p.frame(i)) == null) {
                    return false;
                }
            }
        }
        boolean mainThread = false;
        for (int i = 0; i < p.size(); i++) {
            FunctionEntry e = p.entry(i);
            if (e != null && e.category() == Category.MAIN_START && p.named(i)) {
                mainThread = true;
            }
            if (clue.onlyKnownPackFrames() && e != null && e.library().equals(role.pack()) && p.named(i)
                    && !clue.framesAll().contains(p.name(i))) {
                return false;
            }
        }
        return !(clue.notMainThread() && mainThread);
    }
}
