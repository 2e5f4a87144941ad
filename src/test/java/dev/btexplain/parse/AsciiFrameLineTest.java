package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hot path must read every line it accepts exactly as the general parser does: compared field by
 * field on every frame line of the project's captures, the quirk inputs and (when present) the shared corpus.
 */
class AsciiFrameLineTest {

    private static List<String> frameLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path f : dev.btexplain.TestInputs.textFiles("src/test/resources", "examples")) {
            for (String l : new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).split("\n")) {
                String t = l.replaceAll("^[ \\t]+", "");
                if (t.startsWith("#") && t.length() > 1 && Character.isDigit(t.charAt(1))) {
                    lines.add(t.endsWith("\r") ? t.substring(0, t.length() - 1) : t);
                }
            }
        }
        return lines;
    }

    @Test
    void acceptedLinesMatchTheGeneralParserFieldByField() throws IOException {
        Interner interner = new Interner();
        AsciiFrameLine fast = new AsciiFrameLine(interner);
        GdbFrameLine viaBytes = new GdbFrameLine(interner);
        GdbFrameLine viaText = new GdbFrameLine(interner);
        int accepted = 0;
        List<String> lines = frameLines();
        for (String line : lines) {
            if (line.chars().anyMatch(c -> c >= 0x80)) {
                continue; // the hot path reads ASCII lines only
            }
            byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
            if (!fast.parse(b, 0, b.length, viaBytes)) {
                continue;
            }
            accepted++;
            assertTrue(viaText.parse(line, 0), line);
            String args = viaBytes.argsBytes == null ? null : new String(viaBytes.argsBytes, viaBytes.argsFrom,
                    viaBytes.argsTo - viaBytes.argsFrom, StandardCharsets.ISO_8859_1);
            assertEquals(viaText.index, viaBytes.index, line);
            assertEquals(viaText.pc, viaBytes.pc, line);
            assertEquals(viaText.pcDigits, viaBytes.pcDigits, line);
            assertEquals(viaText.function, viaBytes.function, line);
            assertEquals(viaText.args, args, line);
            assertEquals(viaText.file, viaBytes.file, line);
            assertEquals(viaText.sourceLine, viaBytes.sourceLine, line);
            assertEquals(viaText.library, viaBytes.library, line);
            assertEquals(viaText.signalHandler, viaBytes.signalHandler, line);
            assertTrue(viaText.complete, line);
        }
        assertTrue(accepted > lines.size() / 2, "the hot path takes most frame lines: " + accepted + " of " + lines.size());
    }
}
