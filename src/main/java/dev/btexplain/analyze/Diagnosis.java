package dev.btexplain.analyze;

import java.util.List;

/**
 * What the whole process is doing, as data: the renderers word it.
 *
 * @param verdict      idle, busy, hung, deadlock, crash or unknown
 * @param confidence   how strongly the evidence decides it
 * @param findings     what was found, most important first, each with its threads, frames and rule
 * @param nextSteps    what to capture or run next, from the packs
 * @param crash        the fatal signal and its thread, null when none
 * @param namedFrames  frames with a function name (symbol coverage)
 * @param frames       frames in all (gdb's signal marker not counted)
 * @param waits        who waits for which lock or thread, and who probably holds it
 * @param groups       threads with identical stacks, largest group first
 * @param stateMeanings what each thread state means, in a few words (states.json)
 */
public record Diagnosis(Verdict verdict, Confidence confidence, List<Finding> findings, List<dev.btexplain.knowledge.NextStep> nextSteps,
                        Crash crash, int namedFrames, int frames, WaitGraph waits, List<StackGroup> groups,
                        java.util.Map<String, String> stateMeanings) {

    public Diagnosis {
        findings = List.copyOf(findings);
        nextSteps = List.copyOf(nextSteps);
        groups = List.copyOf(groups);
    }


    /** The locks threads wait for. */
    public LockGraph locks() {
        return waits.locks();
    }

    /** This diagnosis with a finding said first. */
    Diagnosis withFirst(Finding f) {
        List<Finding> all = new java.util.ArrayList<>(List.of(f));
        all.addAll(findings);
        return new Diagnosis(verdict, confidence, all, nextSteps, crash, namedFrames, frames, waits, groups, stateMeanings);
    }

    /** The findings of one kind, in order. */
    public List<Finding> findings(Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }
}
