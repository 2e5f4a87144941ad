package dev.btexplain.analyze;

/** One thing a wait is on, as the arguments of its frames print it; report.WaitsOnText words it. */
public sealed interface WaitsOn extends Worded {
    /**
     * An object: the pack's label and the argument ("mutex", "0x55d4… &lt;bql&gt;"); for a known lock its label, and the
     * lock function that names it ({@code givesWait}: a condition variable's caller that gives the wait that lock).
     */
    record Object(String label, String value, String knownLock, String lockFunction, boolean givesWait) implements WaitsOn {
    }

    /** A timeout argument: what it means, and the function and argument that hold it. */
    record Limit(Timeout timeout, String function, String argument, String value) implements WaitsOn {
    }

    /** A poll's file descriptors: how many, and the argument that lists them with its value (null when not printed). */
    record Descriptors(String count, String listArgument, String list) implements WaitsOn {
    }
}
