package dev.btexplain.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written reader of a C function's name agrees with the pattern it stands for. */
class CNameTest {
    /** What {@link FunctionEntry#isCName} reads: letters, digits, underscores, then gcc's clone suffixes. */
    private static final Pattern C_NAME = Pattern.compile("[A-Za-z0-9_]*(?:\\.(?:isra|constprop|part|cold|lto_priv)(?:\\.\\d+)?)*");

    @Test
    void namesOfEveryShapeAgreeWithThePattern() {
        List<String> names = List.of("", "poll", "__libc_poll", "foo.isra.0", "foo.cold", "foo.part.0.cold", "foo.constprop.12.isra.3",
                "foo.lto_priv.0", "foo.part.cold", "foo.", "foo.isra.", "foo.isra.x", "foo.isra5", "foo.cold1", ".cold",
                "_thread.lock.acquire", "std::vector<int>::push_back", "foo bar", "foo.isra.0.", "foo..cold", "a.part.00123");
        for (String n : names) {
            assertEquals(C_NAME.matcher(n).matches(), FunctionEntry.isCName(n), n);
        }
        assertTrue(FunctionEntry.isCName("foo.part.0.cold"));
        assertFalse(FunctionEntry.isCName("_thread.lock.acquire"));
    }

    @Test
    void randomNamesAgreeWithThePattern() {
        // pieces that make near misses likely: the suffixes, their dots and numbers, and characters outside a C name
        String[] pieces = {"a", "_", "9", ".", "isra", "constprop", "part", "cold", "lto_priv", "lto", "0", "12", ":", " ", "("};
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(8); k > 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String n = b.toString();
            assertEquals(C_NAME.matcher(n).matches(), FunctionEntry.isCName(n), n);
        }
    }
}
