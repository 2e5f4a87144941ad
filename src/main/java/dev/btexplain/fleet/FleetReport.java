package dev.btexplain.fleet;

/**
 * One report of a fleet's: where it came from ("crashes/1234.txt", "day.ndjson:17"), its text, and what its sender said
 * of it (each null when not said).
 *
 * @param time    when it happened, as sent (ISO 8601 sorts as text)
 * @param host    the machine it came from
 * @param version the program's version
 */
public record FleetReport(String source, String text, String time, String host, String version) {
}
