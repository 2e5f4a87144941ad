package dev.btexplain.knowledge;

import java.util.Locale;

/** What kind of work a known function does; a hint for the thread's state, never the state itself. */
public enum Category {
    POLL_WAIT, FUTEX_WAIT, MUTEX_WAIT, CONDVAR_WAIT, SEM_WAIT, IO, SLEEP, GUEST_EXEC, TCG_EXEC, SIGNAL, ABORT,
    THREAD_START, MAIN_START, EVENT_LOOP, LOCK_ACQUIRE,
    /** Gives up the CPU (the kernel's schedule()): what for is said by its caller. */
    YIELD,
    /** Prints a report about the code below it (the kernel's dump_stack, __warn): not what the task was doing. */
    REPORT,
    /** Passes a call on (std::function, std::invoke): says nothing of what the thread does; its callee does. */
    FORWARDING,
    OTHER;

    /** The id used in the data files: "poll-wait". */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Category fromId(String id) {
        for (Category c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }
}
