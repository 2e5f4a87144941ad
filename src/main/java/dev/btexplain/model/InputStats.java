package dev.btexplain.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to every input line: read, used for the model, or skipped for a named reason.
 *
 * @param linesRead     every line of the input
 * @param linesUsed     lines that became headers, frames, locals or session events
 * @param unparsedLines lines that were not understood (each is reported as a warning, up to a limit)
 * @param skipped       recognised lines that carry nothing for the model, by reason ("pager-prompt", "gdb-banner" ...)
 * @param bytesRead     input bytes consumed
 * @param truncated     true when reading stopped early (size limit), so the model is partial
 */
public record InputStats(long linesRead, long linesUsed, long unparsedLines, Map<String, Long> skipped,
                         long bytesRead, boolean truncated) {
    public InputStats {
        skipped = java.util.Collections.unmodifiableMap(new TreeMap<>(skipped));
    }

    public long skipped(String reason) {
        return skipped.getOrDefault(reason, 0L);
    }
}
