package dev.btexplain.knowledge;

import java.util.Set;

/**
 * An argument name that says what a wait is on ({@code packs/NAME/waits.json}): {@code mutex=0x…} of
 * pthread_mutex_lock is the lock, {@code cond=0x…} of pthread_cond_wait the condition variable.
 *
 * @param argument the argument's name as printed ("mutex")
 * @param label    how a sentence names the object ("mutex", "condition variable")
 * @param states   the thread states in which the argument names what is waited on
 * @param lock     the object is a lock whose owner can be read (a mutex), not only a thing waited on
 */
public record ObjectArgument(String argument, String label, Set<String> states, boolean lock) {
    public ObjectArgument {
        states = Set.copyOf(states);
    }
}
