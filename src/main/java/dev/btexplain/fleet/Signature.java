package dev.btexplain.fleet;

import java.util.List;

/**
 * What a report is, for bucketing: its kind and the frames that decide it, in a short text ("SIGSEGV | title_length |
 * render_worker"), the whole normalized frame list beside it, a stable id (the text and the rules' version), and the
 * rule that ended the walk: "why this signature" is always answerable.
 *
 * @param kind      "SIGSEGV", "abort: MESSAGE", "hang", "deadlock", "OOM", "idle", "busy", "unknown"
 * @param text      the signature: the kind, then the kept frames, joined by " | "
 * @param frames    every frame of the deciding thread (or threads), normalized, innermost first
 * @param id        16 hex digits of the SHA-256 of the rules' version and the text
 * @param endedBy   what ended the walk: "max-frames", "end-of-stack", "sentinel: NAME", "no-thread"
 */
public record Signature(String kind, String text, List<String> frames, String id, String endedBy) {
    public Signature {
        frames = List.copyOf(frames);
    }
}
