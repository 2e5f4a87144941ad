package dev.btexplain.analyze;

import java.util.Locale;

/** The verdicts of CONTRACT.md; {@link #id()} is the exact string of the JSON report. */
public enum Verdict {
    IDLE, BUSY, HUNG, DEADLOCK, CRASH, UNKNOWN;

    private final String id = name().toLowerCase(Locale.ROOT);

    public String id() {
        return id;
    }
}
