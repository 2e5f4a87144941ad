package dev.btexplain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order of sources, which picks each bucket's example. */
class BucketsTest {
    /** The order as first written, by a substring and a number made of each source: what the comparison must keep. */
    private static final Comparator<String> BY_PARTS = Comparator.comparing(BucketsTest::file).thenComparingLong(BucketsTest::line);

    private static String file(String source) {
        return line(source) < 0 ? source : source.substring(0, source.lastIndexOf(':'));
    }

    private static long line(String source) {
        int colon = source.lastIndexOf(':');
        String tail = colon < 0 ? "" : source.substring(colon + 1);
        return !tail.isEmpty() && tail.length() < 18 && tail.chars().allMatch(Character::isDigit) ? Long.parseLong(tail) : -1;
    }

    @Test
    void sourcesAreOrderedByFileThenLineNumber() {
        List<String> sources = new ArrayList<>(List.of("day.ndjson:10", "day.ndjson:9", "day.ndjson", "day.ndjson:", "da:y.ndjson:2",
                "crashes/1.txt", "crashes/10.txt", "a:b:3", "x:123456789012345678", "x:12345678901234567", "x:\u0661\u0662", "x:1a", ":7", ""));
        Random random = new Random(7);
        String[] parts = {"a", "b", ":", "1", "0", "9", "/", ".ndjson", "\u0663", "\u00e9"};
        for (int i = 0; i < 5_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(8); k > 0; k--) {
                s.append(parts[random.nextInt(parts.length)]);
            }
            sources.add(s.toString());
        }
        for (String a : sources) {
            for (int j = 0; j < 40; j++) {
                String b = sources.get(random.nextInt(sources.size()));
                assertEquals(Integer.signum(BY_PARTS.compare(a, b)), Integer.signum(Buckets.SOURCES.compare(a, b)), a + " against " + b);
            }
        }
        assertEquals(List.of("day.ndjson", "day.ndjson:9", "day.ndjson:10"),
                List.of("day.ndjson:10", "day.ndjson", "day.ndjson:9").stream().sorted(Buckets.SOURCES).toList());
    }
}
