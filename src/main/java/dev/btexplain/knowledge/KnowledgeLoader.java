package dev.btexplain.knowledge;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
        StateRules states = PackReader.states("states.json", resource("states.json"));
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
                List<FunctionEntry> extra = PackReader.functions(p.toString(), in.readAllBytes(), null, kb.packIds(), kb.roleIds(), false);
                PackReader.checkUnique(extra);
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
        Pack pack = PackReader.manifest(manifestFile, manifestBytes);
        if (!pack.id().equals(folderName)) {
            throw new KnowledgeException(manifestFile + ": id \"" + pack.id() + "\" differs from its folder's name \"" + folderName + "\"");
        }
        byte[] roleBytes = files.read("roles.json");
        List<RoleDefinition> roles = roleBytes == null ? List.of() : PackReader.roles(files.where("roles.json"), roleBytes, pack.id());
        byte[] functionBytes = files.read("functions.json");
        List<FunctionEntry> entries = functionBytes == null ? List.of()
                : PackReader.functions(files.where("functions.json"), functionBytes, pack.id(), Set.of(pack.id()), null, builtIn);
        for (FunctionEntry e : entries) {
            List<String> kinds = new ArrayList<>();
            kinds.add(e.waitKind());
            e.argumentRules().forEach(r -> kinds.add(r.waitKind()));
            for (String k : kinds) {
                if (k != null) {
                    PackReader.waitKind(k, states, e.file() + ": " + e.id());
                }
            }
        }
        PackReader.checkUnique(entries);
        List<ProcessCheck> checks = new ArrayList<>(PackReader.checks(files.where("checks.json"), files.read("checks.json"), pack.id(), false));
        checks.addAll(PackReader.checks(files.where("patterns.json"), files.read("patterns.json"), pack.id(), true));
        byte[] lockBytes = files.read("locks.json");
        LockRules locks = lockBytes == null ? LockRules.none() : PackReader.locks(files.where("locks.json"), lockBytes);
        byte[] reportBytes = files.read("reports.json");
        List<ReportKind> reports = reportBytes == null ? List.of() : ReportKind.read(files.where("reports.json"), reportBytes);
        String shapeFile = files.where("shapes.json");
        byte[] shapeBytes = files.read("shapes.json");
        PackJson.Shapes shapes = shapeBytes == null ? null : PackJson.read(shapeFile, shapeBytes, PackJson.Shapes.class);
        return new PackData(pack, entries, roles, checks,
                PackReader.nextSteps(files.where("next-steps.json"), files.read("next-steps.json"), pack.id(), states), locks, reports,
                PackReader.waitObjects(files.where("waits.json"), files.read("waits.json"), pack.id()),
                shapes == null ? List.of() : PackReader.shapes(shapeFile, shapes, states),
                shapes == null ? null : PackReader.stackReading(shapeFile, shapes));
    }

    /** A pack id as the loader takes it (its folder's name): lower case letters, digits and '-'. */
    public static boolean isPackId(String id) {
        return PackReader.isPackId(id);
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

    private static NameNormalizer readNormalizer() throws KnowledgeException {
        List<String> prefixes = lines("normalize/strip-prefixes.txt");
        List<Pattern> suffixes = new ArrayList<>();
        for (String s : lines("normalize/strip-suffixes.txt")) {
            suffixes.add(PackReader.compile(s, "normalize/strip-suffixes.txt"));
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
}
