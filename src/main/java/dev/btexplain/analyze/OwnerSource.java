package dev.btexplain.analyze;

/** How a lock's holder is known: read from the process by gdb, or inferred from the stacks. Its id is CONTRACT's. */
public enum OwnerSource {
    /** gdb read the owner from the process (__data.__owner): a fact. */
    GDB("gdb"),
    /** Inferred from the stacks: which thread could hold it. */
    INFERRED("inferred");

    private final String id;

    OwnerSource(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The id, so that a finding's values read the same wherever they are written. */
    @Override
    public String toString() {
        return id;
    }
}
