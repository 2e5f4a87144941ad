package dev.btexplain.analyze;

import java.util.List;
import java.util.Objects;

/**
 * One fact behind a conclusion and where it came from, as Socorro's notes are. The analysis says which fact it is
 * ({@code says}) and with what ({@code facts}: function names, a knowledge entry's meaning, a count); the report words
 * it (report.EvidenceText).
 *
 * @param rule  the rule that used it ("role.call-path", "state.refinement")
 * @param frame the frame index it rests on, null when it rests on no single frame
 * @param entry the knowledge entry or role id it cites, null when none
 * @param says  which fact it is, the key of its wording
 * @param facts what fills the wording, in its order
 * @param cites the fact this one rests on ("its frames do not tell (…), but the kernel showed it running"), null when none
 */
public record Evidence(String rule, Integer frame, String entry, Says says, List<String> facts, Evidence cites) implements Worded {

    /** The facts an Evidence can state; each is worded once, in report.EvidenceText. */
    public enum Says {
        KERNEL_RUNNING, RUNTIME_ON_CPU, MOVED_ACROSS_SAMPLES, RUNTIME_STATE, RUNTIME_NO_FRAMES, RUNTIME_HIDES_CALLS, OWNER_IN_DUMP, FATAL_SIGNAL, ABORT_PATH, FATAL_SIGNAL_HANDLER, CALLED_FROM_NON_WAIT,
        TOP_NOT_A_WAIT, OWN_CODE_RUNNING, LIBRARY_CODE_RUNNING, WAIT, REFINEMENT, NONBLOCKING_RULE, NONBLOCKING_DESCRIPTOR,
        NO_FRAME, NO_SYMBOL, NO_SYMBOL_OUTSIDE_SCHEDULER, SLEEPS_IN_KERNEL, RAW_SYSCALL, UNNAMED_TOP_NOT_A_WAIT,
        SHAPE_KIND, SHAPE_SIGNAL_HANDLER, SHAPE_HOLDS_LOCK, SHAPE_WORK_ON_THE_WAY, SHAPE_NO_START, SHAPE_DEEP, SHAPE_PARKED, HOME_WAIT,
        ROLE_CLUE, ROLE_MAIN_THREAD, ROLE_FIRST_THREAD, ROLE_SAME_THREAD_FUNCTION, ROLE_NONE, ROLE_CALL_PATH, ROLE_NAME_DISAGREES, ROLE_NAME_SUGGESTS, ROLE_THREAD_NAME,
        IN_LOOP_CALLBACK, KERNEL_BUSY, WORKING, WORK_WAIT, GUEST_HALTED, STATE_ONLY, NO_HOME_WAIT, NOT_HOME, JOINS_IDLE,
        JOINS_IDLE_THREAD, HOLDS_AWAITED_LOCK,
        OWNER_READ, OWNER_READ_GONE, OWNER_BY_RULE, ONLY_OTHER_ON_A_LOCK, ONLY_OTHER_IN_WORK, ONLY_OTHER_RUNNING, COULD_HOLD,
        NO_HOLDER
    }

    public Evidence {
        facts = List.copyOf(facts);
    }

    /** Evidence of {@code rule} stating {@code says} with these facts (a null fact is written as ""). */
    static Evidence of(String rule, Integer frame, String entry, Says says, Object... facts) {
        String[] text = new String[facts.length];
        for (int i = 0; i < facts.length; i++) {
            text[i] = facts[i] == null ? "" : facts[i].toString();
        }
        return new Evidence(rule, frame, entry, says, List.of(text), null);
    }

    /** Evidence of {@code rule} stating {@code says} on the strength of another fact. */
    static Evidence citing(String rule, Says says, Evidence cited) {
        return new Evidence(rule, null, null, says, List.of(), cited);
    }

    /** The same fact used by another rule (why the frames tell nothing, said again as why the activity is unknown). */
    Evidence as(String otherRule) {
        return new Evidence(otherRule, frame, entry, says, facts, cites);
    }

    /** Fact i, "" when there are fewer. */
    public String fact(int i) {
        return i < facts.size() ? facts.get(i) : "";
    }

    // Written out: a large listing compares a few hundred thousand of these to keep one of each (ThreadExplainer),
    // and the record's generated methods run through method handles that the quick JIT does not inline.
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Evidence e && says == e.says && sameFacts(e) && Objects.equals(rule, e.rule)
                && Objects.equals(frame, e.frame) && Objects.equals(entry, e.entry) && Objects.equals(cites, e.cites);
    }

    /** By index: a list's own equals makes an iterator for each of them. */
    private boolean sameFacts(Evidence e) {
        if (facts.size() != e.facts.size()) {
            return false;
        }
        for (int i = 0; i < facts.size(); i++) {
            if (!facts.get(i).equals(e.facts.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(rule) * 31 + Objects.hashCode(frame);
        return (((h * 31 + Objects.hashCode(entry)) * 31 + says.hashCode()) * 31 + facts.hashCode()) * 31 + Objects.hashCode(cites);
    }
}
