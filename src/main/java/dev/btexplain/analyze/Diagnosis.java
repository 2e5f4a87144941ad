package dev.btexplain.analyze;

import java.util.List;

/**
 * What the whole process is doing.
 *
 * @param verdict      idle, busy, hung, deadlock, crash or unknown
 * @param confidence   how strongly the evidence decides it
 * @param observations key findings, for a person
 * @param normal       what is as it should be, thread by thread
 * @param notNormal    what is not, or cannot be told from this capture
 * @param nextSteps    what to capture next, and how
 * @param crash        the fatal signal and its thread, null when none
 * @param namedFrames  frames with a function name (symbol coverage)
 * @param frames       frames in all (gdb's signal marker not counted)
 * @param locks        who waits for which lock, and who probably holds it
 * @param groups       threads with identical stacks, largest group first
 */
public record Diagnosis(Verdict verdict, Confidence confidence, List<String> observations, List<String> normal,
                        List<String> notNormal, List<String> nextSteps, Crash crash, int namedFrames, int frames,
                        LockGraph locks, List<StackGroup> groups) {

    /** Thread numbers with runs as ranges: "100-2, 1". */
    public static String ranges(List<String> numbers) {
        return Diagnoser.ranges(numbers);
    }

    public Diagnosis {
        observations = List.copyOf(observations);
        normal = List.copyOf(normal);
        notNormal = List.copyOf(notNormal);
        nextSteps = List.copyOf(nextSteps);
        groups = List.copyOf(groups);
    }
}
