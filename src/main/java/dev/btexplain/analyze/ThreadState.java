package dev.btexplain.analyze;

import java.util.Locale;

/** The thread states of CONTRACT.md; {@link #id()} is the exact string of the JSON report. */
public enum ThreadState {
    RUNNING, IDLE_POLL, WAIT_FUTEX, WAIT_CONDVAR, WAIT_MUTEX, IO, SLEEP, GUEST_EXEC, CRASHED, UNKNOWN;

    private final String id = name().toLowerCase(Locale.ROOT).replace('_', '-');

    public String id() {
        return id;
    }

    public static ThreadState fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Waiting for work or events in a way that is normal for an idle thread. */
    public boolean isWaiting() {
        return this == IDLE_POLL || this == WAIT_FUTEX || this == WAIT_CONDVAR || this == SLEEP || this == IO;
    }
}
