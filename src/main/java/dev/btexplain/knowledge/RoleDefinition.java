package dev.btexplain.knowledge;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A thread role from {@code knowledge/roles.json}: how to recognise it beyond the call path (thread names,
 * clues that survive in stripped builds) and how to say what such a thread is doing.
 *
 * @param id      the role id ("qemu.rcu"), as in the JSON report
 * @param label   short name for people ("RCU reclamation thread (call_rcu)")
 * @param pack    the knowledge pack it belongs to: it is given only to threads of a process that pack applies to
 * @param summary one sentence of what the role is
 * @param source  "owner/repo: path" that shows it
 * @param who     how a sentence names such a thread when its name says nothing more
 * @param names   thread-name patterns, each with how to name the thread ("vCPU {1} (TCG)")
 * @param clues   weaker evidence for stripped builds, tried in order
 * @param explain sentence templates by state, tried in order
 * @param kernelTask a task the kernel runs in the process (no user-space frames to read): not counted against the capture
 * @param nameFirst  the name decides before the call path (a sanitizer's stack title says what the stack is)
 * @param homeWaits  where a healthy thread of this role sleeps: a thread is idle only at one of these
 * @param nameConfidence how sure a role given by a thread name alone is: likely, or possible for a name that only
 *                   suggests what a thread does ("worker-3", "logger")
 * @param workWaits  where a thread of this role waits for its own work in progress (qemu-img's main thread polls for
 *                   the I/O of the command it runs): a thread there is working, not idle nor stuck
 */
public record RoleDefinition(
        String id,
        String label,
        String pack,
        String summary,
        String source,
        String who,
        List<NamePattern> names,
        List<Clue> clues,
        List<Template> explain,
        boolean kernelTask,
        boolean nameFirst,
        List<HomeWait> homeWaits,
        String nameConfidence,
        List<HomeWait> workWaits) {

    public RoleDefinition {
        names = List.copyOf(names);
        clues = List.copyOf(clues);
        explain = List.copyOf(explain);
        homeWaits = List.copyOf(homeWaits);
        workWaits = List.copyOf(workWaits);
    }

    /** A thread name that identifies the role; {@code who} may use the pattern's groups as {1}, {2}, and {0}. */
    public record NamePattern(Pattern pattern, String who) {
    }

    /**
     * Evidence for a stripped build: the named frames must all be present; a frame's library path must match
     * {@code library} when set; {@code onlyKnownPackFrames}: no other frame of the role's pack has a name;
     * {@code notMainThread}: a thread the program started (not the main thread); {@code noOtherLibraries}: no frame of
     * a library the knowledge does not know (a thread of libspice is not QEMU's); a thread number when it matters.
     */
    public record Clue(Set<String> framesAll, Pattern library, boolean onlyKnownPackFrames, boolean notMainThread,
                       boolean noOtherLibraries, Integer threadNumber, String confidence, String why) {
        public Clue {
            framesAll = Set.copyOf(framesAll);
        }
    }

    /**
     * Where a healthy thread of the role sleeps. The thread must be in one of {@code states}; when {@code waits} is
     * not empty, the outermost named frame of its wait (the call the program made: qemu_event_wait, not the futex
     * under it) must be one of them; and every named frame between the wait and the thread's start must be one of
     * {@code through} (its loop and entry functions): a wait reached through any other function (a drain, a monitor
     * command) is a wait inside work. Unnamed frames (a stripped build) are passed over, which makes the match less
     * sure; at least one frame must be named in {@code waits} or {@code through}.
     *
     * @param loopEntries the functions a library's loop is entered by (g_main_loop_run): the walk ends at the
     *                    outermost of them, since what called it is the program's own code and not the loop's; empty
     *                    when the walk goes to the thread's start
     * @param why    what the thread waits for there, in our words
     * @param source {@code owner/repo: path} that shows it
     * @param shape  a shape of shapes.json ("parked") that stands for the functions when no pack knows the program's
     *               code, null when the home wait names its functions
     * @param waitKinds for a shape: the wait kinds of it that this role parks in, empty for all of the shape's
     * @param confidence for a shape: how sure a match is ("possible"; "likely" where the thread's name agrees)
     */
    public record HomeWait(Set<String> states, Set<String> waits, Set<String> through, Set<String> loopEntries, String why,
                           String source, String shape, Set<String> waitKinds, String confidence) {
        public HomeWait {
            states = Set.copyOf(states);
            waits = Set.copyOf(waits);
            through = Set.copyOf(through);
            loopEntries = Set.copyOf(loopEntries);
            waitKinds = Set.copyOf(waitKinds);
        }
    }

    /**
     * A sentence for a state; {@code whenFrame}: only when that function is on the stack; {@code activity}: only when
     * the thread is idle at a home wait, or waiting inside work ("idle", "waiting"), null for either.
     */
    public record Template(String state, String whenFrame, String activity, String text) {
    }
}
