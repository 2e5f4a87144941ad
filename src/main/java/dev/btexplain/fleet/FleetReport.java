package dev.btexplain.fleet;

import java.nio.charset.StandardCharsets;

/**
 * One report of a fleet's: where it came from ("crashes/1234.txt", "day.ndjson:17"), its text as UTF-8 (as a file holds
 * it, or as an NDJSON line's string gives it: what the parse reads, with no String between), and what its sender said
 * of it (each null when not said).
 *
 * @param time    when it happened, as sent (ISO 8601 sorts as text)
 * @param host    the machine it came from
 * @param version the program's version
 */
public record FleetReport(String source, byte[] utf8, String time, String host, String version) {
    /** A report of this text. */
    public FleetReport(String source, String text, String time, String host, String version) {
        this(source, text.getBytes(StandardCharsets.UTF_8), time, host, version);
    }

    /** Its text (invalid UTF-8 replaced, as a reader of text would). */
    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
