package dev.btexplain.analyze;

/**
 * What the kernel showed of a thread just before gdb attached (a live capture): JSON writes it as numbers.
 *
 * @param state        the state letter of /proc/TID/stat (R, S, D, T...)
 * @param wchan        the kernel function it sleeps in, null when not sleeping or not readable
 * @param cpuPercent   its share of a CPU over the window, 0 to 100; -1 when not measured
 * @param cpuTicks     the CPU ticks it used over the window (USER_HZ); -1 when not measured
 * @param windowMillis how long the kernel was watched
 * @param haltedIn     the kernel function a guest CPU's kernel stack shows it halted in, null when it is not halted
 * @param haltedFor    what a halted guest CPU waits for (states.json's guest-halted wait kind), null when not halted
 */
public record KernelView(char state, String wchan, long cpuPercent, long cpuTicks, long windowMillis, String haltedIn,
                         String haltedFor) {
}
