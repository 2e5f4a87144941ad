package dev.btexplain.knowledge;

import java.util.Set;

/**
 * An argument name that says what a wait is on ({@code packs/NAME/waits.json}): {@code mutex=0x…} of
 * pthread_mutex_lock is the lock, {@code cond=0x…} of pthread_cond_wait the condition variable. It is read only on
 * frames of its own pack's functions: {@code futex=} of glibc's __lll_lock_wait is a pthread mutex, of Rust's
 * futex_wait a word that records no owner.
 *
 * @param pack     the pack whose functions have this argument
 * @param argument the argument's name as printed ("mutex")
 * @param label    how a sentence names the object ("mutex", "condition variable")
 * @param states   the thread states in which the argument names what is waited on
 * @param lock     the object is a lock of the wait-for graph (a mutex), not only a thing waited on
 * @param ownerByAddress the gdb expression that reads the owner's LWP of such a lock at {address} (glibc's
 *                 pthread_mutex_t records it), null when the lock records no owner (a Rust std Mutex)
 * @param ownerBySymbol  the same for a lock gdb printed with its {symbol}, null when none
 */
public record ObjectArgument(String pack, String argument, String label, Set<String> states, boolean lock, String ownerByAddress,
                             String ownerBySymbol) {
    public ObjectArgument {
        states = Set.copyOf(states);
    }
}
