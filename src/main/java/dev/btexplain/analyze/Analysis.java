package dev.btexplain.analyze;

import dev.btexplain.model.ThreadTrace;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/** The explanation of every thread of every listing, and the diagnosis of the process (from the last listing). */
public final class Analysis {
    private final Map<ThreadTrace, ThreadExplanation> byThread;
    private final Map<ThreadTrace, Boolean> changed;
    private final Diagnosis diagnosis;

    Analysis(IdentityHashMap<ThreadTrace, ThreadExplanation> byThread, IdentityHashMap<ThreadTrace, Boolean> changed,
             Diagnosis diagnosis) {
        this.byThread = Collections.unmodifiableMap(byThread);
        this.changed = Collections.unmodifiableMap(changed);
        this.diagnosis = diagnosis;
    }

    /** The explanation of a thread of the analysed backtrace. */
    public ThreadExplanation of(ThreadTrace thread) {
        ThreadExplanation e = byThread.get(thread);
        if (e == null) {
            throw new IllegalArgumentException("not a thread of the analysed backtrace");
        }
        return e;
    }

    /** With several listings: whether the thread's stack differs from the previous listing; null when not known. */
    public Boolean changedAcrossSamples(ThreadTrace thread) {
        return changed.get(thread);
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }
}
