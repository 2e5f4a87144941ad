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
        // the contract's state ids and the wait kinds are the tool's own vocabulary ("sleep", "poll"), not functions
        names.removeAll(KnowledgeLoader.STATES);
        names.removeAll(kb.states().waitKinds().keySet());
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
