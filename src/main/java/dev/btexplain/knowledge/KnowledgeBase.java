package dev.btexplain.knowledge;

import dev.btexplain.model.Frame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loaded, validated knowledge: function entries indexed for lookup, thread roles and state rules.
 * Immutable apart from a lookup cache (a large trace repeats a few hundred names a million times).
 *
 * <p>Lookup order, for a frame of user space (kernel entries are for the kernel formats): the name as
 * printed, then the normalized name ({@link NameNormalizer}), each first among exact names and then among
 * patterns; an entry of another library than the one the frame shows is never taken.
 */
public final class KnowledgeBase {
    /** Library ids in the order their entries win when a frame does not say which library it is from. */
    static final List<String> LIBRARIES = List.of("qemu", "libvirt", "glib", "glibc", "generic", "linux-kernel");
    private static final String KERNEL = "linux-kernel";

    private final List<FunctionEntry> entries;
    private final Map<String, List<FunctionEntry>> byName = new HashMap<>();
    private final List<FunctionEntry> patterns = new ArrayList<>();
    private final Map<String, RoleDefinition> roles;
    private final StateRules states;
    private final NameNormalizer normalizer;
    private final LibraryMap libraries;
    private final List<ProcessCheck> checks;
    private final Map<String, String> nextSteps;
    private final LockRules locks;
    private final List<ReportKind> reports;
    private final Map<String, Optional<FunctionEntry>> cache = new ConcurrentHashMap<>();

    KnowledgeBase(List<FunctionEntry> entries, List<RoleDefinition> roles, StateRules states,
                  NameNormalizer normalizer, LibraryMap libraries, List<ProcessCheck> checks, Map<String, String> nextSteps,
                  LockRules locks, List<ReportKind> reports) {
        this.locks = locks;
        this.reports = List.copyOf(reports);
        this.checks = List.copyOf(checks);
        this.nextSteps = Map.copyOf(nextSteps);
        this.entries = List.copyOf(entries);
        for (FunctionEntry e : this.entries) {
            if (e.isPattern()) {
                patterns.add(e);
            } else {
                for (String n : e.names()) {
                    byName.computeIfAbsent(n, k -> new ArrayList<>()).add(e);
                }
            }
        }
        Map<String, RoleDefinition> r = new LinkedHashMap<>();
        for (RoleDefinition d : roles) {
            r.put(d.id(), d);
        }
        this.roles = Collections.unmodifiableMap(r);
        this.states = states;
        this.normalizer = normalizer;
        this.libraries = libraries;
    }

    /** The built-in knowledge, loaded once. */
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

    /** The entry that explains this frame, or null when none does. */
    public FunctionEntry lookup(Frame frame) {
        if (frame.signalHandler()) {
            return lookup("<signal handler called>", null);
        }
        return lookup(frame.function(), libraries.libraryOf(frame));
    }

    /** The entry that explains a frame of a kernel stack (a kernel report, /proc/PID/stack), or null. */
    public FunctionEntry lookupKernel(Frame frame) {
        return lookup(frame.function(), KERNEL);
    }

    /** The entry for a function name printed with a frame of {@code library} (null: unknown library). */
    public FunctionEntry lookup(String function, String library) {
        String key = library == null ? function : function + '\u0000' + library;
        return cache.computeIfAbsent(key, k -> Optional.ofNullable(find(function, library))).orElse(null);
    }

    private FunctionEntry find(String function, String library) {
        FunctionEntry e = findExactOrPattern(function, library);
        if (e == null) {
            String normalized = normalizer.normalize(function);
            if (!normalized.equals(function)) {
                e = findExactOrPattern(normalized, library);
            }
        }
        return e;
    }

    private FunctionEntry findExactOrPattern(String name, String library) {
        FunctionEntry best = best(byName.getOrDefault(name, List.of()), library);
        if (best != null) {
            return best;
        }
        List<FunctionEntry> matching = new ArrayList<>();
        for (FunctionEntry p : patterns) {
            if (p.pattern().matcher(name).matches()) {
                matching.add(p);
            }
        }
        return best(matching, library);
    }

    /** The frame's own library first, then generic entries; when the library is unknown, by library order. */
    private static FunctionEntry best(List<FunctionEntry> candidates, String library) {
        FunctionEntry best = null;
        for (FunctionEntry e : candidates) {
            if (e.library().equals(KERNEL) != KERNEL.equals(library)) {
                continue; // kernel entries for kernel stacks only, and only kernel entries for them
            }
            if (library != null && !e.library().equals(library) && !e.library().equals("generic")) {
                continue;
            }
            if (best == null || rank(e, library) < rank(best, library)) {
                best = e;
            }
        }
        return best;
    }

    private static int rank(FunctionEntry e, String library) {
        if (e.library().equals(library)) {
            return -1;
        }
        return LIBRARIES.indexOf(e.library());
    }

    /** The library a frame shows it belongs to, or null. */
    public String libraryOf(Frame frame) {
        return libraries.libraryOf(frame);
    }

    public String normalize(String function) {
        return normalizer.normalize(function);
    }

    public List<FunctionEntry> entries() {
        return entries;
    }

    public Map<String, RoleDefinition> roles() {
        return roles;
    }

    public RoleDefinition role(String id) {
        return roles.get(id);
    }

    public StateRules states() {
        return states;
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
        return reports;
    }

    public LockRules locks() {
        return locks;
    }

    public List<ProcessCheck> checks() {
        return checks;
    }

    /** The advice of what to capture next, by id ("samples", "bt-full"). */
    public String nextStep(String id) {
        String s = nextSteps.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no next step \"" + id + "\" in checks.json");
        }
        return s;
    }

    /** This knowledge with {@code extra} entries merged over it: an extra entry replaces any that claims one of its names in its library, or its id. */
    public KnowledgeBase withEntries(List<FunctionEntry> extra) {
        List<FunctionEntry> merged = new ArrayList<>();
        for (FunctionEntry e : entries) {
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
                merged.add(e);
            }
        }
        merged.addAll(extra);
        return new KnowledgeBase(merged, List.copyOf(roles.values()), states, normalizer, libraries, checks, nextSteps, locks, reports);
    }
}
