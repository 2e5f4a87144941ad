package dev.btexplain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's one-way rule (STYLE.md section 1): a package imports only packages before it in this order.
 * The root facade may use every stage; only cli, web and mcp sit above it.
 */
class DependencyDirectionTest {
    private static final List<String> ORDER = List.of(
            // web and mcp before cli (STYLE.md lists web after): "btexplain serve" and "btexplain mcp" are commands, so
            // cli starts their servers; both are front ends over the root facade, as the command line is
            // fleet buckets many reports through the root facade, and words its own table
            "model", "parse", "knowledge", "analyze", "report", "capture", "", "fleet", "web", "mcp", "cli");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.btexplain\\.?([a-z]*)\\b", Pattern.MULTILINE);

    @Test
    void packagesImportOnlyEarlierStages() throws IOException {
        Path root = Path.of("src/main/java/dev/btexplain");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                int own = ORDER.indexOf(pkg);
                assertTrue(own >= 0, "package not in the pipeline order: " + pkg);
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.isEmpty() && Character.isUpperCase(target.charAt(0))) {
                        target = ""; // dev.btexplain.Btexplain: the root package
                    }
                    int other = ORDER.indexOf(target);
                    if (other > own) {
                        violations.add(f + " imports dev.btexplain." + target);
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
