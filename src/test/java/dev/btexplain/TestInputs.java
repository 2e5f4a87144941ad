package dev.btexplain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every text input the tests own, plus the shared corpus when ../shared is present. */
public final class TestInputs {
    private TestInputs() {
    }

    public static List<Path> textFiles(String... ownRoots) throws IOException {
        List<Path> roots = new ArrayList<>();
        for (String r : ownRoots) {
            roots.add(Path.of(r));
        }
        if (Files.isDirectory(Path.of("../shared/corpus"))) {
            roots.add(Path.of("../shared/corpus"));
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> s = Files.walk(root)) {
                files.addAll(s.filter(p -> p.toString().endsWith(".txt")).sorted().toList());
            }
        }
        return files;
    }
}
