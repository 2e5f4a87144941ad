package dev.btexplain.knowledge;

import dev.btexplain.model.Frame;
import dev.btexplain.model.FrameList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The loaded, validated knowledge: the packs, their function entries indexed for lookup, roles, locks, checks and
 * next steps. Immutable apart from a lookup cache (a large trace repeats a few hundred names a million times).
 * The built-in base holds every pack; {@link #forPacks} gives the view of one process: the packs that apply to
 * every process and the programs recognised in it, so that QEMU's thread names never name a thread of Redis.
 *
 * <p>Lookup order, for a frame of user space (kernel entries are for the kernel formats): the name as
 * printed, then the normalized name ({@link NameNormalizer}), each first among exact names and then among
 * patterns; an entry of another library than the one the frame shows is never taken; when the frame does not say
 * its library, the packs' order decides (packs/packs.txt: programs first).
 */
public final class KnowledgeBase {
    private final StateRules states;
    private final NameNormalizer normalizer;
    /** Every loaded pack, in order; this view's packs are a subset of them. */
    private final List<PackData> loaded;
    private final List<PackData> packs;
    private final Map<String, Integer> rankOf = new HashMap<>();
    /** Each pack's kind by its id: asked for every frame of every thread. */
    private final Map<String, Pack.Kind> kinds = new HashMap<>();
    private final Set<String> kernelPacks = new HashSet<>();
    private final List<FunctionEntry> entries = new ArrayList<>();
    private final Map<String, List<FunctionEntry>> byName = new HashMap<>();
    private final List<FunctionEntry> patterns = new ArrayList<>();
    /** "glib\u0000syscall" → the entry that stands for an unnamed frame of glib calling syscall. */
    private final Map<String, List<FunctionEntry>> unnamedCallers = new HashMap<>();
    private final Set<String> unnamedCallees = new HashSet<>();
    private final Map<String, RoleDefinition> roles = new LinkedHashMap<>();
    private final List<ProcessCheck> checks = new ArrayList<>();
    private final List<NextStep> nextSteps = new ArrayList<>();
    private final List<ReportKind> reports = new ArrayList<>();
    private final List<ObjectArgument> objects = new ArrayList<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private int busyCpuPercent = 100;
    private final List<java.util.regex.Pattern> ownSystemCalls = new ArrayList<>();
    private final Set<String> ownSystemCallPacks = new HashSet<>();
    private final LockRules locks;
    private final LibraryMap libraries;
    private final boolean opaqueUnknownFrames;
    private final Map<String, Map<String, Optional<FunctionEntry>>> cache = new ConcurrentHashMap<>();

    /** The program each recognised pack's process is, by pack id (a view's; empty for the whole knowledge). */
    private final Map<String, Pack.Program> programs;

    private KnowledgeBase(StateRules states, NameNormalizer normalizer, List<PackData> loaded, List<PackData> packs,
                          Map<String, Pack.Program> programs) {
        this.programs = Map.copyOf(programs);
        this.states = states;
        this.normalizer = normalizer;
        this.loaded = List.copyOf(loaded);
        this.packs = List.copyOf(packs);
        this.opaqueUnknownFrames = this.packs.stream().anyMatch(p -> p.pack().opaqueUnknownFrames());
        LockRules l = LockRules.none();
        List<LibraryMap.Rule> libraryRules = new ArrayList<>();
        for (PackData p : this.packs) {
            rankOf.put(p.pack().id(), rankOf.size());
            kinds.put(p.pack().id(), p.pack().kind());
            if (p.pack().kind() == Pack.Kind.KERNEL) {
                kernelPacks.add(p.pack().id());
            }
            entries.addAll(p.functions());
            p.roles().forEach(r -> roles.put(r.id(), r));
            checks.addAll(p.checks());
            nextSteps.addAll(p.nextSteps());
            reports.addAll(p.reports());
            objects.addAll(p.objects());
            p.shapes().forEach(x -> shapes.put(x.id(), x));
            if (p.reading() != null) {
                busyCpuPercent = p.reading().busyCpuPercent() != null ? p.reading().busyCpuPercent() : busyCpuPercent;
                ownSystemCalls.addAll(p.reading().ownSystemCalls());
                ownSystemCallPacks.addAll(p.reading().ownSystemCallPacks());
            }
            l = l.with(p.locks());
            if (p.pack().library() != null) {
                libraryRules.add(p.pack().library());
            }
        }
        this.locks = l;
        this.libraries = new LibraryMap(libraryRules);
        for (FunctionEntry e : entries) {
            e.unnamedCallerOf().forEach(callee -> unnamedCallers.computeIfAbsent(e.library() + '\u0000' + callee,
                    k -> new ArrayList<>()).add(e));
            unnamedCallees.addAll(e.unnamedCallerOf());
            if (e.isPattern()) {
                patterns.add(e);
            } else {
                for (String n : e.names()) {
                    byName.computeIfAbsent(n, k -> new ArrayList<>()).add(e);
                }
            }
        }
    }

    /** Every pack loaded and active, after checking what packs say of each other (roles named across packs). */
    static KnowledgeBase of(StateRules states, NameNormalizer normalizer, List<PackData> packs) throws KnowledgeException {
        Set<String> ids = new HashSet<>();
        for (PackData p : packs) {
            if (!ids.add(p.pack().id())) {
                throw new KnowledgeException("packs/" + p.pack().id() + ": two packs have this id");
            }
        }
        KnowledgeBase kb = new KnowledgeBase(states, normalizer, packs, packs, Map.of());
        kb.checkReferences();
        return kb;
    }

    /**
     * A role a pack names must be its own or one of a pack that applies to every process: a role of another program
     * would be missing from the view of a process where only this pack was recognised.
     */
    private void checkReferences() throws KnowledgeException {
        Map<String, String> roleIds = new HashMap<>();
        for (PackData p : packs) {
            for (RoleDefinition r : p.roles()) {
                if (roleIds.put(r.id(), p.pack().id()) != null) {
                    throw new KnowledgeException("packs/" + p.pack().id() + "/roles.json: role \"" + r.id() + "\" is defined by two packs");
                }
            }
        }
        if (!roleIds.containsKey("unknown")) {
            throw new KnowledgeException("packs: no pack defines the role \"unknown\"");
        }
        Map<String, Shape> shapeIds = new HashMap<>();
        loaded.forEach(p -> p.shapes().forEach(x -> shapeIds.put(x.id(), x)));
        for (PackData p : packs) {
            for (RoleDefinition r : p.roles()) {
                for (RoleDefinition.HomeWait h : r.homeWaits()) {
                    Shape shape = h.shape() == null ? null : shapeIds.get(h.shape());
                    if (h.shape() != null && (shape == null || !shape.waitKinds().containsAll(h.waitKinds()))) {
                        throw new KnowledgeException("packs/" + p.pack().id() + "/roles.json: " + r.id() + ": home wait shape \""
                                + h.shape() + "\" " + (shape == null ? "is not in any pack's shapes.json"
                                : "does not have every wait kind " + h.waitKinds()));
                    }
                }
            }
        }
        for (PackData p : packs) {
            for (String own : p.reading() == null ? List.<String>of() : p.reading().ownSystemCallPacks()) {
                if (packs.stream().noneMatch(x -> x.pack().id().equals(own))) {
                    throw new KnowledgeException("packs/" + p.pack().id() + "/shapes.json: own_system_calls names no pack \"" + own + "\"");
                }
            }
        }
        for (PackData p : packs) {
            String pack = p.pack().id();
            for (FunctionEntry e : p.functions()) {
                // a hint may name another program's role (the kernel's KVM_RUN frames are a QEMU vCPU's): it counts
                // only where that program is recognised
                if (e.roleHint() != null && !roleIds.containsKey(e.roleHint())) {
                    throw new KnowledgeException(e.file() + ": " + e.id() + ": role_hint \"" + e.roleHint() + "\" is not a role of any pack");
                }
            }
            for (ProcessCheck c : p.checks()) {
                checkRole(c.role(), pack, roleIds, "packs/" + pack + ": check " + c.id());
                for (String r : c.missingRoles()) {
                    checkRole(r, pack, roleIds, "packs/" + pack + ": check " + c.id());
                }
            }
            for (LockRules.Holder h : p.locks().holders()) {
                checkRole(h.role(), pack, roleIds, "packs/" + pack + "/locks.json: holder");
            }
            for (NextStep s : p.nextSteps()) {
                for (String r : s.roles()) {
                    checkRole(r, pack, roleIds, "packs/" + pack + "/next-steps.json: " + s.id());
                }
            }
            if (p.pack().mainThread() != null) {
                checkRole(p.pack().mainThread().role(), pack, roleIds, "packs/" + pack + "/pack.json: main_thread");
            }
        }
    }

    private void checkRole(String role, String pack, Map<String, String> roleIds, String where) throws KnowledgeException {
        if (role == null) {
            return;
        }
        String owner = roleIds.get(role);
        if (owner == null) {
            throw new KnowledgeException(where + " names the role \"" + role + "\", which no pack defines");
        }
        if (!owner.equals(pack) && !pack(owner).pack().always()) {
            throw new KnowledgeException(where + " names the role \"" + role + "\" of the pack " + owner
                    + ", which applies only to its own program");
        }
    }

    private PackData pack(String id) {
        for (PackData p : loaded) {
            if (p.pack().id().equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** The built-in knowledge, loaded once: every pack. */
    public static KnowledgeBase builtIn() {
        return BuiltIn.INSTANCE;
    }

    private static final class BuiltIn {
        static final KnowledgeBase INSTANCE;

        static {
            try {
                INSTANCE = KnowledgeLoader.loadBuiltIn();
            } catch (KnowledgeException e) {
                // the build's KnowledgeFilesTest makes this unreachable for a released jar
                throw new IllegalStateException("built-in knowledge is broken: " + e.getMessage(), e);
            }
        }
    }

    /** The pack of the runtime whose own dump this is (its id is the runtime's: go, jvm), with why; empty when none. */
    public java.util.Optional<String> recogniseRuntime(String runtime) {
        return loaded.stream().anyMatch(p -> p.pack().id().equals(runtime))
                ? java.util.Optional.of("the dump the runtime printed of its own threads") : java.util.Optional.empty();
    }

    /** How a runtime's dump joins a debugger's listing of the same process, by the runtime (its pack's id); null when it does not. */
    public Pack.RuntimeDump runtimeDump(String runtime) {
        for (PackData p : loaded) {
            if (p.pack().id().equals(runtime)) {
                return p.pack().runtimeDump();
            }
        }
        return null;
    }

    /**
     * Every pack's gdb commands that print its runtime's view of the threads (py-bt), in pack order: a core's gdb run
     * asks them all, since each prints nothing where it does not apply.
     */
    public List<String> runtimeGdbCommands() {
        List<String> out = new java.util.ArrayList<>();
        for (PackData p : loaded) {
            Pack.RuntimeDump d = p.pack().runtimeDump();
            if (d != null) {
                d.gdbCommands().stream().filter(c -> !out.contains(c)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The runtime dump a capture can read of a live process whose executable is this ("java"): the pack whose program it
     * is says how (its runtime_dump's command); null when none does.
     */
    public Pack.RuntimeDump runtimeDumpOfExecutable(String executable) {
        for (PackData p : executable == null ? List.<PackData>of() : loaded) {
            Pack.RuntimeDump d = p.pack().runtimeDump();
            if (d != null && !(d.command().isEmpty() && d.gdbCommands().isEmpty())
                    && anyFinds(p.pack().recognise().executables(), executable)) {
                return d;
            }
        }
        return null;
    }

    /**
     * The packs whose program the clues show, each with the clue that showed it ("the thread name qemu-system-x86",
     * "function main_loop_wait"), in pack order. Packs that apply to every process are not listed.
     */

    public Map<String, String> recognise(ProcessClues clues) {
        Map<String, String> byFunction = recognisingFunctionsIn(clues);
        // each clue looked up once (not once per pack), the first in name order kept for each pack it finds: an
        // executable says it first, then a thread's name, then a library's path, then a function
        Map<String, String> byClue = new HashMap<>();
        for (String exe : clues.executables()) {
            packsFinding(ClueKind.EXECUTABLE, exe).forEach(id -> byClue.putIfAbsent(id, "the executable " + exe));
        }
        for (String name : clues.threadNames()) {
            packsFinding(ClueKind.THREAD_NAME, name).forEach(id -> byClue.putIfAbsent(id, "the thread name \"" + name + "\""));
        }
        for (String path : clues.libraryPaths()) {
            packsFinding(ClueKind.LIBRARY_PATH, path).forEach(id -> byClue.putIfAbsent(id, "frames from " + path));
        }
        Map<String, String> found = new LinkedHashMap<>();
        for (PackData p : loaded) {
            String id = p.pack().id();
            String function = byFunction.get(id);
            String why = byClue.getOrDefault(id, function == null ? null : "the function " + function);
            if (!p.pack().always() && why != null) {
                found.put(id, why);
            }
        }
        return found;
    }

    /**
     * For each pack that a function of the clues recognises, the least such function in name order (the same on every
     * run), each function looked up once, not per pack.
     */
    private Map<String, String> recognisingFunctionsIn(ProcessClues clues) {
        Map<String, List<String>> index = packsByRecognisingFunction();
        Map<String, String> least = new HashMap<>();
        for (String f : clues.functions()) {
            for (String name : new String[] {f, normalize(f)}) {
                for (String pack : index.getOrDefault(name, List.of())) {
                    least.merge(pack, f, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        }
        return least;
    }

    /** What a clue's text is matched against: a pack's executables; its executables and thread names; its library's paths. */
    private enum ClueKind { EXECUTABLE, THREAD_NAME, LIBRARY_PATH }

    /**
     * The packs whose patterns find this clue, matched once per distinct text (a fleet's reports repeat the same thread
     * names and libraries; every pack's patterns on each was a tenth of a crash report's analysis), remembering at most
     * {@link #REMEMBERED_CLUES} texts of each kind.
     */
    private Set<String> packsFinding(ClueKind kind, String text) {
        Map<String, Set<String>> cache = clueCache.get(kind);
        Set<String> packs = cache.get(text);
        if (packs == null) {
            Set<String> found = new HashSet<>();
            for (PackData p : loaded) {
                Pack.Recognition r = p.pack().recognise();
                boolean finds = switch (kind) {
                    case EXECUTABLE -> anyFinds(r.executables(), text);
                    case THREAD_NAME -> anyFinds(r.executables(), text) || anyFinds(r.threadNames(), text);
                    case LIBRARY_PATH -> p.pack().library() != null && anyFinds(p.pack().library().paths(), text);
                };
                if (finds && !p.pack().always()) {
                    found.add(p.pack().id());
                }
            }
            packs = Set.copyOf(found);
            if (cache.size() < REMEMBERED_CLUES) {
                cache.put(text, packs);
            }
        }
        return packs;
    }

    private static final int REMEMBERED_CLUES = 1 << 14;
    private final Map<ClueKind, Map<String, Set<String>>> clueCache = new java.util.EnumMap<>(Map.of(
            ClueKind.EXECUTABLE, new ConcurrentHashMap<>(), ClueKind.THREAD_NAME, new ConcurrentHashMap<>(),
            ClueKind.LIBRARY_PATH, new ConcurrentHashMap<>()));

    /**
     * The packs each recognising name belongs to, gathered once (a pack that recognises by its own functions has
     * thousands; looking each clue up in every pack was a tenth of a fleet's time).
     */
    private volatile Map<String, List<String>> packsByRecognisingFunction;

    private Map<String, List<String>> packsByRecognisingFunction() {
        Map<String, List<String>> index = packsByRecognisingFunction;
        if (index == null) {
            Map<String, List<String>> built = new HashMap<>();
            for (PackData p : loaded) {
                if (p.pack().always()) {
                    continue;
                }
                Set<String> all = new HashSet<>(p.pack().recognise().functions());
                if (p.pack().recognise().ownFunctions()) {
                    p.functions().forEach(e -> all.addAll(e.names()));
                }
                all.forEach(name -> built.computeIfAbsent(name, k -> new ArrayList<>(1)).add(p.pack().id()));
            }
            packsByRecognisingFunction = index = built;
        }
        return index;
    }

    private static boolean anyFinds(List<Pattern> patterns, String text) {
        for (Pattern p : patterns) {
            if (p.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /** The view of a process: the packs that apply to every process, and these recognised ones. */
    public KnowledgeBase forPacks(Collection<String> recognised) {
        return forPacks(recognised, Map.of());
    }

    /** As {@link #forPacks(Collection)}, knowing which of its programs each recognised pack's process is. */
    public KnowledgeBase forPacks(Collection<String> recognised, Map<String, Pack.Program> programs) {
        List<PackData> view = new ArrayList<>();
        for (PackData p : loaded) {
            if (p.pack().always() || recognised.contains(p.pack().id())) {
                view.add(p);
            }
        }
        List<Object> key = List.of(view.stream().map(p -> p.pack().id()).toList(), programs);
        KnowledgeBase made = views.get(key);
        if (made == null) {
            made = new KnowledgeBase(states, normalizer, loaded, view, programs);
            if (views.size() < VIEWS_KEPT) {
                views.putIfAbsent(key, made);
            }
        }
        return made;
    }

    /**
     * The views made so far, by their packs and programs: a view indexes every entry of its packs, which a server's
     * requests and a fleet's million reports would otherwise redo each time for the same few programs.
     */
    private final Map<List<Object>, KnowledgeBase> views = new ConcurrentHashMap<>();
    private static final int VIEWS_KEPT = 256;

    /**
     * Which program of each recognised pack the process is: the first whose names find the executable, else the
     * first thread's name (the process's own, which its threads inherit). Packs with no program that matches are left out.
     */
    public Map<String, Pack.Program> programs(Collection<String> recognised, ProcessClues clues, String firstThreadName) {
        Map<String, Pack.Program> out = new LinkedHashMap<>();
        for (PackData p : loaded) {
            if (!recognised.contains(p.pack().id())) {
                continue;
            }
            for (Pack.Program program : p.pack().programs()) {
                boolean named = clues.executables().stream().anyMatch(e -> anyFinds(program.names(), e))
                        || clues.executables().isEmpty() && firstThreadName != null && anyFinds(program.names(), firstThreadName);
                if (named) {
                    out.put(p.pack().id(), program);
                    break;
                }
            }
        }
        return out;
    }

    /** The program the process of this pack is, null when the capture does not tell (or the pack names none). */
    public Pack.Program program(String pack) {
        return programs.get(pack);
    }

    /** The entry that explains this frame, or null when none does. */
    public FunctionEntry lookup(Frame frame) {
        if (frame.signalHandler()) {
            return lookup(SIGNAL_HANDLER_FRAME, null);
        }
        return lookup(frame.function(), libraries.libraryOf(frame));
    }

    /** The entry for gdb's signal-handler marker frame, or null. */
    public FunctionEntry signalHandlerEntry() {
        return lookup(SIGNAL_HANDLER_FRAME, null);
    }

    /** The name the base pack's entry for gdb's signal-handler marker frame has. */
    private static final String SIGNAL_HANDLER_FRAME = "<signal handler called>";

    /** The entry that explains a function of a kernel stack (a kernel report, /proc/PID/stack), or null. */
    public FunctionEntry lookupKernel(String function) {
        return lookup(function, kernelPacks.isEmpty() ? "\u0000none" : kernelPacks.iterator().next());
    }

    /**
     * The entry that stands for frame {@code i}, which gdb could not name, from the library it is in and the (normalized)
     * function it calls directly, or null: in a stripped libglib, the frame that calls syscall() to wait is a lock's slow path.
     */
    public FunctionEntry lookupUnnamedCaller(FrameList frames, int i, String callee) {
        if (!unnamedCallees.contains(callee)) {
            return null; // the common case, decided before the frame is made and the library's path patterns are tried
        }
        Frame unnamed = frames.get(i);
        String library = packOf(unnamed);
        if (library == null) {
            return null;
        }
        // an entry scoped to a module stands only for frames of that module; an unscoped one for any of the library's
        FunctionEntry any = null;
        for (FunctionEntry e : unnamedCallers.getOrDefault(library + '\u0000' + callee, List.of())) {
            if (e.unnamedCallerIn() == null) {
                any = any == null ? e : any;
            } else if (unnamed.library() != null && e.unnamedCallerIn().matcher(unnamed.library()).find()) {
                return e;
            }
        }
        return any;
    }

    /**
     * A frame gdb could not name that is the own code of a program whose pack says it blocks only through named
     * library calls: such a frame was running when the thread stopped.
     */
    public boolean unnamedOwnCodeRuns(Frame unnamed) {
        String id = packOf(unnamed);
        return id != null && packs.stream().anyMatch(p -> p.pack().id().equals(id) && p.pack().blocksThroughLibraries());
    }

    /** The pack a frame belongs to by its library or source, or, printed with neither, the one program's. */
    private String packOf(Frame f) {
        String library = libraries.libraryOf(f);
        return library == null && f.library() == null ? mainProgram() : library; // gdb prints no library for the executable's own frames
    }

    /** The one program pack this view applies (the process's executable), or null when none or several do. */
    private String mainProgram() {
        List<String> programs = packs.stream().filter(p -> p.pack().kind() == Pack.Kind.PROGRAM).map(p -> p.pack().id()).toList();
        return programs.size() == 1 ? programs.get(0) : null;
    }

    /** An entry the base pack's name rules found (generic.named-lock): what a name says, not a fact of a function. */
    public boolean isNameRule(FunctionEntry e) {
        return e != null && e.isPattern() && kind(e.library()) == Pack.Kind.BASE;
    }

    /** The entry for a function name printed with a frame of {@code library} (null: unknown library). */
    public FunctionEntry lookup(String function, String library) {
        // by library, then by name: no key is built per frame (a large listing looks up a million frames)
        return SharedCache.get(SharedCache.get(cache, library == null ? "" : library, l -> new ConcurrentHashMap<>()),
                function, f -> Optional.ofNullable(find(f, library))).orElse(null);
    }

    /**
     * Exact names first, as printed, normalized, then without template or generic arguments (knowledge names a function
     * once, whatever it was instantiated with); patterns only after every exact name failed: a pattern of the base pack
     * never takes a frame a library names exactly.
     */
    private FunctionEntry find(String function, String library) {
        String normalized = normalizer.normalize(function);
        String bare = NameNormalizer.withoutGenerics(normalized);
        FunctionEntry e = best(byName.getOrDefault(function, List.of()), library);
        if (e == null && !normalized.equals(function)) {
            e = best(byName.getOrDefault(normalized, List.of()), library);
        }
        if (e == null && !bare.equals(normalized)) {
            e = best(byName.getOrDefault(bare, List.of()), library);
        }
        if (e == null) {
            e = findPattern(function, library);
        }
        if (e == null && !normalized.equals(function)) {
            e = findPattern(normalized, library);
        }
        return e;
    }

    private FunctionEntry findPattern(String name, String library) {
        List<FunctionEntry> matching = new ArrayList<>();
        // the base pack's name rules read the program's own functions: a library or runtime a pack describes is that
        // pack's to say (ThreadSanitizer's pthread_mutex_lock interceptor prints where a lock was taken, not a wait)
        Pack.Kind libraryKind = library == null ? null : kind(library);
        boolean describedLibrary = libraryKind == Pack.Kind.LIBRARY || libraryKind == Pack.Kind.RUNTIME;
        String own = null;
        for (FunctionEntry p : patterns) {
            boolean rule = isNameRule(p);
            if (describedLibrary && rule) {
                continue;
            }
            own = rule && own == null ? ownName(name) : own;
            if (p.pattern().matcher(rule ? own : name).matches()) {
                matching.add(p);
            }
        }
        return best(matching, library);
    }

    /** What a compiler appends to a C function it copied or split (foo.isra.0, foo.cold): not a qualified name. */
    private static final Pattern CLONE_SUFFIX = Pattern.compile("isra|part|cold|constprop|lto_priv|localalias|clone|\\d+");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$<][\\w$<>]*");

    /**
     * The function's own name, which a name rule reads: a runtime dump's qualified name without its package and class
     * or module ("execute" of picocli.CommandLine$AbstractParseResultHandler.execute, "Query" of main.(*Backend).Query),
     * whose class names say nothing of what the function does; a C or C++ name as it is.
     */
    static String ownName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return name;
        }
        String last = name.substring(dot + 1);
        return IDENTIFIER.matcher(last).matches() && !CLONE_SUFFIX.matcher(last).matches() ? last : name;
    }

    /** The frame's own library first, then the base pack's entries; when the library is unknown, by pack order. */
    private FunctionEntry best(List<FunctionEntry> candidates, String library) {
        FunctionEntry best = null;
        boolean kernelFrame = kernelPacks.contains(library);
        for (FunctionEntry e : candidates) {
            if (kernelPacks.contains(e.library()) != kernelFrame) {
                continue; // kernel entries for kernel stacks only, and only kernel entries for them
            }
            if (library != null && !e.library().equals(library) && kind(e.library()) != Pack.Kind.BASE) {
                continue;
            }
            if (best == null || rank(e, library) < rank(best, library)) {
                best = e;
            }
        }
        return best;
    }

    private int rank(FunctionEntry e, String library) {
        return e.library().equals(library) ? -1 : rankOf.getOrDefault(e.library(), Integer.MAX_VALUE);
    }

    /** The kind of a pack of this view, or null. */
    public Pack.Kind kind(String pack) {
        return pack == null ? null : kinds.get(pack);
    }

    /** The library (pack id) a frame shows it belongs to, or null. */
    public String libraryOf(Frame frame) {
        return libraries.libraryOf(frame);
    }

    /** The library id of a frame printed with this library path and source (either null when not printed), or null. */
    public String libraryOf(String library, dev.btexplain.model.SourceRef source) {
        return libraries.libraryOf(library, source);
    }

    public String normalize(String function) {
        // a name nothing applies to costs less than looking it up; a prefixed one (__GI_) is remembered, not copied again
        return normalizer.unchanged(function) ? function : SharedCache.get(normalized, function, normalizer::normalize);
    }

    private final Map<String, String> normalized = new ConcurrentHashMap<>();

    public List<FunctionEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** The manifests of this view's packs, in order. */
    public List<Pack> packs() {
        return packs.stream().map(PackData::pack).toList();
    }

    public Map<String, RoleDefinition> roles() {
        return Collections.unmodifiableMap(roles);
    }

    public RoleDefinition role(String id) {
        return roles.get(id);
    }

    public StateRules states() {
        return states;
    }

    /** The role of the thread that started in main(): the first pack of this view that says, a program before the base. */
    public Pack.MainThread mainThread() {
        Pack.MainThread base = null;
        for (PackData p : packs) {
            Pack.Program program = programs.get(p.pack().id());
            if (program != null && program.mainThread() != null) {
                return program.mainThread();
            }
            if (p.pack().mainThread() != null && p.pack().kind() == Pack.Kind.PROGRAM) {
                return p.pack().mainThread();
            }
            base = base == null ? p.pack().mainThread() : base;
        }
        return base;
    }

    /**
     * The program's own main thread where its pack's would otherwise be given: qemu-img's main thread runs
     * main_loop_wait too, but not as a system emulator's main loop. Null when the role is no pack's main-thread role or
     * the program has none of its own.
     */
    public Pack.MainThread programMainThreadFor(String packMainRole) {
        for (PackData p : packs) {
            Pack.Program program = programs.get(p.pack().id());
            if (program != null && program.mainThread() != null && p.pack().mainThread() != null
                    && p.pack().mainThread().role().equals(packMainRole)) {
                return program.mainThread();
            }
        }
        return null;
    }

    /** A pack of this view says frames past a stack's first ?? are guesses (generated code gdb cannot unwind). */
    public boolean opaqueUnknownFrames() {
        return opaqueUnknownFrames;
    }

    /** The kind of report a report line of {@code format} announces ("BUG: soft lockup - CPU#0 ..."), or null. */
    public ReportKind reportKind(String format, String line) {
        for (ReportKind k : reports) {
            if (k.formats().contains(format) && k.pattern().matcher(line).find()) {
                return k;
            }
        }
        return null;
    }

    public List<ReportKind> reports() {
        return Collections.unmodifiableList(reports);
    }

    public LockRules locks() {
        return locks;
    }

    public List<ProcessCheck> checks() {
        return Collections.unmodifiableList(checks);
    }

    /** What to run next, every pack's, in pack order. */
    public List<NextStep> nextSteps() {
        return Collections.unmodifiableList(nextSteps);
    }

    /**
     * A frame gdb could not name in a shared library that waits only through the C library: it was running. Not a
     * library whose code makes its system calls itself, the C library first (shapes.json own_system_calls).
     */
    public boolean unnamedLibraryCodeRuns(Frame unnamed) {
        String path = unnamed.library();
        if (path == null || unnamed.signalHandler() || ownSystemCallPacks.contains(libraries.libraryOf(unnamed))) {
            return false;
        }
        return ownSystemCalls.stream().noneMatch(p -> p.matcher(path).find());
    }

    /**
     * The share of a CPU, in percent, at which the kernel's view of a thread over a live capture's window shows it
     * working (the generic pack's shapes.json; 100 when no pack says).
     */
    public int busyCpuPercent() {
        return busyCpuPercent;
    }

    /** A shape of stack a home wait may name ("parked"), or null. */
    public Shape shape(String id) {
        return shapes.get(id);
    }

    /** The argument names that say what a wait is on, in pack order. */
    public List<ObjectArgument> objects() {
        return Collections.unmodifiableList(objects);
    }

    Set<String> packIds() {
        Set<String> ids = new HashSet<>();
        loaded.forEach(p -> ids.add(p.pack().id()));
        return ids;
    }

    Set<String> roleIds() {
        Set<String> ids = new HashSet<>();
        loaded.forEach(p -> p.roles().forEach(r -> ids.add(r.id())));
        return ids;
    }

    /**
     * This knowledge with {@code extra} entries merged over it: an extra entry replaces any that claims one of its
     * names in its library, or its id.
     */
    KnowledgeBase withEntries(List<FunctionEntry> extra) {
        List<PackData> merged = new ArrayList<>();
        for (PackData p : loaded) {
            List<FunctionEntry> kept = new ArrayList<>();
            for (FunctionEntry e : p.functions()) {
                boolean replaced = false;
                for (FunctionEntry x : extra) {
                    if (x.id().equals(e.id()) || x.library().equals(e.library())
                            && (x.names().stream().anyMatch(e.names()::contains)
                            || x.isPattern() && e.isPattern() && x.pattern().pattern().equals(e.pattern().pattern()))) {
                        replaced = true;
                        break;
                    }
                }
                if (!replaced) {
                    kept.add(e);
                }
            }
            for (FunctionEntry x : extra) {
                if (x.library().equals(p.pack().id())) {
                    kept.add(x);
                }
            }
            merged.add(p.withFunctions(kept));
        }
        return rebuild(merged);
    }

    /** This knowledge with a user's pack: it replaces a loaded pack of the same id, else it comes first. */
    KnowledgeBase withPack(PackData pack) throws KnowledgeException {
        List<PackData> merged = new ArrayList<>(loaded);
        int i = 0;
        while (i < merged.size() && !merged.get(i).pack().id().equals(pack.pack().id())) {
            i++;
        }
        if (i < merged.size()) {
            merged.set(i, pack);
        } else {
            merged.add(0, pack);
        }
        List<FunctionEntry> all = new ArrayList<>();
        merged.forEach(p -> all.addAll(p.functions()));
        PackReader.checkUnique(all);
        return of(states, normalizer, merged);
    }

    private KnowledgeBase rebuild(List<PackData> merged) {
        return new KnowledgeBase(states, normalizer, merged, merged, Map.of());
    }
}
