package dev.btexplain.analyze;

import java.util.Objects;

import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.RoleDefinition;
import dev.btexplain.knowledge.StateRules;
import dev.btexplain.model.ThreadTrace;
import java.util.List;
import java.util.Objects;

/**
 * What one thread is and what it is doing, with the evidence for each.
 *
 * @param path           the thread's frames with their knowledge entries
 * @param role           its role
 * @param who            how the report names it ("vCPU 1 (TCG)")
 * @param roleConfidence how sure the role is
 * @param state          its state
 * @param stateConfidence how sure the state is
 * @param sentence       what its sentence for a person is made of (report.ThreadSentence fills it)
 * @param waitsOn        the objects and limits of its wait, as printed in the arguments ("mutex 0x… &lt;bql&gt;")
 * @param waitFrame      the frame index of the wait that decided the state, -1 when none
 * @param waitEnd        the outermost frame index of that wait (its callers that are waits too), -1 when none
 * @param waiting        the wait as its frames say it: the call, the object, the timeout, what it waits for
 * @param waitKind       what the wait waits for (a lock, a join, input...), null when the thread does not wait
 * @param activity       idle (at a home wait of its role), running, waiting inside work, crashed or unknown
 * @param activityConfidence how sure the activity is: a home wait a pack names is certain or likely, a thread parked
 *                       at the top of its loop by the shape of its stack alone possible (likely where its name agrees)
 * @param home           the home wait it is at, null when it is not idle there
 * @param activityWhy    the evidence for the activity: the home wait matched, or why the wait is not one
 * @param evidence       what the role and the state rest on
 * @param kernel         the kernel's view of the thread just before gdb attached (a live capture), null without one
 */
public record ThreadExplanation(
        CallPath path,
        RoleDefinition role,
        String who,
        Confidence roleConfidence,
        ThreadState state,
        Confidence stateConfidence,
        Sentence sentence,
        List<WaitsOn> waitsOn,
        int waitFrame,
        int waitEnd,
        Wait waiting,
        StateRules.WaitKind waitKind,
        Activity activity,
        Confidence activityConfidence,
        RoleDefinition.HomeWait home,
        Evidence activityWhy,
        List<Evidence> evidence,
        KernelView kernel) {

    public ThreadExplanation {
        waitsOn = List.copyOf(waitsOn);
        evidence = List.copyOf(evidence);
    }

    /**
     * The facts a thread's sentence is made of: the template (a role's for its state, or the state's or wait kind's
     * own), the function the thread's role is named after ({@code subject}, null for "This thread"), whether the crash
     * hit it and the signal it received (null when none was printed: a kernel's or a tool's report), and why its state is
     * what it is (null when nothing to add).
     */
    public record Sentence(String template, String subject, boolean crashHit, String crashSignal, Evidence why) {
        // written out, as Evidence's: each thread's sentence is compared to keep one of each equal ones
        @Override
        public boolean equals(java.lang.Object o) {
            return this == o || o instanceof Sentence s && crashHit == s.crashHit && Objects.equals(template, s.template)
                    && Objects.equals(subject, s.subject) && Objects.equals(crashSignal, s.crashSignal) && Objects.equals(why, s.why);
        }

        @Override
        public int hashCode() {
            return (((Objects.hashCode(template) * 31 + Objects.hashCode(subject)) * 31 + Boolean.hashCode(crashHit)) * 31
                    + Objects.hashCode(crashSignal)) * 31 + Objects.hashCode(why);
        }
    }

    /** The call the program made to wait ("read", "pthread_mutex_lock"), "" when none. */
    public String waitFunction() {
        return waiting.function();
    }

    public ThreadTrace thread() {
        return path.thread();
    }

    /** One explanation per thread of the input: two are the same only when they are one (sets and lists of them stay cheap). */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /**
     * Idle by the shape of its stack alone (parked at the top of its loop, shapes.json), not at a home wait a pack
     * names: such a thread may still hold a lock of the program, which a pack's home wait rules out.
     */
    public boolean idleByShape() {
        return activity == Activity.IDLE && home != null && home.shape() != null;
    }

    /** The same thread with another activity, once the other threads of its listing tell more (a join, a lock it holds). */
    ThreadExplanation withActivity(Activity activity, Confidence confidence, Evidence why) {
        List<Evidence> more = new java.util.ArrayList<>(evidence);
        more.add(why);
        return new ThreadExplanation(path, role, who, roleConfidence, state, stateConfidence, sentence, waitsOn, waitFrame,
                waitEnd, waiting, waitKind, activity, confidence, activity == Activity.IDLE ? home : null, why, more, kernel);
    }

    /** The thread's share of a CPU over the window the kernel was watched, in percent; -1 when not measured. */
    public long cpuPercent() {
        return kernel == null ? -1 : kernel.cpuPercent();
    }

    /** What the wait is for, as the outermost frame of the wait that says it words it ("a message on a channel"), or null. */
    public String waitsFor() {
        for (int i = waitEnd; i >= 0 && i >= waitFrame; i--) {
            if (path.named(i) && path.entry(i) != null && path.entry(i).waitsFor() != null) {
                return path.entry(i).waitsFor();
            }
        }
        return null;
    }

    /** The first named frame outside the wait: who waits ("os_host_main_loop_wait"), or null. */
    public String waitCaller() {
        if (waitEnd < 0) {
            return null;
        }
        for (int i = waitEnd + 1; i < path.size(); i++) {
            if (path.named(i)) {
                return path.name(i);
            }
        }
        return null;
    }

    /** The nearest caller of the wait, named or not; null when the wait has no caller in the stack. */
    public CallPath.Who waitCallerWho() {
        int c = waitEnd < 0 ? -1 : path.callerOf(waitEnd);
        return c < 0 ? null : path.who(c);
    }

    /** The meaning of frame i from the knowledge base, or null when the function is not known. */
    public String meaning(int i) {
        FunctionEntry e = path.entry(i);
        return e == null ? null : e.meaning();
    }

    /** The id of the knowledge entry behind frame i's meaning, or null. */
    public String entryId(int i) {
        FunctionEntry e = path.entry(i);
        return e == null ? null : e.id();
    }
}
