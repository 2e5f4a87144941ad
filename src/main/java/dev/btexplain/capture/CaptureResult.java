package dev.btexplain.capture;

import dev.btexplain.model.ProcessFacts;
import java.util.List;

/**
 * What a capture gave: gdb's text (all samples, oldest first), the runs that made it, and the facts a text
 * cannot hold (lock owners read from memory, the kernel's view of each thread).
 *
 * @param text   the listings, as one input
 * @param runs   every gdb run, the owner queries included
 * @param facts  owners and kernel facts
 * @param notes  what the capture could not do, for the report's warnings
 * @param target the gdb command line that reaches the target again (gdb -p PID, or gdb EXE CORE), for the owners
 * @param runtimeDumps the runtime's own dump of its threads taken before each sample (jstack's output), one per
 *               sample; empty when none was asked for or read
 */
public record CaptureResult(String text, List<GdbRun> runs, ProcessFacts facts, List<String> notes, List<String> target,
                            List<String> runtimeDumps) {
    public CaptureResult {
        runs = List.copyOf(runs);
        notes = List.copyOf(notes);
        target = List.copyOf(target);
        runtimeDumps = List.copyOf(runtimeDumps);
    }

    /** The longest single stop of the target: the slowest gdb run. */
    public long pauseMs() {
        return runs.stream().mapToLong(GdbRun::pauseMs).max().orElse(0);
    }
}
