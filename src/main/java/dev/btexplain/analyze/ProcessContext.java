package dev.btexplain.analyze;

/**
 * What is known of the whole process before its threads are explained.
 *
 * @param recognised the programs the capture shows (pack id → the clue that showed it), in pack order
 * @param crash the fatal signal gdb reported and the thread it hit, null when none
 * @param facts what a live capture read from the process (lock owners, kernel view), empty for text
 * @param reported the report a tool printed (kernel oops, lockdep, sanitizer) and its kind, null when none
 * @param crashLwp the LWP of the thread the fatal signal hit, when known: a mixed input shows that thread twice,
 *                 once numbered by gdb and once by LWP alone (coredumpctl)
 */
record ProcessContext(java.util.Map<String, String> recognised, Crash crash, dev.btexplain.model.ProcessFacts facts, Reported reported,
                      Long crashLwp, java.util.Set<dev.btexplain.model.ThreadTrace> moved, Long mainLwp, String processName) {

    /** The same context with other facts (the owners gdb read after the threads were explained). */
    ProcessContext withFacts(dev.btexplain.model.ProcessFacts other) {
        return new ProcessContext(recognised, crash, other, reported, crashLwp, moved, mainLwp, processName);
    }

    /**
     * The thread bears the process's own name without being its main thread: a thread the program never named
     * (Linux gives a new thread its creator's name), whose name then says nothing of what it does.
     */
    boolean inheritedName(dev.btexplain.model.ThreadTrace t) {
        return processName != null && processName.equals(t.name()) && !java.util.Objects.equals(mainLwp, t.lwp());
    }

    /** What the kernel showed of the thread during a live capture (its /proc reading), null without one. */
    dev.btexplain.model.ProcessFacts.TaskFacts task(dev.btexplain.model.ThreadTrace t) {
        return t.lwp() == null ? null : facts.tasks().get(t.lwp());
    }

    /** The fatal signal hit this thread: the one gdb named, or, when it named none, the current one. */
    boolean crashHit(dev.btexplain.model.ThreadTrace t) {
        if (crash == null) {
            return false;
        }
        if (crash.thread() != null) {
            return crash.thread().equals(t.number()) || t.number() == null && crashLwp != null && crashLwp.equals(t.lwp());
        }
        return crash.stackLine() > 0 ? crash.stackLine() == t.line() : t.current();
    }
}
