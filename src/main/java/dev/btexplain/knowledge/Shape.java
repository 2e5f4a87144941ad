package dev.btexplain.knowledge;

import java.util.List;
import java.util.Set;

/**
 * A shape of stack an engineer recognises without knowing the program ({@code shapes.json}): a role's home wait may
 * name one instead of functions. "parked": a wait for events reached from the thread's entry through a short run of
 * frames, nothing on the way that is itself work.
 *
 * @param id        what home waits name ("parked")
 * @param label     for people ("parked at the top of its loop")
 * @param waitKinds the wait kinds (states.json) of a wait a thread can park at: events, input, a condition, a sleep
 * @param maxFrames how many frames of code no pack knows may stand between the wait and the thread's entry
 * @param why       why the shape means what it says, in our words
 * @param setBy     the captures that set {@code maxFrames} (paths in the project)
 * @param source    {@code owner/repo: path} of what documents it
 */
public record Shape(String id, String label, Set<String> waitKinds, int maxFrames, String why, List<String> setBy,
                    String source) {
    public Shape {
        waitKinds = Set.copyOf(waitKinds);
        setBy = List.copyOf(setBy);
    }
}
