package dev.btexplain.analyze;

import java.util.Locale;

/**
 * What a thread is doing for the process, beyond its state: idle only when it waits at one of its role's home waits
 * (proven, never assumed), running, waiting inside work (for a lock, a join, I/O, a condition... said with it),
 * crashing, or unknown when its frames do not tell.
 */
public enum Activity {
    IDLE, RUNNING, WAITING, CRASHED, UNKNOWN;

    /** "idle", "waiting": the id of the JSON report. */
    private final String id = name().toLowerCase(Locale.ROOT);

    public String id() {
        return id;
    }
}
