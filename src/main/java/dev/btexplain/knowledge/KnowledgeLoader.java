package dev.btexplain.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates the knowledge under {@code src/main/resources/knowledge/} (see its README.md): the contract's
 * states, the name decorations, and one folder per pack. Every error names the file and the entry (index and id)
 * or line, and loading stops at the first one: a knowledge base with a wrong entry is not used.
 */
public final class KnowledgeLoader {
    /** The states of CONTRACT.md; states.json must define exactly these. */
    public static final List<String> STATES = List.of("running", "idle-poll", "wait-futex", "wait-condvar",
            "wait-mutex", "io", "sleep", "guest-exec", "crashed", "unknown");
    /** The files a pack folder may hold besides pack.json; any other file is refused. */
    public static final List<String> PACK_FILES = List.of("pack.json", "functions.json", "roles.json", "waits.json",
            "locks.json", "checks.json", "patterns.json", "next-steps.json", "reports.json", "shapes.json", "README.md");
    private static final Pattern SOURCE_SHAPE = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+: \\S.*");
    private static final Pattern PACK_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** Made on first use: the built-in knowledge is read from its prepared form, without a JSON parser. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The build's bundle of the built-in files, read once; null when there is none. */
    private static final class Prepared {
        static final Map<String, byte[]> FILES = read();

        private static Map<String, byte[]> read() {
            try {
                return CompactTree.bundle();
            } catch (IOException e) {
                return null; // unreadable: the JSON files are read instead
            }
        }
    }
    private static final String ROOT = "/knowledge/";

    private KnowledgeLoader() {
    }

    /** Where a pack's files are read from: the jar's resources or a folder; null for a file the pack does not have. */
    interface PackFiles {
        byte[] read(String name) throws KnowledgeException;

        String where(String name);
    }

    public static KnowledgeBase loadBuiltIn() throws KnowledgeException {
        StateRules states = readStates("states.json", resource("states.json"));
        List<PackData> packs = new ArrayList<>();
        for (String id : lines("packs/packs.txt")) {
            String dir = "packs/" + id + "/";
            packs.add(readPack(id, new PackFiles() {
                @Override
                public byte[] read(String name) throws KnowledgeException {
                    return optionalResource(dir + name);
                }

                @Override
                public String where(String name) {
                    return dir + name;
                }
            }, states, true));
        }
        return KnowledgeBase.of(states, readNormalizer(), packs);
    }

    /**
     * The built-in knowledge with the user's additions: a folder is a whole pack (it replaces a built-in pack of the
     * same id), a file is a list of function entries, each naming the pack ({@code library}) it joins.
     */
    public static KnowledgeBase loadWith(List<Path> userFiles) throws KnowledgeException {
        KnowledgeBase kb = KnowledgeBase.builtIn();
        for (Path p : userFiles) {
            PackSchema.check(PackSchema.errors(p));
            if (Files.isDirectory(p)) {
                kb = kb.withPack(readPack(p.getFileName().toString(), folder(p), kb.states(), false));
                continue;
            }
            try (InputStream in = Files.newInputStream(p)) {
                List<FunctionEntry> extra = readFunctions(p.toString(), in.readAllBytes(), null, kb.packIds(), kb.roleIds(), false);
                checkUnique(extra);
                kb = kb.withEntries(extra);
            } catch (IOException e) {
                throw new KnowledgeException(p + ": cannot read: " + e.getMessage());
            }
        }
        return kb;
    }

    static PackFiles folder(Path dir) throws KnowledgeException {
        try (var list = Files.list(dir)) {
            for (Path f : (Iterable<Path>) list::iterator) {
                if (!PACK_FILES.contains(f.getFileName().toString())) {
                    throw new KnowledgeException(f + ": not a file a pack holds (" + String.join(", ", PACK_FILES) + ")");
                }
            }
        } catch (IOException e) {
            throw new KnowledgeException(dir + ": cannot read: " + e.getMessage());
        }
        return new PackFiles() {
            @Override
            public byte[] read(String name) throws KnowledgeException {
                Path f = dir.resolve(name);
                try {
                    return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
                } catch (IOException e) {
                    throw new KnowledgeException(f + ": cannot read: " + e.getMessage());
                }
            }

            @Override
            public String where(String name) {
                return dir.resolve(name).toString();
            }
        };
    }

    /** One pack folder, validated; {@code builtIn}: its function file keeps its entries sorted and checked. */
    static PackData readPack(String folderName, PackFiles files, StateRules states, boolean builtIn) throws KnowledgeException {
        String manifestFile = files.where("pack.json");
        byte[] manifestBytes = files.read("pack.json");
        if (manifestBytes == null) {
            throw new KnowledgeException(manifestFile + ": a pack needs a pack.json (its id, label, kind and how it is recognised)");
        }
        Pack pack = readManifest(manifestFile, manifestBytes);
        if (!pack.id().equals(folderName)) {
            throw new KnowledgeException(manifestFile + ": id \"" + pack.id() + "\" differs from its folder's name \"" + folderName + "\"");
        }
        byte[] roleBytes = files.read("roles.json");
        List<RoleDefinition> roles = roleBytes == null ? List.of() : readRoles(files.where("roles.json"), roleBytes, pack.id());
        Set<String> roleIds = new HashSet<>();
        roles.forEach(r -> roleIds.add(r.id()));
        byte[] functionBytes = files.read("functions.json");
        List<FunctionEntry> entries = functionBytes == null ? List.of()
                : readFunctions(files.where("functions.json"), functionBytes, pack.id(), Set.of(pack.id()), null, builtIn);
        for (FunctionEntry e : entries) {
            List<String> kinds = new ArrayList<>();
            kinds.add(e.waitKind());
            e.argumentRules().forEach(r -> kinds.add(r.waitKind()));
            for (String k : kinds) {
                if (k != null && !states.waitKinds().containsKey(k)) {
                    throw new KnowledgeException(e.file() + ": " + e.id() + ": unknown wait_kind \"" + k + "\" (states.json: "
                            + new java.util.TreeSet<>(states.waitKinds().keySet()) + ")");
                }
            }
        }
        checkUnique(entries);
        List<ProcessCheck> checks = new ArrayList<>(readChecks(files.where("checks.json"), files.read("checks.json"), pack.id(), "checks"));
        checks.addAll(readChecks(files.where("patterns.json"), files.read("patterns.json"), pack.id(), "patterns"));
        byte[] lockBytes = files.read("locks.json");
        LockRules locks = lockBytes == null ? LockRules.none() : readLocks(files.where("locks.json"), lockBytes);
        byte[] reportBytes = files.read("reports.json");
        List<ReportKind> reports = reportBytes == null ? List.of() : ReportKind.read(files.where("reports.json"), reportBytes);
        byte[] shapeBytes = files.read("shapes.json");
        List<Shape> shapes = readShapes(files.where("shapes.json"), shapeBytes, states);
        PackData.StackReading reading = shapeBytes == null ? null : stackReading(files.where("shapes.json"), parse(files.where("shapes.json"), shapeBytes));
        return new PackData(pack, entries, roles, checks, readNextSteps(files.where("next-steps.json"), files.read("next-steps.json"), pack.id(), states),
                locks, reports, readObjects(files.where("waits.json"), files.read("waits.json"), pack.id()), shapes, reading);
    }

    /** A pack id as the loader takes it (its folder's name): lower case letters, digits and '-'. */
    public static boolean isPackId(String id) {
        return PACK_ID.matcher(id).matches();
    }

    static Pack readManifest(String file, byte[] bytes) throws KnowledgeException {
        JsonNode n = parse(file, bytes);
        known(n, file, "id", "label", "article", "summary", "kind", "applies", "recognise", "library", "main_thread",
                "opaque_unknown_frames", "blocks_through_libraries", "source", "notes");
        String article = n.path("article").asText("a");
        if (!article.equals("a") && !article.equals("an")) {
            throw new KnowledgeException(file + ": article must be \"a\" or \"an\"");
        }
        String id = required(n, "id", file);
        if (!PACK_ID.matcher(id).matches()) {
            throw new KnowledgeException(file + ": id \"" + id + "\" must be lower case letters, digits and '-'");
        }
        Pack.Kind kind = null;
        for (Pack.Kind k : Pack.Kind.values()) {
            if (k.id().equals(required(n, "kind", file))) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new KnowledgeException(file + ": kind \"" + n.get("kind").asText() + "\" is not one of program, library, runtime, kernel, base");
        }
        String applies = required(n, "applies", file);
        if (!applies.equals("always") && !applies.equals("recognised")) {
            throw new KnowledgeException(file + ": applies must be \"always\" or \"recognised\"");
        }
        Pack.Recognition recognition = Pack.Recognition.none();
        JsonNode r = n.get("recognise");
        if (r != null) {
            known(r, file + " recognise", "executables", "thread_names", "functions", "own_functions");
            Set<String> functions = new HashSet<>(texts(r.path("functions")));
            recognition = new Pack.Recognition(patterns(r.path("executables"), file), patterns(r.path("thread_names"), file),
                    functions, r.path("own_functions").asBoolean(false));
        }
        if (applies.equals("recognised") && r == null) {
            throw new KnowledgeException(file + ": a pack that applies when recognised needs \"recognise\"");
        }
        LibraryMap.Rule library = null;
        JsonNode l = n.get("library");
        if (l != null) {
            library = new LibraryMap.Rule(id, patterns(l.path("paths"), file), patterns(l.path("sources"), file));
        }
        Pack.MainThread main = null;
        JsonNode m = n.get("main_thread");
        if (m != null) {
            main = new Pack.MainThread(required(m, "role", file), confidence(required(m, "confidence", file), file),
                    required(m, "why", file));
        }
        return new Pack(id, required(n, "label", file), required(n, "summary", file), kind, applies.equals("always"),
                recognition, library, main, n.path("opaque_unknown_frames").asBoolean(false),
                n.path("blocks_through_libraries").asBoolean(false), sourceShape(required(n, "source", file), file),
                article);
    }

    private static List<Pattern> patterns(JsonNode array, String where) throws KnowledgeException {
        List<Pattern> out = new ArrayList<>();
        for (JsonNode p : array) {
            out.add(compile(p.asText(), where));
        }
        return out;
    }

    private static String confidence(String value, String where) throws KnowledgeException {
        if (!Set.of("certain", "likely", "possible").contains(value)) {
            throw new KnowledgeException(where + ": confidence must be certain, likely or possible");
        }
        return value;
    }

    /** Refuses fields the format does not have: a misspelt field would otherwise be ignored without a word. */
    private static void known(JsonNode n, String where, String... fields) throws KnowledgeException {
        Set<String> known = Set.of(fields);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new KnowledgeException(where + ": unknown field \"" + f + "\"");
            }
        }
    }

    private static byte[] resource(String name) throws KnowledgeException {
        byte[] b = optionalResource(name);
        if (b == null) {
            throw new KnowledgeException(name + ": missing from the build");
        }
        return b;
    }

    /** A built-in file: its prepared form from the build's bundle (CompactTree) when there is one, else the file. */
    private static byte[] optionalResource(String name) throws KnowledgeException {
        Map<String, byte[]> prepared = Prepared.FILES;
        if (prepared != null && name.endsWith(".json")) {
            return prepared.get(name); // null: the pack has no such file
        }
        try (InputStream in = KnowledgeLoader.class.getResourceAsStream(ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new KnowledgeException(name + ": cannot read: " + e.getMessage());
        }
    }

    static JsonNode parse(String file, byte[] bytes) throws KnowledgeException {
        try {
            return CompactTree.isCompact(bytes) ? CompactTree.read(bytes) : Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new KnowledgeException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new KnowledgeException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * A function file: a JSON array of entries. {@code pack}: the pack the file belongs to (entries may omit
     * {@code library}, and must not name another), null for a user's file, whose entries each name one of
     * {@code packs}. {@code roleIds} null: role hints are checked later against the pack's roles. {@code sorted}: the
     * built-in files keep entries sorted by name.
     */
    static List<FunctionEntry> readFunctions(String file, byte[] bytes, String pack, Set<String> packs, Set<String> roleIds,
                                             boolean sorted) throws KnowledgeException {
        JsonNode root = parse(file, bytes);
        if (!root.isArray()) {
            throw new KnowledgeException(file + ": must be a JSON array of function entries");
        }
        List<FunctionEntry> out = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = file + " entry " + (i + 1) + (n.hasNonNull("id") ? " (" + n.get("id").asText() + ")" : "");
            FunctionEntry e = readEntry(n, where, file, pack, packs, roleIds);
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

    private static FunctionEntry readEntry(JsonNode n, String where, String file, String pack, Set<String> packs,
                                           Set<String> roleIds) throws KnowledgeException {
        if (!n.isObject()) {
            throw new KnowledgeException(where + ": must be an object");
        }
        known(n, where, "id", "names", "pattern", "library", "category", "role_hint", "meaning", "source",
                "versions", "arguments", "waits_for", "wait_kind", "target", "needs_known_caller", "lock", "signal", "message",
                "unnamed_caller_of", "unnamed_caller_in", "condvar_lock", "request", "nonblocking_calls", "argument_rules", "checked", "notes");
        String id = required(n, "id", where);
        List<String> names = new ArrayList<>();
        if (n.has("names")) {
            if (!n.get("names").isArray() || n.get("names").isEmpty()) {
                throw new KnowledgeException(where + ": \"names\" must be a non-empty array of function names");
            }
            for (JsonNode x : n.get("names")) {
                if (!x.isTextual() || x.asText().isBlank()) {
                    throw new KnowledgeException(where + ": \"names\" holds an empty or non-text name");
                }
                names.add(x.asText());
            }
        }
        Pattern pattern = null;
        if (n.has("pattern")) {
            String p = required(n, "pattern", where);
            try {
                pattern = Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new KnowledgeException(where + ": \"pattern\" is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        if (names.isEmpty() == (pattern == null)) {
            throw new KnowledgeException(where + ": needs exactly one of \"names\" (exact) or \"pattern\" (regex)");
        }
        String library = optional(n, "library");
        if (library == null && pack == null) {
            throw new KnowledgeException(where + ": \"library\" is missing (the pack the entry joins: one of " + packs + ")");
        }
        library = library == null ? pack : library;
        if (pack != null && !library.equals(pack) || !packs.contains(library)) {
            throw new KnowledgeException(where + ": unknown library \"" + library + "\" (known: "
                    + (pack != null ? "[" + pack + "], this pack" : packs) + ")");
        }
        Category category = Category.fromId(required(n, "category", where));
        if (category == null) {
            throw new KnowledgeException(where + ": unknown category \"" + n.get("category").asText() + "\"");
        }
        String roleHint = optional(n, "role_hint");
        if (roleHint != null && roleIds != null && !roleIds.contains(roleHint)) {
            throw new KnowledgeException(where + ": role_hint \"" + roleHint + "\" is not a role of any pack");
        }
        String meaning = required(n, "meaning", where);
        String source = optional(n, "source");
        if (source == null || source.isBlank()) {
            throw new KnowledgeException(where + ": has no \"source\" (the upstream file that shows it, \"owner/repo: path\")");
        }
        sourceShape(source, where);
        Map<String, String> arguments = new LinkedHashMap<>();
        if (n.has("arguments")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.get("arguments").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> a = it.next();
                arguments.put(a.getKey(), a.getValue().asText());
            }
        }
        return new FunctionEntry(id, names, pattern, library, category, roleHint, meaning, source,
                optional(n, "versions"), arguments, optional(n, "waits_for"), optional(n, "wait_kind"), optional(n, "target"),
                n.path("needs_known_caller").asBoolean(false), optional(n, "lock"), optional(n, "condvar_lock"), optional(n, "signal"), optional(n, "message"),
                texts(n.path("unnamed_caller_of")), n.has("unnamed_caller_in") ? compile(n.get("unnamed_caller_in").asText(), where) : null,
                n.path("request").asBoolean(false), n.path("nonblocking_calls").asBoolean(false), argumentRules(n.path("argument_rules"), where),
                optional(n, "checked"), file);
    }

    /** An entry's argument_rules: each a "when" (argument to value, or "&bits") and what it makes of the call. */
    private static List<FunctionEntry.ArgumentRule> argumentRules(JsonNode rules, String where) throws KnowledgeException {
        List<FunctionEntry.ArgumentRule> out = new ArrayList<>();
        for (JsonNode r : rules) {
            String w = where + " argument rule";
            known(r, w, "when", "nonblocking", "wait_kind", "why");
            Map<String, String> when = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("when").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> c = it.next();
                when.put(c.getKey(), c.getValue().asText());
            }
            boolean nonblocking = r.path("nonblocking").asBoolean(false);
            if (when.isEmpty() || nonblocking == r.hasNonNull("wait_kind")) {
                throw new KnowledgeException(w + ": needs \"when\" and exactly one of \"nonblocking\" or \"wait_kind\"");
            }
            out.add(new FunctionEntry.ArgumentRule(when, nonblocking, optional(r, "wait_kind"), required(r, "why", w)));
        }
        return out;
    }

    /** shapes.json: the shapes of stack home waits may name; their wait kinds must be states.json's. */
    static List<Shape> readShapes(String file, byte[] bytes, StateRules states) throws KnowledgeException {
        List<Shape> out = new ArrayList<>();
        if (bytes == null) {
            return out;
        }
        JsonNode root = parse(file, bytes);
        known(root, file, "comment", "busy_cpu_percent", "own_system_calls", "shapes");
        for (JsonNode n : root.path("shapes")) {
            String where = file + " shape " + n.path("id").asText();
            known(n, where, "id", "label", "wait_kinds", "max_frames", "why", "set_by", "source", "notes");
            Set<String> kinds = new HashSet<>(texts(n.path("wait_kinds")));
            for (String k : kinds) {
                if (!states.waitKinds().containsKey(k)) {
                    throw new KnowledgeException(where + ": unknown wait kind \"" + k + "\" (states.json: "
                            + new java.util.TreeSet<>(states.waitKinds().keySet()) + ")");
                }
            }
            if (kinds.isEmpty() || !n.path("max_frames").canConvertToInt() || n.get("max_frames").asInt() < 0) {
                throw new KnowledgeException(where + ": needs \"wait_kinds\" and a \"max_frames\" of 0 or more");
            }
            out.add(new Shape(required(n, "id", where), required(n, "label", where), kinds, n.get("max_frames").asInt(),
                    required(n, "why", where), texts(n.path("set_by")), sourceShape(required(n, "source", where), where)));
        }
        return out;
    }

    /** shapes.json's busy_cpu_percent (1 to 100, or null when absent) and own_system_calls (each a library path pattern with its source). */
    private static PackData.StackReading stackReading(String file, JsonNode root) throws KnowledgeException {
        JsonNode n = root.get("busy_cpu_percent");
        if (n != null && (!n.canConvertToInt() || n.asInt() < 1 || n.asInt() > 100)) {
            throw new KnowledgeException(file + ": busy_cpu_percent must be a whole number from 1 to 100");
        }
        List<Pattern> own = new ArrayList<>();
        List<String> ownPacks = new ArrayList<>();
        for (JsonNode l : root.path("own_system_calls")) {
            String where = file + " own_system_calls";
            known(l, where, "library", "pack", "source", "checked");
            required(l, "source", where);
            if (l.hasNonNull("pack") == l.hasNonNull("library")) {
                throw new KnowledgeException(where + ": each needs a \"library\" path pattern or a \"pack\", not both");
            }
            if (l.hasNonNull("pack")) {
                ownPacks.add(l.get("pack").asText());
            } else {
                own.add(compile(required(l, "library", where), where));
            }
        }
        return new PackData.StackReading(n == null ? null : n.asInt(), own, ownPacks);
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

    static List<RoleDefinition> readRoles(String file, byte[] bytes, String pack) throws KnowledgeException {
        JsonNode root = parse(file, bytes).path("roles");
        if (!root.isArray() || root.isEmpty()) {
            throw new KnowledgeException(file + ": needs a \"roles\" array");
        }
        List<RoleDefinition> roles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = file + " role " + (i + 1) + (n.hasNonNull("id") ? " (" + n.get("id").asText() + ")" : "");
            known(n, where, "id", "label", "summary", "source", "who", "names", "clues", "explain", "home_waits",
                    "kernel_task", "name_first", "name_confidence", "notes");
            String id = required(n, "id", where);
            if (!ids.add(id)) {
                throw new KnowledgeException(where + ": duplicate role id");
            }
            List<RoleDefinition.NamePattern> names = new ArrayList<>();
            for (JsonNode x : n.path("names")) {
                names.add(new RoleDefinition.NamePattern(compile(required(x, "pattern", where), where),
                        required(x, "who", where)));
            }
            List<RoleDefinition.Clue> clues = new ArrayList<>();
            for (JsonNode x : n.path("clues")) {
                known(x, where + " clue", "frames_all", "library", "only_known_pack_frames", "not_main_thread",
                        "no_other_libraries", "thread_number", "confidence", "why");
                Set<String> frames = new HashSet<>(texts(x.path("frames_all")));
                String confidence = confidence(required(x, "confidence", where), where + ": clue");
                if (frames.isEmpty() && !x.has("library") && !x.has("thread_number")) {
                    throw new KnowledgeException(where + ": a clue needs frames_all, library or thread_number");
                }
                clues.add(new RoleDefinition.Clue(frames, x.has("library") ? compile(x.get("library").asText(), where) : null,
                        x.path("only_known_pack_frames").asBoolean(false),
                        x.path("not_main_thread").asBoolean(false), x.path("no_other_libraries").asBoolean(false),
                        x.has("thread_number") ? x.get("thread_number").asInt() : null, confidence, required(x, "why", where)));
            }
            List<RoleDefinition.Template> templates = new ArrayList<>();
            for (JsonNode x : n.path("explain")) {
                String state = required(x, "state", where);
                if (!STATES.contains(state) && !state.equals("*")) {
                    throw new KnowledgeException(where + ": template for unknown state \"" + state + "\"");
                }
                known(x, where + " template", "state", "when_frame", "activity", "text");
                String activity = optional(x, "activity");
                if (activity != null && !activity.equals("idle") && !activity.equals("waiting")) {
                    throw new KnowledgeException(where + ": a template's activity is \"idle\" or \"waiting\"");
                }
                templates.add(new RoleDefinition.Template(state, optional(x, "when_frame"), activity, required(x, "text", where)));
            }
            List<RoleDefinition.HomeWait> homes = new ArrayList<>();
            for (JsonNode x : n.path("home_waits")) {
                String w = where + " home wait";
                known(x, w, "states", "waits", "through", "loop_entries", "shape", "wait_kinds", "confidence", "why", "source");
                Set<String> states = new HashSet<>();
                for (JsonNode s : x.path("states")) {
                    states.add(state(s.asText(), w));
                }
                if (states.isEmpty()) {
                    throw new KnowledgeException(w + ": \"states\" is missing or empty");
                }
                Set<String> waits = new HashSet<>(texts(x.path("waits")));
                Set<String> through = new HashSet<>(texts(x.path("through")));
                String shape = optional(x, "shape");
                if (waits.isEmpty() && through.isEmpty() && shape == null) {
                    throw new KnowledgeException(w + ": needs \"waits\", \"through\" or a \"shape\" (a home wait must say where it is)");
                }
                String homeConfidence = x.hasNonNull("confidence") ? confidence(x.get("confidence").asText(), w) : null;
                Set<String> entries = new HashSet<>(texts(x.path("loop_entries")));
                if (!through.containsAll(entries)) {
                    throw new KnowledgeException(w + ": every loop entry is also a function the wait is reached through");
                }
                homes.add(new RoleDefinition.HomeWait(states, waits, through, entries, required(x, "why", w),
                        sourceShape(required(x, "source", w), w), shape, new HashSet<>(texts(x.path("wait_kinds"))), homeConfidence));
            }
            String source = sourceShape(required(n, "source", where), where);
            roles.add(new RoleDefinition(id, required(n, "label", where), pack,
                    required(n, "summary", where), source, required(n, "who", where), names, clues, templates,
                    n.path("kernel_task").asBoolean(false), n.path("name_first").asBoolean(false), homes,
                    n.hasNonNull("name_confidence") ? confidence(n.get("name_confidence").asText(), where) : "likely"));
        }
        return roles;
    }

    static StateRules readStates(String file, byte[] bytes) throws KnowledgeException {
        JsonNode root = parse(file, bytes);
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> meanings = new LinkedHashMap<>();
        for (JsonNode n : root.path("states")) {
            String id = required(n, "id", file + " states");
            texts.put(id, required(n, "text", file + " state " + id));
            meanings.put(id, required(n, "meaning", file + " state " + id));
        }
        if (!texts.keySet().equals(new java.util.LinkedHashSet<>(STATES))) {
            throw new KnowledgeException(file + ": must define exactly the contract's states " + STATES + ", found " + texts.keySet());
        }
        Map<Category, String> byCategory = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("categories").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byCategory.put(category(e.getKey(), file), state(e.getValue().asText(), file));
        }
        List<StateRules.Refinement> refinements = new ArrayList<>();
        for (JsonNode n : root.path("refinements")) {
            refinements.add(new StateRules.Refinement(category(n.path("inner").asText(), file),
                    category(n.path("outer").asText(), file), state(n.path("state").asText(), file),
                    n.path("adjacent").asBoolean(false), required(n, "why", file + " refinements")));
        }
        Set<String> fatal = new HashSet<>(texts(root.path("fatal_signals")));
        if (fatal.isEmpty()) {
            throw new KnowledgeException(file + ": needs a \"fatal_signals\" list");
        }
        Map<String, String> numbers = new HashMap<>();
        Map<String, String> fatalNumbers = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("signal_numbers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            numbers.put(e.getKey(), e.getValue().asText());
            if (fatal.contains(e.getValue().asText())) {
                fatalNumbers.put(e.getKey(), e.getValue().asText());
            }
        }
        if (!numbers.values().containsAll(fatal)) {
            throw new KnowledgeException(file + ": every fatal signal needs its number in \"signal_numbers\"");
        }
        Map<String, StateRules.WaitKind> kinds = new LinkedHashMap<>();
        Map<Category, String> kindByCategory = new HashMap<>();
        for (JsonNode n : root.path("wait_kinds")) {
            String where = file + " wait kind " + n.path("id").asText();
            String id = required(n, "id", where);
            kinds.put(id, new StateRules.WaitKind(id, required(n, "label", where), n.path("stuck_if_unchanged").asBoolean(false),
                    n.path("on_thread").asBoolean(false), n.path("paces_work").asBoolean(false),
                    n.path("working").asBoolean(false), optional(n, "text"), n.path("returns_at_once_in_loops").asBoolean(false)));
            for (JsonNode c : n.path("categories")) {
                if (kindByCategory.put(category(c.asText(), where), id) != null) {
                    throw new KnowledgeException(where + ": category \"" + c.asText() + "\" already has a wait kind");
                }
            }
        }
        List<StateRules.SignalCode> codes = new ArrayList<>();
        for (JsonNode n : root.path("signal_codes")) {
            String where = file + " signal code " + n.path("name").asText();
            known(n, where, "signal", "code", "name", "sent", "text");
            if (!n.path("code").canConvertToInt()) {
                throw new KnowledgeException(where + ": \"code\" must be a whole number");
            }
            codes.add(new StateRules.SignalCode(optional(n, "signal"), n.get("code").asInt(), required(n, "name", where),
                    n.path("sent").asBoolean(false), required(n, "text", where)));
        }
        return new StateRules(texts, meanings, byCategory, refinements, fatal, fatalNumbers, numbers, kinds, kindByCategory, codes);
    }

    private static Category category(String id, String file) throws KnowledgeException {
        Category c = Category.fromId(id);
        if (c == null) {
            throw new KnowledgeException(file + ": unknown category \"" + id + "\"");
        }
        return c;
    }

    private static String state(String id, String file) throws KnowledgeException {
        if (!STATES.contains(id)) {
            throw new KnowledgeException(file + ": unknown state \"" + id + "\"");
        }
        return id;
    }

    /** checks.json (conditions of the whole capture) or patterns.json (a role with a frame: a wait inside work). */
    static List<ProcessCheck> readChecks(String file, byte[] bytes, String pack, String array) throws KnowledgeException {
        List<ProcessCheck> checks = new ArrayList<>();
        if (bytes == null) {
            return checks;
        }
        for (JsonNode n : parse(file, bytes).path(array)) {
            String where = file + " " + n.path("id").asText();
            known(n, where, "id", "missing_roles", "role", "frame", "below_percent", "not_normal", "text", "source", "notes");
            List<String> missing = texts(n.path("missing_roles"));
            String role = optional(n, "role");
            Integer below = n.has("below_percent") ? n.get("below_percent").asInt() : null;
            int conditions = (missing.isEmpty() ? 0 : 1) + (role == null ? 0 : 1) + (below == null ? 0 : 1);
            if (conditions != 1 || (role == null) != (optional(n, "frame") == null)) {
                throw new KnowledgeException(where + ": needs exactly one condition: missing_roles, role with frame, or below_percent");
            }
            if (array.equals("patterns") != (role != null)) {
                throw new KnowledgeException(where + ": patterns.json holds a role with a frame, checks.json the other conditions");
            }
            checks.add(new ProcessCheck(required(n, "id", where), pack, missing, role,
                    optional(n, "frame"), below, n.path("not_normal").asBoolean(false), required(n, "text", where),
                    sourceShape(required(n, "source", where), where)));
        }
        return checks;
    }

    static LockRules readLocks(String file, byte[] bytes) throws KnowledgeException {
        JsonNode root = parse(file, bytes);
        known(root, file, "comment", "symbols", "holders", "source");
        List<LockRules.Symbol> symbols = new ArrayList<>();
        for (JsonNode n : root.path("symbols")) {
            String where = file + " symbol " + n.path("lock").asText();
            known(n, where, "pattern", "lock", "label", "owner_expressions", "source", "notes");
            List<String> expressions = texts(n.path("owner_expressions"));
            sourceShape(required(n, "source", where), where);
            // a lock taken by a function that names it (CPython's GIL) may have no symbol to match
            symbols.add(new LockRules.Symbol(n.hasNonNull("pattern") ? compile(n.get("pattern").asText(), where) : null, required(n, "lock", where),
                    required(n, "label", where), expressions));
        }
        List<LockRules.Holder> holders = new ArrayList<>();
        for (JsonNode n : root.path("holders")) {
            String where = file + " holder " + n.path("lock").asText() + "/" + n.path("role").asText();
            known(n, where, "lock", "role", "unless_waiting_under", "unless_states", "only_states", "why", "source");
            sourceShape(required(n, "source", where), where);
            List<String> under = texts(n.path("unless_waiting_under"));
            List<String> states = new ArrayList<>();
            for (JsonNode x : n.path("unless_states")) {
                states.add(state(x.asText(), file));
            }
            List<String> only = new ArrayList<>();
            for (JsonNode x : n.path("only_states")) {
                only.add(state(x.asText(), file));
            }
            holders.add(new LockRules.Holder(required(n, "lock", where), required(n, "role", where), under, states, only,
                    required(n, "why", where)));
        }
        return new LockRules(symbols, holders);
    }

    static List<NextStep> readNextSteps(String file, byte[] bytes, String pack, StateRules states) throws KnowledgeException {
        List<NextStep> steps = new ArrayList<>();
        if (bytes == null) {
            return steps;
        }
        for (JsonNode n : parse(file, bytes).path("next_steps")) {
            String where = file + " " + n.path("id").asText();
            known(n, where, "id", "when", "replaces", "text", "notes");
            JsonNode when = n.path("when");
            known(when, where + " when", "trigger", "role", "state", "wait_kind");
            String trigger = optional(when, "trigger");
            // "role": one role id, or a list of them
            List<String> roles = when.path("role").isArray() ? texts(when.path("role")) : when.hasNonNull("role")
                    ? List.of(when.get("role").asText()) : List.of();
            String state = optional(when, "state");
            String waitKind = optional(when, "wait_kind");
            if ((trigger == null) == (roles.isEmpty() && state == null && waitKind == null)) {
                throw new KnowledgeException(where + ": \"when\" needs a trigger, or a role, a state and/or a wait_kind");
            }
            if (waitKind != null && !states.waitKinds().containsKey(waitKind)) {
                throw new KnowledgeException(where + ": unknown wait_kind \"" + waitKind + "\" (states.json: "
                        + new java.util.TreeSet<>(states.waitKinds().keySet()) + ")");
            }
            if (trigger != null && !NextStep.TRIGGERS.contains(trigger)) {
                throw new KnowledgeException(where + ": unknown trigger \"" + trigger + "\" (one of " + NextStep.TRIGGERS + ")");
            }
            if (state != null) {
                state(state, where);
            }
            steps.add(new NextStep(required(n, "id", where), pack, required(n, "text", where), trigger, roles, state,
                    waitKind, optional(n, "replaces")));
        }
        return steps;
    }

    static List<ObjectArgument> readObjects(String file, byte[] bytes, String pack) throws KnowledgeException {
        List<ObjectArgument> out = new ArrayList<>();
        if (bytes == null) {
            return out;
        }
        for (JsonNode n : parse(file, bytes).path("objects")) {
            String where = file + " " + n.path("argument").asText();
            known(n, where, "argument", "label", "states", "lock", "owner_by_address", "owner_by_symbol");
            String byAddress = optional(n, "owner_by_address");
            if (byAddress != null && !byAddress.contains("{address}")) {
                throw new KnowledgeException(where + ": owner_by_address needs {address}");
            }
            String bySymbol = optional(n, "owner_by_symbol");
            if (bySymbol != null && !bySymbol.contains("{symbol}")) {
                throw new KnowledgeException(where + ": owner_by_symbol needs {symbol}");
            }
            Set<String> states = new HashSet<>();
            for (JsonNode s : n.path("states")) {
                states.add(state(s.asText(), where));
            }
            out.add(new ObjectArgument(pack, required(n, "argument", where), required(n, "label", where), states,
                    n.path("lock").asBoolean(false), byAddress, bySymbol));
        }
        return out;
    }

    private static NameNormalizer readNormalizer() throws KnowledgeException {
        List<String> prefixes = lines("normalize/strip-prefixes.txt");
        List<Pattern> suffixes = new ArrayList<>();
        for (String s : lines("normalize/strip-suffixes.txt")) {
            suffixes.add(compile(s, "normalize/strip-suffixes.txt"));
        }
        return new NameNormalizer(prefixes, suffixes);
    }

    /** A .txt list: one entry per line, '#' starts a comment line, blank lines ignored. */
    static List<String> lines(String file) throws KnowledgeException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(resource(file)), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
        } catch (IOException e) {
            throw new KnowledgeException(file + ": cannot read: " + e.getMessage());
        }
        return out;
    }

    static Pattern compile(String regex, String where) throws KnowledgeException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new KnowledgeException(where + ": \"" + regex + "\" is not a valid regular expression: " + e.getDescription());
        }
    }

    /** A source must name the upstream file that shows the fact: "owner/repo: path". */
    static String sourceShape(String source, String where) throws KnowledgeException {
        if (!SOURCE_SHAPE.matcher(source).matches()) {
            throw new KnowledgeException(where + ": source \"" + source + "\" is not of the form \"owner/repo: path\"");
        }
        return source;
    }

    static String required(JsonNode n, String field, String where) throws KnowledgeException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw new KnowledgeException(where + ": \"" + field + "\" is missing or empty");
        }
        return v.asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    static String optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
