package dev.btexplain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.Btexplain;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A listing whose names attack the reader (src/test/resources/hostile/names.txt): every command the report prints is
 * pasted into a shell and its gdb expression given to gdb, and nothing runs; no control character of the input
 * reaches a human format.
 */
class HostileInputTest {
    private static final Path CAPTURE = Path.of("src/test/resources/hostile/names.txt");
    /** A command the report suggests: gdb on a process or core, up to its quoted -ex argument. */
    private static final Pattern GDB_COMMAND = Pattern.compile("gdb (?:-p PID|PROGRAM CORE) -batch -ex (\"[^\"]*\"|'(?:[^']|'\\\\'')*')");
    private static Report report;

    @BeforeAll
    static void explain() throws Exception {
        report = Btexplain.explain(Files.newInputStream(CAPTURE), Btexplain.Options.defaults());
    }

    private static String render(ReportFormat format, boolean color) throws Exception {
        StringWriter out = new StringWriter();
        Btexplain.render(report, format, out, color);
        return out.toString();
    }

    /** Every command in the human formats and the JSON (locks' confirm, next steps). */
    private static Set<String> commands() throws Exception {
        Set<String> found = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>(List.of(render(ReportFormat.TEXT, false), render(ReportFormat.MARKDOWN, false)));
        JsonNode json = new ObjectMapper().readTree(render(ReportFormat.JSON, false));
        json.path("locks").forEach(l -> texts.add(l.path("confirm").asText("")));
        json.path("next_steps").forEach(s -> texts.add(s.asText()));
        json.path("observations").forEach(s -> texts.add(s.asText()));
        for (String text : texts) {
            Matcher m = GDB_COMMAND.matcher(text);
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }

    private static int run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return p.exitValue();
    }

    @Test
    void everySuggestedCommandIsSafeToPasteIntoAShellAndIntoGdb(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Set<String> commands = commands();
        assertTrue(commands.size() >= 3, "the locks' owner commands are printed: " + commands);
        for (String command : commands) {
            assertEquals(0, run(dir, "sh", "-n", "-c", command), "sh -n accepts " + command);
            // the shell runs the line; "gdb" is a function that keeps the arguments it was given
            assertEquals(0, run(dir, "sh", "-c", "gdb() { printf '%s\\n' \"$@\" > args; }; " + command), command);
            List<String> args = Files.readAllLines(dir.resolve("args"), StandardCharsets.UTF_8);
            String expression = args.get(args.indexOf("-ex") + 1);
            assertTrue(!expression.contains("$") && !expression.contains("`") && !expression.contains("touch"),
                    "a gdb command of the knowledge's words and an address: " + expression);
            // and gdb evaluates it (no process: an error, and nothing run)
            run(dir, "gdb", "-batch", "-nx", "-ex", expression);
            assertFalse(Files.exists(dir.resolve("CANARY")), "nothing ran when pasting " + command);
        }
        assertTrue(commands.stream().noneMatch(c -> c.contains("touch")), commands.toString());
    }

    @Test
    void noControlCharacterOfTheInputReachesAHumanFormat() throws Exception {
        for (ReportFormat format : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.FOLDED)) {
            String out = render(format, false);
            for (char c : out.toCharArray()) {
                assertFalse(VisibleWriter.shown(c), format + " holds U+" + Integer.toHexString(c));
            }
        }
        String text = render(ReportFormat.TEXT, false);
        assertTrue(text.contains("\\x1b]0;pwned\\x07\\x1b[2J") && text.contains("\\u202eevil"), text);
        // in colour, the renderer's own colour codes are the only escapes
        String coloured = render(ReportFormat.TEXT, true).replaceAll("\u001b\\[(?:0|1|2|33|36)m", "");
        assertFalse(coloured.contains("\u001b") || coloured.contains("\u0007"), "no escape of the input in colour");
    }

    @Test
    void aGdbCommandIsNeverCutWhereAPasteWouldBreakIt() throws Exception {
        assertTrue(render(ReportFormat.TEXT, false).contains("(for i in"), "the report suggests the sampling loop");
        for (String line : render(ReportFormat.TEXT, false).split("\n")) {
            if (line.contains("-batch -ex")) {
                assertTrue(GDB_COMMAND.matcher(line).find(), "the whole command on one line: " + line);
            }
            if (line.contains("(for i in")) {
                assertTrue(line.contains("; done)"), "the whole loop around the command on one line: " + line);
            }
        }
    }

    @Test
    void quotingKeepsEveryWordWhole() {
        assertEquals("\"p x.lock.__data.__owner\"", ShellCommand.quote("p x.lock.__data.__owner"));
        assertEquals("'p $(touch x)'", ShellCommand.quote("p $(touch x)"));
        assertEquals("\"it's\"", ShellCommand.quote("it's"));
        assertEquals("'say \"it'\\''s\"'", ShellCommand.quote("say \"it's\""));
    }
}
