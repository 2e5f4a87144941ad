package dev.btexplain;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Mutated captures of every format (our own, and the shared corpus when it is there), read through the whole pipeline
 * and rendered in every format: each must end within a time bound, as a report or as the one-line refusal of unusable
 * input, never as any other exception. Every input that once failed stays under src/test/resources/fuzz. The number of
 * tries is small in ./test; the fuzz profile (mvn -Pfuzz test) runs thousands.
 */
class FuzzTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final List<Path> SEEDS = seedPaths();

    /** Every capture of every format: ours, and the shared corpus's when it is beside this clone. */
    static List<Path> seedPaths() {
        List<Path> out = new ArrayList<>();
        for (Path root : List.of(Path.of("src/test/resources/captures"), Path.of("../shared/corpus"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".txt") && !p.toString().contains("truth")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The whole pipeline on one input: a report in every format, or the refusal of unusable input. */
    static void explainEverywhere(byte[] input) {
        assertTimeoutPreemptively(BOUND, () -> {
            Report r;
            try {
                r = Btexplain.explain(new ByteArrayInputStream(input), Btexplain.Options.defaults());
            } catch (UnusableInputException refused) {
                return; // the one-line error of exit status 2
            }
            for (ReportFormat f : ReportFormat.values()) {
                Btexplain.render(r, f, Writer.nullWriter(), false);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> everyInputOnceFoundStaysARegression() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/fuzz"))) {
            return s.sorted().toList().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                    () -> explainEverywhere(Files.readAllBytes(p))));
        }
    }

    @Property(seed = "20261127") // tries: jqwik.tries.default (junit-platform.properties: 40; mvn -Pfuzz test: 5000)
    void mutatedCapturesEndInAReportOrARefusal(@ForAll("mutations") byte[] input) {
        explainEverywhere(input);
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        return Arbitraries.integers().between(0, SEEDS.size() - 1).flatMap(i -> Arbitraries.longs().map(seed -> {
            try {
                return mutate(Files.readAllBytes(SEEDS.get(i)), new Random(seed));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
    }

    /** A few of: flipped bytes, lines dropped, doubled or swapped, blank runs and brackets inserted, a cut, CR line ends. */
    static byte[] mutate(byte[] in, Random r) {
        List<String> lines = new ArrayList<>(List.of(new String(in, java.nio.charset.StandardCharsets.ISO_8859_1).split("\n", -1)));
        int edits = 1 + r.nextInt(6);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int i = r.nextInt(lines.size());
            String l = lines.get(i);
            switch (r.nextInt(9)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, l);
                case 2 -> lines.set(i, lines.get(r.nextInt(lines.size())));
                case 3 -> lines.set(i, l + " ".repeat(1 + r.nextInt(20_000)) + "x");
                case 4 -> lines.set(i, insert(l, r, "(".repeat(1 + r.nextInt(5_000))));
                case 5 -> lines.set(i, l.isEmpty() ? l : l.substring(0, r.nextInt(l.length())));
                case 6 -> lines.add(i, "\t".repeat(r.nextInt(50)) + "#" + r.nextInt(100) + "  " + l);
                case 7 -> lines.set(i, flip(l, r));
                default -> lines.subList(i, lines.size()).clear(); // a cut capture
            }
        }
        String sep = r.nextInt(10) == 0 ? "\r" : r.nextInt(10) == 0 ? "\r\n" : "\n";
        return String.join(sep, lines).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String insert(String l, Random r, String what) {
        int at = l.isEmpty() ? 0 : r.nextInt(l.length());
        return l.substring(0, at) + what + l.substring(at);
    }

    private static String flip(String l, Random r) {
        char[] c = l.toCharArray();
        for (int k = 0; k < Math.min(c.length, 1 + r.nextInt(8)); k++) {
            c[r.nextInt(c.length)] = (char) r.nextInt(256);
        }
        return new String(c);
    }
}
