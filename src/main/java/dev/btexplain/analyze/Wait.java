package dev.btexplain.analyze;

import java.util.Objects;

/**
 * The wait a thread is in, as its frames and their arguments say it; each part null when they do not say it.
 *
 * @param function the call the program made to wait ("read", "pthread_mutex_lock", "qemu_event_wait"), "" when none
 * @param object   what it waits on, the pack's label and the argument ("mutex 0x55d4c3a2b460 &lt;bql&gt;")
 * @param timeout  how long it may wait, read in its unit
 * @param waitsFor what the outermost frame of the wait that says it waits for ("a message on a channel")
 */
public record Wait(String function, String object, Timeout timeout, String waitsFor) {
    static final Wait NONE = new Wait("", null, null, null);

    // written out, as Evidence's: each thread's wait is compared to keep one of each equal ones
    @Override
    public boolean equals(java.lang.Object o) {
        return this == o || o instanceof Wait w && Objects.equals(function, w.function) && Objects.equals(object, w.object)
                && Objects.equals(timeout, w.timeout) && Objects.equals(waitsFor, w.waitsFor);
    }

    @Override
    public int hashCode() {
        return ((Objects.hashCode(function) * 31 + Objects.hashCode(object)) * 31 + Objects.hashCode(timeout)) * 31
                + Objects.hashCode(waitsFor);
    }
}
