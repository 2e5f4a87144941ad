package dev.btexplain.analyze;

/**
 * How the thread a wait waits for is known: a lock's holder read from the process by gdb or inferred from the
 * stacks, or a join's thread named by its argument. Its id is what JSON writes.
 */
public enum OwnerSource {
    /** gdb read the owner from the process (__data.__owner): a fact. */
    GDB("gdb"),
    /** A runtime's own dump names the holder (a JVM thread dump's "- locked <0x…>" under the holder's frames): a fact. */
    DUMP("dump"),
    /** Inferred from the stacks: which thread could hold it. */
    INFERRED("inferred"),
    /** A join's thread, named by the join's own argument (not a lock's owner). */
    ARGUMENT("argument");

    private final String id;

    OwnerSource(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The holder is known, not inferred: read from the process or named by the runtime's dump. */
    public boolean isFact() {
        return this == GDB || this == DUMP;
    }

    /** The id, so that a finding's values read the same wherever they are written. */
    @Override
    public String toString() {
        return id;
    }
}
