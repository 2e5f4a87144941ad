package dev.btexplain.knowledge;

/**
 * What to run or capture next, and when to say it ({@code packs/NAME/next-steps.json}). Exactly one condition:
 * a {@code trigger} the analysis knows (one listing only, a crash, few symbols...), or a thread of {@code role},
 * in {@code state} and/or waiting for {@code waitKind}.
 *
 * @param id       stable id, cited in the report
 * @param pack     the pack it comes from
 * @param text     what to do, with the command
 * @param trigger  a condition of the whole capture, one of {@link #TRIGGERS}, or null
 * @param roles    with or without {@code state}: when a thread of one of these roles is there; empty for any role
 * @param state    when a thread is in this state, or null
 * @param waitKind when a thread waits for this kind of thing (states.json wait_kinds: "file-lock"), or null
 * @param activity with a role or state: only a thread of that activity (idle, running, waiting: inside work), or null
 * @param replaces the id of a step this one says better for the pack's program (the program's own debug
 *                 symbols instead of the generic advice), or null
 * @param unless   a trigger that makes the step needless (the runtime's dump it advises was read and joined), or null
 */
public record NextStep(String id, String pack, String text, String trigger, java.util.List<String> roles, String state,
                       String waitKind, String activity, String replaces, String unless) {
    public NextStep {
        roles = java.util.List.copyOf(roles);
    }

    /** The triggers the analysis decides; knowledge/README.md says what each means. */
    public static final java.util.List<String> TRIGGERS = java.util.List.of("one-sample", "locals-would-help", "threads-unnamed",
            "unnamed-lock", "few-symbols", "crash", "kernel-stacks", "kernel-not-crash", "proc-stack", "signal-origin-unknown",
            "runtime-dump", "runtime-dump-joined");
}
