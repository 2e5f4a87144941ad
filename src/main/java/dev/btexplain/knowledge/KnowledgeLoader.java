package dev.btexplain.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
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
 * Reads and validates the knowledge files under {@code src/main/resources/knowledge/} (see its README.md).
 * Every error names the file and the entry (index and id) or line, and loading stops at the first one: a
 * knowledge base with a wrong entry is not used.
 */
public final class KnowledgeLoader {
    /** The built-in function files, one per library. */
    public static final List<String> FUNCTION_FILES = List.of("generic", "glibc", "glib", "linux-kernel", "qemu", "libvirt");
    /** The states of CONTRACT.md; states.json must define exactly these. */
    public static final List<String> STATES = List.of("running", "idle-poll", "wait-futex", "wait-condvar",
            "wait-mutex", "io", "sleep", "guest-exec", "crashed", "unknown");
    private static final Pattern SOURCE_SHAPE = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+: \\S.*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "/knowledge/";

    private KnowledgeLoader() {
    }

    public static KnowledgeBase loadBuiltIn() throws KnowledgeException {
        List<RoleDefinition> roles = readRoles("roles.json", resource("roles.json"));
        Set<String> roleIds = new HashSet<>();
        roles.forEach(r -> roleIds.add(r.id()));
        List<FunctionEntry> entries = new ArrayList<>();
        for (String lib : FUNCTION_FILES) {
            String file = "functions/" + lib + ".json";
            entries.addAll(readFunctions(file, resource(file), roleIds, true));
        }
        checkUnique(entries);
        return new KnowledgeBase(entries, roles, readStates("states.json", resource("states.json")),
                readNormalizer(), readLibraries("libraries.json", resource("libraries.json")),
                readChecks("checks.json", resource("checks.json"), roleIds), readNextSteps("checks.json", resource("checks.json")),
                readLocks("locks.json", resource("locks.json"), roleIds), ReportKind.read("reports.json", resource("reports.json")));
    }

    /** The built-in knowledge with the user's function files merged over it (same format as the built-in ones). */
    public static KnowledgeBase loadWith(List<Path> userFiles) throws KnowledgeException {
        KnowledgeBase base = KnowledgeBase.builtIn();
        if (userFiles.isEmpty()) {
            return base;
        }
        List<FunctionEntry> extra = new ArrayList<>();
        for (Path p : userFiles) {
            try (InputStream in = Files.newInputStream(p)) {
                extra.addAll(readFunctions(p.toString(), in.readAllBytes(), base.roles().keySet(), false));
            } catch (IOException e) {
                throw new KnowledgeException(p + ": cannot read: " + e.getMessage());
            }
        }
        checkUnique(extra);
        return base.withEntries(extra);
    }

    private static byte[] resource(String name) throws KnowledgeException {
        try (InputStream in = KnowledgeLoader.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new KnowledgeException(name + ": missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new KnowledgeException(name + ": cannot read: " + e.getMessage());
        }
    }

    static JsonNode parse(String file, byte[] bytes) throws KnowledgeException {
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new KnowledgeException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new KnowledgeException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** A function file: a JSON array of entries. {@code sorted}: the built-in files keep entries sorted by name. */
    static List<FunctionEntry> readFunctions(String file, byte[] bytes, Set<String> roleIds, boolean sorted)
            throws KnowledgeException {
        JsonNode root = parse(file, bytes);
        if (!root.isArray()) {
            throw new KnowledgeException(file + ": must be a JSON array of function entries");
        }
        List<FunctionEntry> out = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = file + " entry " + (i + 1) + (n.hasNonNull("id") ? " (" + n.get("id").asText() + ")" : "");
            FunctionEntry e = readEntry(n, where, file, roleIds);
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

    private static FunctionEntry readEntry(JsonNode n, String where, String file, Set<String> roleIds)
            throws KnowledgeException {
        if (!n.isObject()) {
            throw new KnowledgeException(where + ": must be an object");
        }
        Set<String> known = Set.of("id", "names", "pattern", "library", "category", "role_hint", "meaning", "source",
                "versions", "arguments", "waits_for", "lock", "message", "checked", "notes");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new KnowledgeException(where + ": unknown field \"" + f + "\"");
            }
        }
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
        String library = required(n, "library", where);
        if (!KnowledgeBase.LIBRARIES.contains(library)) {
            throw new KnowledgeException(where + ": unknown library \"" + library + "\" (known: " + KnowledgeBase.LIBRARIES + ")");
        }
        Category category = Category.fromId(required(n, "category", where));
        if (category == null) {
            throw new KnowledgeException(where + ": unknown category \"" + n.get("category").asText() + "\"");
        }
        String roleHint = optional(n, "role_hint");
        if (roleHint != null && !roleIds.contains(roleHint)) {
            throw new KnowledgeException(where + ": role_hint \"" + roleHint + "\" is not a role of roles.json");
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
                optional(n, "versions"), arguments, optional(n, "waits_for"), optional(n, "lock"), optional(n, "message"), optional(n, "checked"), file);
    }

    /** No id twice; no name claimed twice for one library. */
    private static void checkUnique(List<FunctionEntry> entries) throws KnowledgeException {
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

    static List<RoleDefinition> readRoles(String file, byte[] bytes) throws KnowledgeException {
        JsonNode root = parse(file, bytes).path("roles");
        if (!root.isArray() || root.isEmpty()) {
            throw new KnowledgeException(file + ": needs a \"roles\" array");
        }
        List<RoleDefinition> roles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = file + " role " + (i + 1) + (n.hasNonNull("id") ? " (" + n.get("id").asText() + ")" : "");
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
                Set<String> frames = new HashSet<>();
                x.path("frames_all").forEach(f -> frames.add(f.asText()));
                String confidence = required(x, "confidence", where);
                if (!Set.of("certain", "likely", "possible").contains(confidence)) {
                    throw new KnowledgeException(where + ": clue confidence must be certain, likely or possible");
                }
                if (frames.isEmpty() && !x.has("library")) {
                    throw new KnowledgeException(where + ": a clue needs frames_all or library");
                }
                clues.add(new RoleDefinition.Clue(frames, x.has("library") ? compile(x.get("library").asText(), where) : null,
                        x.path("only_known_qemu_frames").asBoolean(false),
                        x.path("qemu_thread").asBoolean(false), x.path("no_other_libraries").asBoolean(false),
                        x.has("thread_number") ? x.get("thread_number").asInt() : null, confidence, required(x, "why", where)));
            }
            List<RoleDefinition.Template> templates = new ArrayList<>();
            for (JsonNode x : n.path("explain")) {
                String state = required(x, "state", where);
                if (!STATES.contains(state) && !state.equals("*")) {
                    throw new KnowledgeException(where + ": template for unknown state \"" + state + "\"");
                }
                templates.add(new RoleDefinition.Template(state, optional(x, "when_frame"), required(x, "text", where)));
            }
            String source = sourceShape(required(n, "source", where), where);
            roles.add(new RoleDefinition(id, required(n, "label", where), required(n, "process", where),
                    required(n, "summary", where), source, required(n, "who", where), names, clues, templates,
                    n.path("kernel_task").asBoolean(false), n.path("name_first").asBoolean(false)));
        }
        if (!ids.contains("unknown")) {
            throw new KnowledgeException(file + ": the role \"unknown\" must be defined");
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
                    required(n, "why", file + " refinements")));
        }
        Set<String> needsCaller = new HashSet<>();
        root.path("needs_known_caller").forEach(x -> needsCaller.add(x.asText()));
        Set<String> fatal = new HashSet<>();
        root.path("fatal_signals").forEach(x -> fatal.add(x.asText()));
        if (fatal.isEmpty()) {
            throw new KnowledgeException(file + ": needs a \"fatal_signals\" list");
        }
        Map<String, String> numbers = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("fatal_signal_numbers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            numbers.put(e.getKey(), e.getValue().asText());
        }
        return new StateRules(texts, meanings, byCategory, refinements, needsCaller, fatal, numbers);
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

    static List<ProcessCheck> readChecks(String file, byte[] bytes, Set<String> roleIds) throws KnowledgeException {
        List<ProcessCheck> checks = new ArrayList<>();
        for (JsonNode n : parse(file, bytes).path("checks")) {
            String where = file + " check " + n.path("id").asText();
            List<String> missing = new ArrayList<>();
            n.path("missing_roles").forEach(x -> missing.add(x.asText()));
            String role = optional(n, "role");
            for (String r : role == null ? missing : List.of(role)) {
                if (!roleIds.contains(r)) {
                    throw new KnowledgeException(where + ": unknown role \"" + r + "\"");
                }
            }
            Integer below = n.has("below_percent") ? n.get("below_percent").asInt() : null;
            int conditions = (missing.isEmpty() ? 0 : 1) + (role == null ? 0 : 1) + (below == null ? 0 : 1);
            if (conditions != 1 || (role == null) != (optional(n, "frame") == null)) {
                throw new KnowledgeException(where + ": needs exactly one condition: missing_roles, role with frame, or below_percent");
            }
            checks.add(new ProcessCheck(required(n, "id", where), optional(n, "process"), missing, role,
                    optional(n, "frame"), below, n.path("not_normal").asBoolean(false), required(n, "text", where),
                    required(n, "source", where)));
        }
        return checks;
    }

    static LockRules readLocks(String file, byte[] bytes, Set<String> roleIds) throws KnowledgeException {
        JsonNode root = parse(file, bytes);
        List<LockRules.Symbol> symbols = new ArrayList<>();
        for (JsonNode n : root.path("symbols")) {
            String where = file + " symbol " + n.path("lock").asText();
            symbols.add(new LockRules.Symbol(compile(required(n, "pattern", where), where), required(n, "lock", where),
                    required(n, "label", where), required(n, "owner_command", where)));
        }
        List<LockRules.Holder> holders = new ArrayList<>();
        for (JsonNode n : root.path("holders")) {
            String where = file + " holder " + n.path("lock").asText() + "/" + n.path("role").asText();
            String role = required(n, "role", where);
            if (!roleIds.contains(role)) {
                throw new KnowledgeException(where + ": unknown role \"" + role + "\"");
            }
            List<String> under = new ArrayList<>();
            n.path("unless_waiting_under").forEach(x -> under.add(x.asText()));
            List<String> states = new ArrayList<>();
            for (JsonNode x : n.path("unless_states")) {
                states.add(state(x.asText(), file));
            }
            List<String> only = new ArrayList<>();
            for (JsonNode x : n.path("only_states")) {
                only.add(state(x.asText(), file));
            }
            holders.add(new LockRules.Holder(required(n, "lock", where), role, under, states, only, required(n, "why", where)));
        }
        return new LockRules(symbols, holders, required(root, "owner_command", file));
    }

    static Map<String, String> readNextSteps(String file, byte[] bytes) throws KnowledgeException {
        Map<String, String> steps = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = parse(file, bytes).path("next_steps").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            steps.put(e.getKey(), e.getValue().asText());
        }
        return steps;
    }

    static LibraryMap readLibraries(String file, byte[] bytes) throws KnowledgeException {
        List<LibraryMap.Rule> rules = new ArrayList<>();
        for (JsonNode n : parse(file, bytes).path("libraries")) {
            String where = file + " library " + n.path("library").asText();
            List<Pattern> paths = new ArrayList<>();
            for (JsonNode p : n.path("paths")) {
                paths.add(compile(p.asText(), where));
            }
            List<Pattern> sources = new ArrayList<>();
            for (JsonNode p : n.path("sources")) {
                sources.add(compile(p.asText(), where));
            }
            rules.add(new LibraryMap.Rule(required(n, "library", where), paths, sources));
        }
        return new LibraryMap(rules);
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
                new java.io.ByteArrayInputStream(resource(file)), StandardCharsets.UTF_8))) {
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

    static String optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
