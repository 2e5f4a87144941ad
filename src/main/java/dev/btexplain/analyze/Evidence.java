package dev.btexplain.analyze;

import java.util.Objects;

/**
 * One fact behind a conclusion and where it came from, as Socorro's notes are.
 *
 * @param rule  the rule that used it ("role.call-path", "state.refinement")
 * @param frame the frame index it rests on, null when it rests on no single frame
 * @param entry the knowledge entry or role id it cites, null when none
 * @param text  the fact, for a person
 */
public record Evidence(String rule, Integer frame, String entry, String text) {

    // Written out: a large listing compares a few hundred thousand of these to keep one of each (ThreadExplainer),
    // and the record's generated methods run through method handles that the quick JIT does not inline.
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Evidence e && Objects.equals(text, e.text) && Objects.equals(rule, e.rule)
                && Objects.equals(frame, e.frame) && Objects.equals(entry, e.entry);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(rule) * 31 + Objects.hashCode(frame);
        return (h * 31 + Objects.hashCode(entry)) * 31 + Objects.hashCode(text);
    }
}
