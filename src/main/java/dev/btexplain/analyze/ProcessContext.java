package dev.btexplain.analyze;

/**
 * What is known of the whole process before its threads are explained.
 *
 * @param qemu  the stacks show QEMU code (a QEMU library path or a frame only QEMU has)
 * @param crash the fatal signal gdb reported and the thread it hit, null when none
 * @param facts what a live capture read from the process (lock owners, kernel view), empty for text
 */
record ProcessContext(boolean qemu, Crash crash, dev.btexplain.model.ProcessFacts facts) {

    /** The fatal signal hit this thread: the one gdb named, or, when it named none, the current one. */
    boolean crashHit(dev.btexplain.model.ThreadTrace t) {
        if (crash == null) {
            return false;
        }
        return crash.thread() != null ? crash.thread().equals(t.number()) : t.current();
    }
}
