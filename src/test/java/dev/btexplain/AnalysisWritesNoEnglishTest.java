package dev.btexplain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The analysis hands the report records and only the report writes English: no string literal in the analyze package
 * reads as words of a sentence (three words or more), except the text of the input it matches and the few literals
 * listed here, which still have to move to the report (each named, so that a new one fails this test).
 */
class AnalysisWritesNoEnglishTest {
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    /** Three words: "no frame was printed", "is at 0x%x in listing". */
    private static final Pattern WORDS = Pattern.compile("[A-Za-z]+[ ,:;()]+[a-z]+[ ,:;()]+[a-z]+");

    /** What gdb prints, which the analysis looks for in its input: not a sentence of ours. */
    private static final Set<String> INPUT_TEXT = Set.of("Cannot access memory");

    /** Literals still worded in the analysis, each named (none now): a new one fails this test. */
    private static final Set<String> STILL_TO_MOVE = Set.of();

    @Test
    void analyzeHoldsNoSentence() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/btexplain/analyze"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    String code = line.strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//") || code.contains("Exception(")
                            || code.contains("Pattern.compile(")) {
                        continue; // comments show examples, an exception's message is for the developer, a pattern reads input
                    }
                    Matcher s = STRING.matcher(code.replaceAll("\\s//.*$", ""));
                    while (s.find()) {
                        String literal = s.group(1);
                        if (WORDS.matcher(literal).find() && !INPUT_TEXT.contains(literal)) {
                            found.add(f.getFileName() + ": " + literal);
                        }
                    }
                }
            }
        }
        List<String> unexpected = found.stream().filter(x -> !STILL_TO_MOVE.contains(x)).toList();
        assertEquals(List.of(), unexpected, "English written by the analysis (words belong in report.Wording, EvidenceText or ThreadSentence)");
        List<String> moved = STILL_TO_MOVE.stream().filter(x -> !found.contains(x)).sorted().toList();
        assertEquals(List.of(), moved, "moved to the report already: take them off the list");
    }
}
