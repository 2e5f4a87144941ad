package dev.btexplain.analyze;

/**
 * One fact behind a conclusion and where it came from, as Socorro's notes are.
 *
 * @param rule  the rule that used it ("role.call-path", "state.refinement")
 * @param frame the frame index it rests on, null when it rests on no single frame
 * @param entry the knowledge entry or role id it cites, null when none
 * @param text  the fact, for a person
 */
public record Evidence(String rule, Integer frame, String entry, String text) {
}
