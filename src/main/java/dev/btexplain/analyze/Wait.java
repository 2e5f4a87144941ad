package dev.btexplain.analyze;

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
}
