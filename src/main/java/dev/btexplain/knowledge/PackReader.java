package dev.btexplain.knowledge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Makes the knowledge's types of the files' records ({@link PackJson}), checking what a schema cannot: that each
 * regular expression compiles, each id names a state, wait kind, category or role that exists, each source names an
 * upstream file, and the fields that go together do. Every error names the file and the entry (index and id).
 */
final class PackReader {
    private static final Pattern SOURCE_SHAPE = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+: \\S.*");
    private static final Pattern PACK_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final List<String> CONFIDENCES = List.of("certain", "likely", "possible");

    private PackReader() {
    }

    /** A pack id as the loader takes it (its folder's name): lower case letters, digits and '-'. */
    static boolean isPackId(String id) {
        return PACK_ID.matcher(id).matches();
    }

    static Pack manifest(String file, byte[] bytes) throws KnowledgeException {
        PackJson.Manifest n = PackJson.read(file, bytes, PackJson.Manifest.class);
        String article = n.article() == null ? "a" : n.article();
        if (!article.equals("a") && !article.equals("an")) {
            throw new KnowledgeException(file + ": article must be \"a\" or \"an\"");
        }
        String id = required(n.id(), "id", file);
        if (!isPackId(id)) {
            throw new KnowledgeException(file + ": id \"" + id + "\" must be lower case letters, digits and '-'");
        }
        Pack.Kind kind = null;
        for (Pack.Kind k : Pack.Kind.values()) {
            if (k.id().equals(required(n.kind(), "kind", file))) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new KnowledgeException(file + ": kind \"" + n.kind() + "\" is not one of program, library, runtime, kernel, base");
        }
        String applies = required(n.applies(), "applies", file);
        if (!applies.equals("always") && !applies.equals("recognised")) {
            throw new KnowledgeException(file + ": applies must be \"always\" or \"recognised\"");
        }
        PackJson.Manifest.Recognise r = n.recognise();
        if (applies.equals("recognised") && r == null) {
            throw new KnowledgeException(file + ": a pack that applies when recognised needs \"recognise\"");
        }
        Pack.Recognition recognition = r == null ? Pack.Recognition.none()
                : new Pack.Recognition(patterns(r.executables(), file), patterns(r.threadNames(), file),
                        new HashSet<>(r.functions()), r.ownFunctions());
        PackJson.Manifest.Library l = n.library();
        LibraryMap.Rule library = l == null ? null : new LibraryMap.Rule(id, patterns(l.paths(), file), patterns(l.sources(), file));
        List<Pack.Program> programs = new ArrayList<>();
        for (PackJson.Manifest.Program p : n.programs()) {
            String where = file + " program " + p.id();
            if (p.names().isEmpty()) {
                throw new KnowledgeException(where + ": \"names\" is missing or empty");
            }
            programs.add(new Pack.Program(required(p.id(), "id", where), required(p.label(), "label", where),
                    oneOf(p.article() == null ? "a" : p.article(), List.of("a", "an"), "article", where), patterns(p.names(), where),
                    mainThread(p.mainThread(), where)));
        }
        return new Pack(id, required(n.label(), "label", file), required(n.summary(), "summary", file), kind,
                applies.equals("always"), recognition, library, mainThread(n.mainThread(), file), n.opaqueUnknownFrames(),
                n.blocksThroughLibraries(), source(n.source(), file), article, programs, runtimeDump(n.runtimeDump(), file));
    }

    private static Pack.RuntimeDump runtimeDump(PackJson.Manifest.RuntimeDump d, String file) throws KnowledgeException {
        if (d == null) {
            return null;
        }
        String where = file + " runtime_dump";
        Pack.ThreadId id = Pack.ThreadId.valueOf(oneOf(required(d.threadId(), "thread_id", where), List.of("lwp", "pthread", "frames"),
                "thread_id", where).toUpperCase(java.util.Locale.ROOT));
        List<String> framesAt = d.framesAt() == null ? List.of() : d.framesAt();
        if (framesAt.isEmpty() && id != Pack.ThreadId.FRAMES) {
            throw new KnowledgeException(where + ": \"frames_at\" is missing or empty");
        }
        String format = required(d.format(), "format", where);
        if (!d.command().isEmpty() && !d.command().get(0).startsWith("{exe_dir}/")) {
            // a capture runs it as root against the process: only the runtime's own tool, beside its executable
            throw new KnowledgeException(where + ": \"command\" must run a tool beside the process's executable ({exe_dir}/…)");
        }
        for (String c : d.gdbCommands()) {
            if (!GDB_VIEW_COMMAND.matcher(c).matches()) {
                // a capture runs them as root inside gdb, where "shell" or "python" would run anything: only a command of
                // the runtime's gdb extension, for every thread, silently where it does not apply
                throw new KnowledgeException(where + ": \"gdb_commands\" must each be \"thread apply all -s NAME\" (NAME: a gdb "
                        + "command's name, no arguments): " + c);
            }
        }
        if (!d.gdbCommands().isEmpty() && d.gdbMissing() == null) {
            throw new KnowledgeException(where + ": \"gdb_commands\" need \"gdb_missing\" (what to do when gdb printed nothing for them)");
        }
        return new Pack.RuntimeDump(id, Set.copyOf(framesAt), d.replaceRest(), d.hidesCalls(), format, d.command(),
                d.gdbCommands(), d.gdbMissing(), source(d.source(), where));
    }

    /** The one form a pack's gdb command may take: an argument-less command of the runtime's extension, for every thread. */
    private static final java.util.regex.Pattern GDB_VIEW_COMMAND = java.util.regex.Pattern.compile("thread apply all -s [a-z][a-z0-9-]{0,39}");

    private static Pack.MainThread mainThread(PackJson.Manifest.MainThread m, String where) throws KnowledgeException {
        return m == null ? null : new Pack.MainThread(required(m.role(), "role", where),
                confidence(required(m.confidence(), "confidence", where), where), required(m.why(), "why", where));
    }

    /**
     * A function file: a JSON array of entries. {@code pack}: the pack the file belongs to (entries may omit
     * {@code library}, and must not name another), null for a user's file, whose entries each name one of
     * {@code packs}. {@code roleIds} null: role hints are checked later against the pack's roles. {@code sorted}: the
     * built-in files keep entries sorted by name.
     */
    static List<FunctionEntry> functions(String file, byte[] bytes, String pack, Set<String> packs, Set<String> roleIds,
                                         boolean sorted) throws KnowledgeException {
        PackJson.Function[] entries = PackJson.read(file, bytes, PackJson.Function[].class);
        List<FunctionEntry> out = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < entries.length; i++) {
            PackJson.Function n = entries[i];
            if (n == null) {
                throw new KnowledgeException(file + " entry " + (i + 1) + ": must be an object");
            }
            String where = file + " entry " + (i + 1) + (n.id() != null ? " (" + n.id() + ")" : "");
            FunctionEntry e = function(n, where, file, pack, packs, roleIds);
            String key = sortKey(e);
            if (sorted && previous != null && key.compareTo(previous) < 0) {
                throw new KnowledgeException(where + ": out of order (entries are sorted by their first name, "
                        + "case-insensitively; it belongs before \"" + previous + "\")");
            }
            previous = key;
            out.add(e);
        }
        return out;
    }

    static String sortKey(FunctionEntry e) {
        return (e.isPattern() ? e.pattern().pattern() : e.names().get(0)).toLowerCase(java.util.Locale.ROOT);
    }

    private static FunctionEntry function(PackJson.Function n, String where, String file, String pack, Set<String> packs,
                                          Set<String> roleIds) throws KnowledgeException {
        String id = required(n.id(), "id", where);
        for (String x : n.names()) {
            if (x == null || x.isBlank()) {
                throw new KnowledgeException(where + ": \"names\" holds an empty or non-text name");
            }
        }
        Pattern pattern = null;
        if (n.pattern() != null) {
            try {
                pattern = Pattern.compile(required(n.pattern(), "pattern", where));
            } catch (PatternSyntaxException e) {
                throw new KnowledgeException(where + ": \"pattern\" is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        if (n.names().isEmpty() == (pattern == null)) {
            throw new KnowledgeException(where + ": needs exactly one of \"names\" (exact) or \"pattern\" (regex)");
        }
        String library = n.library();
        if (library == null && pack == null) {
            throw new KnowledgeException(where + ": \"library\" is missing (the pack the entry joins: one of " + packs + ")");
        }
        library = library == null ? pack : library;
        if (pack != null && !library.equals(pack) || !packs.contains(library)) {
            throw new KnowledgeException(where + ": unknown library \"" + library + "\" (known: "
                    + (pack != null ? "[" + pack + "], this pack" : packs) + ")");
        }
        Category category = Category.fromId(required(n.category(), "category", where));
        if (category == null) {
            throw new KnowledgeException(where + ": unknown category \"" + n.category() + "\"");
        }
        if (n.roleHint() != null && roleIds != null && !roleIds.contains(n.roleHint())) {
            throw new KnowledgeException(where + ": role_hint \"" + n.roleHint() + "\" is not a role of any pack");
        }
        if (n.source() == null || n.source().isBlank()) {
            throw new KnowledgeException(where + ": has no \"source\" (the upstream file that shows it, \"owner/repo: path\")");
        }
        List<FunctionEntry.ArgumentRule> rules = new ArrayList<>();
        for (PackJson.Function.ArgumentRule r : n.argumentRules()) {
            if (r.when().isEmpty() || r.nonblocking() == (r.waitKind() != null)) {
                throw new KnowledgeException(where + " argument rule: needs \"when\" and exactly one of \"nonblocking\" or \"wait_kind\"");
            }
            rules.add(new FunctionEntry.ArgumentRule(new LinkedHashMap<>(r.when()), r.nonblocking(), r.waitKind(),
                    required(r.why(), "why", where + " argument rule")));
        }
        return new FunctionEntry(id, List.copyOf(n.names()), pattern, library, category, n.roleHint(),
                required(n.meaning(), "meaning", where), source(n.source(), where), n.versions(), new LinkedHashMap<>(n.arguments()),
                n.waitsFor(), n.waitKind(), n.target(), n.needsKnownCaller(), n.lock(), n.condvarLock(), n.signal(), n.message(),
                List.copyOf(n.unnamedCallerOf()), n.unnamedCallerIn() == null ? null : compile(n.unnamedCallerIn(), where),
                n.request(), n.nonblockingCalls(), rules, n.checked(), file);
    }

    /** No id twice; no name claimed twice for one library. */
    static void checkUnique(List<FunctionEntry> entries) throws KnowledgeException {
        Map<String, FunctionEntry> ids = new HashMap<>();
        Map<String, FunctionEntry> names = new HashMap<>();
        for (FunctionEntry e : entries) {
            FunctionEntry other = ids.put(e.id(), e);
            if (other != null) {
                throw new KnowledgeException(e.file() + ": duplicate id \"" + e.id() + "\" (also in " + other.file() + ")");
            }
            List<String> keys = e.isPattern() ? List.of("/" + e.pattern().pattern() + "/") : e.names();
            for (String name : keys) {
                other = names.put(e.library() + ":" + name, e);
                if (other != null) {
                    throw new KnowledgeException(e.file() + ": " + e.id() + " claims \"" + name + "\" for " + e.library()
                            + ", already claimed by " + other.id());
                }
            }
        }
    }

    /** shapes.json: the shapes of stack home waits may name; their wait kinds must be states.json's. */
    static List<Shape> shapes(String file, PackJson.Shapes root, StateRules states) throws KnowledgeException {
        List<Shape> out = new ArrayList<>();
        for (PackJson.Shapes.Shape n : root.shapes()) {
            String where = file + " shape " + n.id();
            Set<String> kinds = new HashSet<>(n.waitKinds());
            for (String k : kinds) {
                waitKind(k, states, where);
            }
            if (kinds.isEmpty() || n.maxFrames() == null || n.maxFrames() < 0) {
                throw new KnowledgeException(where + ": needs \"wait_kinds\" and a \"max_frames\" of 0 or more");
            }
            out.add(new Shape(required(n.id(), "id", where), required(n.label(), "label", where), kinds, n.maxFrames(),
                    required(n.why(), "why", where), List.copyOf(n.setBy()), source(n.source(), where)));
        }
        return out;
    }

    /** shapes.json's busy_cpu_percent (1 to 100, or null when absent) and own_system_calls (each a library path pattern or a pack). */
    static PackData.StackReading stackReading(String file, PackJson.Shapes root) throws KnowledgeException {
        Integer busy = root.busyCpuPercent();
        if (busy != null && (busy < 1 || busy > 100)) {
            throw new KnowledgeException(file + ": busy_cpu_percent must be a whole number from 1 to 100");
        }
        List<Pattern> own = new ArrayList<>();
        List<String> ownPacks = new ArrayList<>();
        for (PackJson.Shapes.OwnSystemCalls l : root.ownSystemCalls()) {
            String where = file + " own_system_calls";
            required(l.source(), "source", where);
            if ((l.pack() != null) == (l.library() != null)) {
                throw new KnowledgeException(where + ": each needs a \"library\" path pattern or a \"pack\", not both");
            }
            if (l.pack() != null) {
                ownPacks.add(l.pack());
            } else {
                own.add(compile(required(l.library(), "library", where), where));
            }
        }
        return new PackData.StackReading(busy, own, ownPacks);
    }

    static List<RoleDefinition> roles(String file, byte[] bytes, String pack) throws KnowledgeException {
        List<PackJson.Roles.Role> all = PackJson.read(file, bytes, PackJson.Roles.class).roles();
        if (all.isEmpty()) {
            throw new KnowledgeException(file + ": needs a \"roles\" array");
        }
        List<RoleDefinition> roles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            PackJson.Roles.Role n = all.get(i);
            String where = file + " role " + (i + 1) + (n.id() != null ? " (" + n.id() + ")" : "");
            String id = required(n.id(), "id", where);
            if (!ids.add(id)) {
                throw new KnowledgeException(where + ": duplicate role id");
            }
            List<RoleDefinition.NamePattern> names = new ArrayList<>();
            for (PackJson.Roles.NamePattern x : n.names()) {
                names.add(new RoleDefinition.NamePattern(compile(required(x.pattern(), "pattern", where), where),
                        required(x.who(), "who", where)));
            }
            List<RoleDefinition.Clue> clues = new ArrayList<>();
            for (PackJson.Roles.Clue x : n.clues()) {
                String confidence = confidence(required(x.confidence(), "confidence", where), where + ": clue");
                if (x.framesAll().isEmpty() && x.library() == null && x.threadNumber() == null) {
                    throw new KnowledgeException(where + ": a clue needs frames_all, library or thread_number");
                }
                clues.add(new RoleDefinition.Clue(new HashSet<>(x.framesAll()), x.library() == null ? null : compile(x.library(), where),
                        x.onlyKnownPackFrames(), x.notMainThread(), x.noOtherLibraries(), x.threadNumber(), confidence,
                        required(x.why(), "why", where)));
            }
            List<RoleDefinition.Template> templates = new ArrayList<>();
            for (PackJson.Roles.Template x : n.explain()) {
                String state = required(x.state(), "state", where);
                if (!KnowledgeLoader.STATES.contains(state) && !state.equals("*")) {
                    throw new KnowledgeException(where + ": template for unknown state \"" + state + "\"");
                }
                if (x.activity() != null && !x.activity().equals("idle") && !x.activity().equals("waiting")) {
                    throw new KnowledgeException(where + ": a template's activity is \"idle\" or \"waiting\"");
                }
                templates.add(new RoleDefinition.Template(state, x.whenFrame(), x.activity(), required(x.text(), "text", where)));
            }
            List<RoleDefinition.HomeWait> homes = new ArrayList<>();
            for (PackJson.Roles.HomeWait x : n.homeWaits()) {
                homes.add(homeWait(x, where + " home wait"));
            }
            List<RoleDefinition.HomeWait> work = new ArrayList<>();
            for (PackJson.Roles.HomeWait x : n.workWaits()) {
                work.add(homeWait(x, where + " work wait"));
            }
            roles.add(new RoleDefinition(id, required(n.label(), "label", where), pack, required(n.summary(), "summary", where),
                    source(n.source(), where), required(n.who(), "who", where), names, clues, templates, n.kernelTask(),
                    n.nameFirst(), homes, n.nameConfidence() != null ? confidence(n.nameConfidence(), where) : "likely", work));
        }
        return roles;
    }

    private static RoleDefinition.HomeWait homeWait(PackJson.Roles.HomeWait x, String where) throws KnowledgeException {
        Set<String> states = new HashSet<>(states(x.states(), where));
        if (states.isEmpty()) {
            throw new KnowledgeException(where + ": \"states\" is missing or empty");
        }
        Set<String> waits = new HashSet<>(x.waits());
        Set<String> through = new HashSet<>(x.through());
        if (waits.isEmpty() && through.isEmpty() && x.shape() == null) {
            throw new KnowledgeException(where + ": needs \"waits\", \"through\" or a \"shape\" (a home wait must say where it is)");
        }
        Set<String> entries = new HashSet<>(x.loopEntries());
        if (!through.containsAll(entries)) {
            throw new KnowledgeException(where + ": every loop entry is also a function the wait is reached through");
        }
        return new RoleDefinition.HomeWait(states, waits, through, entries, required(x.why(), "why", where),
                source(x.source(), where), x.shape(), new HashSet<>(x.waitKinds()),
                x.confidence() == null ? null : confidence(x.confidence(), where));
    }

    static StateRules states(String file, byte[] bytes) throws KnowledgeException {
        PackJson.States root = PackJson.read(file, bytes, PackJson.States.class);
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> meanings = new LinkedHashMap<>();
        for (PackJson.States.State n : root.states()) {
            String id = required(n.id(), "id", file + " states");
            texts.put(id, required(n.text(), "text", file + " state " + id));
            meanings.put(id, required(n.meaning(), "meaning", file + " state " + id));
        }
        if (!texts.keySet().equals(new LinkedHashSet<>(KnowledgeLoader.STATES))) {
            throw new KnowledgeException(file + ": must define exactly the contract's states " + KnowledgeLoader.STATES
                    + ", found " + texts.keySet());
        }
        Map<Category, String> byCategory = new HashMap<>();
        for (Map.Entry<String, String> e : root.categories().entrySet()) {
            byCategory.put(category(e.getKey(), file), state(e.getValue(), file));
        }
        List<StateRules.Refinement> refinements = new ArrayList<>();
        for (PackJson.States.Refinement n : root.refinements()) {
            refinements.add(new StateRules.Refinement(category(n.inner(), file), category(n.outer(), file), state(n.state(), file),
                    n.adjacent(), required(n.why(), "why", file + " refinements")));
        }
        Set<String> fatal = new HashSet<>(root.fatalSignals());
        if (fatal.isEmpty()) {
            throw new KnowledgeException(file + ": needs a \"fatal_signals\" list");
        }
        Map<String, String> numbers = new HashMap<>(root.signalNumbers());
        Map<String, String> fatalNumbers = new HashMap<>();
        numbers.forEach((number, name) -> {
            if (fatal.contains(name)) {
                fatalNumbers.put(number, name);
            }
        });
        if (!numbers.values().containsAll(fatal)) {
            throw new KnowledgeException(file + ": every fatal signal needs its number in \"signal_numbers\"");
        }
        Map<String, StateRules.WaitKind> kinds = new LinkedHashMap<>();
        Map<Category, String> kindByCategory = new HashMap<>();
        for (PackJson.States.WaitKind n : root.waitKinds()) {
            String where = file + " wait kind " + n.id();
            String id = required(n.id(), "id", where);
            kinds.put(id, new StateRules.WaitKind(id, required(n.label(), "label", where), n.stuckIfUnchanged(), n.onThread(),
                    n.pacesWork(), n.working(), n.text(), n.returnsAtOnceInLoops()));
            for (String c : n.categories()) {
                if (kindByCategory.put(category(c, where), id) != null) {
                    throw new KnowledgeException(where + ": category \"" + c + "\" already has a wait kind");
                }
            }
        }
        List<StateRules.SignalCode> codes = new ArrayList<>();
        for (PackJson.States.SignalCode n : root.signalCodes()) {
            String where = file + " signal code " + n.name();
            if (n.code() == null) {
                throw new KnowledgeException(where + ": \"code\" must be a whole number");
            }
            codes.add(new StateRules.SignalCode(n.signal(), n.code(), required(n.name(), "name", where), n.sent(),
                    required(n.text(), "text", where)));
        }
        List<StateRules.RuntimeState> runtimeStates = new ArrayList<>();
        for (PackJson.States.RuntimeState n : root.runtimeStates()) {
            String where = file + " runtime state " + n.state();
            if (n.onCpu() == (n.category() != null)) {
                throw new KnowledgeException(where + ": a runtime state has a category (a wait) or is on_cpu, one of the two");
            }
            runtimeStates.add(new StateRules.RuntimeState(required(n.runtime(), "runtime", where),
                    compile(required(n.state(), "state", where), where), n.parkedOn() == null ? null : compile(n.parkedOn(), where),
                    n.onCpu() ? null : category(n.category(), where), n.onCpu(), source(n.source(), where)));
        }
        return new StateRules(texts, meanings, byCategory, refinements, fatal, fatalNumbers, numbers, kinds, kindByCategory, codes,
                runtimeStates, required(root.runningInWaitText(), "running_in_wait_text", file));
    }

    /** checks.json (conditions of the whole capture) or patterns.json (a role with a frame: a wait inside work). */
    static List<ProcessCheck> checks(String file, byte[] bytes, String pack, boolean patterns) throws KnowledgeException {
        List<ProcessCheck> checks = new ArrayList<>();
        if (bytes == null) {
            return checks;
        }
        PackJson.Checks root = PackJson.read(file, bytes, PackJson.Checks.class);
        if (!(patterns ? root.checks() : root.patterns()).isEmpty()) {
            throw new KnowledgeException(file + ": patterns.json holds \"patterns\", checks.json \"checks\"");
        }
        for (PackJson.Checks.Check n : patterns ? root.patterns() : root.checks()) {
            String where = file + " " + n.id();
            int conditions = (n.missingRoles().isEmpty() ? 0 : 1) + (n.role() == null ? 0 : 1) + (n.belowPercent() == null ? 0 : 1);
            if (conditions != 1 || (n.role() == null) != (n.frame() == null)) {
                throw new KnowledgeException(where + ": needs exactly one condition: missing_roles, role with frame, or below_percent");
            }
            if (patterns != (n.role() != null)) {
                throw new KnowledgeException(where + ": patterns.json holds a role with a frame, checks.json the other conditions");
            }
            checks.add(new ProcessCheck(required(n.id(), "id", where), pack, List.copyOf(n.missingRoles()), n.role(), n.frame(),
                    n.belowPercent(), n.notNormal(), required(n.text(), "text", where), source(n.source(), where),
                    List.copyOf(n.unlessPrograms())));
        }
        return checks;
    }

    static LockRules locks(String file, byte[] bytes) throws KnowledgeException {
        PackJson.Locks root = PackJson.read(file, bytes, PackJson.Locks.class);
        List<LockRules.Symbol> symbols = new ArrayList<>();
        for (PackJson.Locks.Symbol n : root.symbols()) {
            String where = file + " symbol " + n.lock();
            source(n.source(), where);
            // a lock taken by a function that names it (CPython's GIL) may have no symbol to match
            symbols.add(new LockRules.Symbol(n.pattern() == null ? null : compile(n.pattern(), where), required(n.lock(), "lock", where),
                    required(n.label(), "label", where), List.copyOf(n.ownerExpressions())));
        }
        List<LockRules.Holder> holders = new ArrayList<>();
        for (PackJson.Locks.Holder n : root.holders()) {
            String where = file + " holder " + n.lock() + "/" + n.role();
            source(n.source(), where);
            holders.add(new LockRules.Holder(required(n.lock(), "lock", where), required(n.role(), "role", where),
                    List.copyOf(n.unlessWaitingUnder()), states(n.unlessStates(), where), states(n.onlyStates(), where),
                    required(n.why(), "why", where)));
        }
        return new LockRules(symbols, holders);
    }

    static List<NextStep> nextSteps(String file, byte[] bytes, String pack, StateRules states) throws KnowledgeException {
        List<NextStep> steps = new ArrayList<>();
        if (bytes == null) {
            return steps;
        }
        for (PackJson.NextSteps.Step n : PackJson.read(file, bytes, PackJson.NextSteps.class).nextSteps()) {
            String where = file + " " + n.id();
            PackJson.NextSteps.When when = n.when() == null ? new PackJson.NextSteps.When(null, List.of(), null, null, null, null) : n.when();
            if ((when.trigger() == null) == (when.role().isEmpty() && when.state() == null && when.waitKind() == null)
                    || when.activity() != null && when.role().isEmpty() && when.state() == null) {
                throw new KnowledgeException(where + ": \"when\" needs a trigger, or a role, a state and/or a wait_kind");
            }
            if (when.waitKind() != null) {
                waitKind(when.waitKind(), states, where);
            }
            if (when.trigger() != null && !NextStep.TRIGGERS.contains(when.trigger())) {
                throw new KnowledgeException(where + ": unknown trigger \"" + when.trigger() + "\" (one of " + NextStep.TRIGGERS + ")");
            }
            if (when.state() != null) {
                state(when.state(), where);
            }
            if (when.activity() != null) {
                oneOf(when.activity(), List.of("idle", "running", "waiting"), "activity", where);
            }
            if (when.unless() != null && !NextStep.TRIGGERS.contains(when.unless())) {
                throw new KnowledgeException(where + ": unknown trigger \"" + when.unless() + "\" in unless (one of " + NextStep.TRIGGERS + ")");
            }
            steps.add(new NextStep(required(n.id(), "id", where), pack, required(n.text(), "text", where), when.trigger(),
                    List.copyOf(when.role()), when.state(), when.waitKind(), when.activity(), n.replaces(), when.unless()));
        }
        return steps;
    }

    static List<ObjectArgument> waitObjects(String file, byte[] bytes, String pack) throws KnowledgeException {
        List<ObjectArgument> out = new ArrayList<>();
        if (bytes == null) {
            return out;
        }
        for (PackJson.Waits.WaitObject n : PackJson.read(file, bytes, PackJson.Waits.class).objects()) {
            String where = file + " " + n.argument();
            if (n.ownerByAddress() != null && !n.ownerByAddress().contains("{address}")) {
                throw new KnowledgeException(where + ": owner_by_address needs {address}");
            }
            if (n.ownerBySymbol() != null && !n.ownerBySymbol().contains("{symbol}")) {
                throw new KnowledgeException(where + ": owner_by_symbol needs {symbol}");
            }
            out.add(new ObjectArgument(pack, required(n.argument(), "argument", where), required(n.label(), "label", where),
                    new HashSet<>(states(n.states(), where)), n.lock(), n.ownerByAddress(), n.ownerBySymbol()));
        }
        return out;
    }

    /** A wait kind of states.json; an entry naming another is refused. */
    static void waitKind(String kind, StateRules states, String where) throws KnowledgeException {
        if (!states.waitKinds().containsKey(kind)) {
            throw new KnowledgeException(where + ": unknown wait_kind \"" + kind + "\" (states.json: "
                    + new TreeSet<>(states.waitKinds().keySet()) + ")");
        }
    }

    /** A check of one value that makes it into its type, or refuses it. */
    private interface Check<T> {
        T apply(String value, String where) throws KnowledgeException;
    }

    /** Each value checked (and made into its type) in order. */
    private static <T> List<T> each(List<String> values, String where, Check<T> check) throws KnowledgeException {
        List<T> out = new ArrayList<>();
        for (String v : values) {
            out.add(check.apply(v, where));
        }
        return out;
    }

    private static List<Pattern> patterns(List<String> regexes, String where) throws KnowledgeException {
        return each(regexes, where, PackReader::compile);
    }

    static String confidence(String value, String where) throws KnowledgeException {
        return oneOf(value, CONFIDENCES, "confidence", where);
    }

    static String oneOf(String value, List<String> allowed, String field, String where) throws KnowledgeException {
        if (!allowed.contains(value)) {
            throw new KnowledgeException(where + ": " + field + " \"" + value + "\" is not one of " + allowed);
        }
        return value;
    }

    private static Category category(String id, String file) throws KnowledgeException {
        Category c = Category.fromId(id);
        if (c == null) {
            throw new KnowledgeException(file + ": unknown category \"" + id + "\"");
        }
        return c;
    }

    private static String state(String id, String where) throws KnowledgeException {
        if (!KnowledgeLoader.STATES.contains(id)) {
            throw new KnowledgeException(where + ": unknown state \"" + id + "\"");
        }
        return id;
    }

    private static List<String> states(List<String> ids, String where) throws KnowledgeException {
        return each(ids, where, PackReader::state);
    }

    static Pattern compile(String regex, String where) throws KnowledgeException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new KnowledgeException(where + ": \"" + regex + "\" is not a valid regular expression: " + e.getDescription());
        }
    }

    /** A source must name the upstream file that shows the fact: "owner/repo: path". */
    static String source(String source, String where) throws KnowledgeException {
        required(source, "source", where);
        if (!SOURCE_SHAPE.matcher(source).matches()) {
            throw new KnowledgeException(where + ": source \"" + source + "\" is not of the form \"owner/repo: path\"");
        }
        return source;
    }

    /** A value the file must give, not blank. */
    static String required(String value, String field, String where) throws KnowledgeException {
        if (value == null || value.isBlank()) {
            throw new KnowledgeException(where + ": \"" + field + "\" is missing or empty");
        }
        return value;
    }
}
