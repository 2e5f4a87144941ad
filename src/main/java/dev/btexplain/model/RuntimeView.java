package dev.btexplain.model;

import java.util.List;

/**
 * What a language runtime's own dump says of one of its threads, beside its frames (a jstack thread dump's
 * {@code java.lang.Thread.State: BLOCKED (on object monitor)} and its {@code - waiting to lock <0x…>} lines).
 *
 * @param runtime the runtime that printed it, named as its knowledge pack is: "jvm", "go"
 * @param state   its state as printed ("BLOCKED (on object monitor)", "WAITING (parking)"), null when none was
 * @param locks   the locks and monitors the dump names for it, in the order printed
 * @param schedulerStack the runtime's own stack of a thread, not a thread of the program (a Go dump's goroutine 0, the
 *                       system stack of the thread that took the signal)
 * @param joined   where the dump's frames are among a debugger's frames of the same thread, null when the thread's
 *                 frames are all the dump's
 * @param nativeTop the dump's innermost frame is native code (jstack's "Native Method"), whose own calls (a read, a
 *                 poll) the dump does not print: the thread may be blocked in one
 * @param waitedMinutes how long the dump says the thread has waited, in whole minutes (a goroutine's
 *                 {@code [chan receive, 5 minutes]}), -1 when it does not say
 */
public record RuntimeView(String runtime, String state, List<Lock> locks, boolean schedulerStack, Joined joined, boolean nativeTop,
                          int waitedMinutes) {
    public RuntimeView {
        locks = List.copyOf(locks);
    }

    public RuntimeView(String runtime, String state, List<Lock> locks, boolean schedulerStack, Joined joined, boolean nativeTop) {
        this(runtime, state, locks, schedulerStack, joined, nativeTop, -1);
    }

    /** The same view, joined with a debugger's thread as {@code joined} says. */
    public RuntimeView joinedAs(Joined how, List<Lock> shiftedLocks) {
        return new RuntimeView(runtime, state, shiftedLocks, schedulerStack, how, nativeTop, waitedMinutes);
    }

    /** A thread of the program, as its runtime dumped it. */
    public RuntimeView(String runtime, String state, List<Lock> locks) {
        this(runtime, state, locks, false, null, false);
    }

    public RuntimeView(String runtime, String state, List<Lock> locks, boolean schedulerStack) {
        this(runtime, state, locks, schedulerStack, null, false);
    }

    /**
     * A dump's thread joined with the debugger's thread of the same id.
     *
     * @param from     the index of the first of the dump's frames among the thread's frames
     * @param count    how many of the thread's frames are the dump's
     * @param replaced how many of the debugger's frames the dump's replaced (its guesses past frames it could not name)
     * @param by       what matched them: "lwp" (the dump's nid is the kernel's thread id) or "pthread"
     * @param dumpLine the input line of the thread's header in the dump
     */
    public record Joined(int from, int count, int replaced, String by, int dumpLine) {
    }

    /** How a thread stands to a lock or monitor the dump names. */
    public enum Relation {
        /** {@code - locked <0x…>}, or one of its "Locked ownable synchronizers". */
        HOLDS,
        /** {@code - waiting to lock <0x…>}: entering a monitor another thread holds. */
        WAITS_TO_LOCK,
        /** {@code - waiting on <0x…>}: Object.wait on a monitor, which it released. */
        WAITS_ON,
        /** {@code - parking to wait for <0x…>}: parked on a java.util.concurrent synchronizer. */
        PARKED_ON
    }

    /**
     * One lock line.
     *
     * @param relation how the thread stands to it
     * @param address  the object's address ("0x000000069ec196a0")
     * @param type     its class ("java.lang.Object", "java.util.concurrent.locks.ReentrantLock$NonfairSync"), null when not printed
     * @param frame    the index of the frame the line follows, -1 for a thread's ownable synchronizers
     */
    public record Lock(Relation relation, String address, String type, int frame) {
    }

    /**
     * The locks the thread holds while it waits, other than the monitor its wait releases (Object.wait prints "waiting
     * on" and "locked" for the same object).
     */
    public List<Lock> heldAcrossWait() {
        java.util.Set<String> waited = new java.util.HashSet<>();
        for (Lock l : locks) {
            if (l.relation() != Relation.HOLDS) {
                waited.add(l.address());
            }
        }
        return locks.stream().filter(l -> l.relation() == Relation.HOLDS && !waited.contains(l.address())).toList();
    }

    /** The lock or monitor the thread waits to take (a monitor's entry, or a parked lock), null when none. */
    public Lock waitsToTake() {
        for (Lock l : locks) {
            if (l.relation() == Relation.WAITS_TO_LOCK || l.relation() == Relation.PARKED_ON) {
                return l;
            }
        }
        return null;
    }
}
