package dev.btexplain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.KnowledgeLoader;
import dev.btexplain.knowledge.LockRules;
import dev.btexplain.knowledge.Pack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every program fact is data: no string in src/main/java names a function (or a lock symbol) that a program's or
 * library's pack knows. Java holds mechanisms; what QEMU, glibc or PostgreSQL do lives in their packs. gdb's own
 * markers and main() (the base pack) are conventions of the debugger and of C, not facts of a program.
 */
class NoProgramFactsInCodeTest {
    /** A Java string literal (no escaped quotes inside, which none of these names need). */
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_~][A-Za-z0-9_]*)*");

    /** Words of our own that some pack also uses as an argument's name. */
    private static final Set<String> OWN_WORDS = Set.of("timeout");
    /** A line of enum constants: "POLL_WAIT, FUTEX_WAIT," or "SUMMARY(Detail.Summary.class),". */
    private static final Pattern ENUM_CONSTANT = Pattern.compile("((?:[A-Z][A-Z0-9_]*(?:\\([^)]*\\))?,?\\s*)+);?");

    /** Line i is inside an enum's body (the nearest declaration above it is an enum). */
    private static boolean inEnum(List<String> lines, int i) {
        for (int j = i; j >= 0; j--) {
            String l = lines.get(j);
            if (l.matches(".*\\b(enum)\\s+\\w+.*\\{\\s*")) {
                return true;
            }
            if (l.matches(".*\\b(class|record|interface)\\s+\\w+.*\\{\\s*")) {
                return false;
            }
        }
        return false;
    }

    @Test
    void sourcesNameNoFunctionOfAnyPack() throws IOException {
        KnowledgeBase kb = KnowledgeBase.builtIn();
        Set<String> names = new HashSet<>();
        for (FunctionEntry e : kb.entries()) {
            if (kb.kind(e.library()) != Pack.Kind.BASE) {
                names.addAll(e.names());
            }
        }
        for (LockRules.Symbol s : kb.locks().symbols()) {
            for (String x : s.ownerExpressions()) {
                Matcher m = TOKEN.matcher(x);
                if (m.find()) {
                    names.add(m.group()); // the lock's variable: qemu_global_mutex, bql
                }
            }
        }
        // the arguments the packs read by name ("nfds", "abstime", "sem"): which argument holds what is a fact of the
        // function, so Java asks the pack which argument it is
        Set<String> arguments = new HashSet<>();
        for (FunctionEntry e : kb.entries()) {
            arguments.addAll(e.arguments().keySet());
            e.argumentRules().forEach(r -> arguments.addAll(r.when().keySet()));
        }
        kb.objects().forEach(o -> arguments.add(o.argument()));
        arguments.removeIf(a -> a.length() < 3); // "m", "ms": a unit or a letter as often as an argument
        names.addAll(arguments);
        // the contract's state ids and the wait kinds are the tool's own vocabulary ("sleep", "poll"), not functions,
        // and so are the JSON report's own field names ("timeout" in no report, but a word any code may use)
        names.removeAll(KnowledgeLoader.STATES);
        names.removeAll(kb.states().waitKinds().keySet());
        names.removeAll(OWN_WORDS);
        assertTrue(names.size() > 300, "names read from the packs: " + names.size());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
                        continue; // comments may show an input as an example
                    }
                    Matcher c = ENUM_CONSTANT.matcher(code);
                    // Category is the packs' schema vocabulary ("futex-wait" in functions.json), as the states are
                    if (inEnum(lines, i) && c.matches() && !f.getFileName().toString().equals("Category.java")) {
                        // an enum constant names a function as much as a string does: TCG_EXEC, PTHREAD_JOIN
                        for (String constant : c.group(1).split(",\\s*")) {
                            String name = constant.replaceAll("\\(.*", "").strip().toLowerCase(java.util.Locale.ROOT);
                            if (name.contains("_") && names.contains(name)) {
                                found.add(f + ":" + (i + 1) + ": enum constant " + constant.strip());
                            }
                        }
                    }
                    Matcher s = STRING.matcher(code.replaceAll("\\s//.*$", ""));
                    while (s.find()) {
                        String literal = s.group(1);
                        if (names.contains(literal)) {
                            found.add(f + ":" + (i + 1) + ": \"" + literal + "\"");
                            continue;
                        }
                        Matcher t = TOKEN.matcher(literal);
                        while (t.find()) {
                            String token = t.group();
                            // a plain word ("read", "poll") is English as often as a function; a name with '_' or '::' is code
                            if ((token.contains("_") || token.contains("::")) && names.contains(token)) {
                                found.add(f + ":" + (i + 1) + ": " + token + " in \"" + literal + "\"");
                            }
                        }
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "function names in Java code (they belong in a pack):\n" + String.join("\n", found));
    }
}
