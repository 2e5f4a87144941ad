package dev.btexplain.golden;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares a rendered report with its golden file under src/test/resources/golden, or rewrites the golden
 * file when the build runs with -Dgolden.update=true (the diff then goes to review like code).
 */
public final class GoldenFiles {
    public static final Path ROOT = Path.of("src/test/resources/golden");
    private static final int DIFF_LINES = 40;

    private GoldenFiles() {
    }

    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    /** Removes what changes from build to build: the tool's version. */
    public static String normalize(String json) {
        return json.replaceFirst("(\"version\" : \")[^\"]*\"", "$1VERSION\"");
    }

    /**
     * Compares (or, updating, rewrites) a golden file. {@code truth} is the truth file its input was checked against
     * just before: a golden records output, a truth what is known to be true, and no golden is written without one.
     */
    public static void check(Path golden, String actual, Path truth) throws IOException {
        if (truth == null || !Files.exists(truth)) {
            fail("no truth file for " + golden + (truth == null ? "" : " (expected " + truth + ")") + ": write what is known to be "
                    + "true of its input (verdict, the threads that matter) from how it was made or its bug thread, then its golden");
        }
        if (updating()) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            fail("no golden file " + golden + "; create it with: mvn test -Dgolden.update=true  (then review the diff)");
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail("output differs from " + golden + " (rewrite with -Dgolden.update=true if the change is right):\n"
                    + diff(expected, actual));
        }
    }

    /** The first differing lines of both sides, numbered: enough to see what changed. */
    public static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        int i = 0;
        while (i < e.size() && i < a.size() && e.get(i).equals(a.get(i))) {
            i++;
        }
        StringBuilder sb = new StringBuilder("@@ line " + (i + 1) + " @@\n");
        int shown = 0;
        for (int k = i; k < Math.max(e.size(), a.size()) && shown < DIFF_LINES; k++) {
            String el = k < e.size() ? e.get(k) : null;
            String al = k < a.size() ? a.get(k) : null;
            if (el != null && el.equals(al)) {
                continue;
            }
            if (el != null) {
                sb.append("-").append(k + 1).append(": ").append(el).append('\n');
            }
            if (al != null) {
                sb.append("+").append(k + 1).append(": ").append(al).append('\n');
            }
            shown++;
        }
        return sb.toString();
    }
}
