package dev.btexplain.model;

import java.util.Map;

/**
 * What a live capture learned beyond the backtrace text: the owner of each mutex a thread waits on (read from
 * the process by gdb) and each thread's kernel view (/proc/PID/task). Empty for pasted text.
 *
 * @param lockOwners owner LWP by mutex address ("0x55d4c1b4a6e8", lower case) or by known lock ("BQL")
 * @param tasks      kernel facts by LWP
 * @param executable the program's executable (/proc/PID/exe of a live process, the program of a core), null when not known
 */
public record ProcessFacts(Map<String, Long> lockOwners, Map<Long, TaskFacts> tasks, String executable) {
    public ProcessFacts {
        lockOwners = Map.copyOf(lockOwners);
        tasks = Map.copyOf(tasks);
    }

    /** The same facts with these lock owners (read after the threads were explained). */
    public ProcessFacts withOwners(Map<String, Long> owners) {
        return new ProcessFacts(owners, tasks, executable);
    }

    public static ProcessFacts none() {
        return new ProcessFacts(Map.of(), Map.of(), null);
    }

    /**
     * One thread as the kernel showed it just before gdb attached.
     *
     * @param state      the state letter of /proc/PID/task/TID/stat seen most often: R running, S sleeping, D uninterruptible,
     *                   T stopped...
     * @param cpuTicks   user + system clock ticks (utime + stime) used over the window, -1 when not measured
     * @param windowMillis how long the thread was watched, 0 when not measured
     * @param wchan      the kernel function it sleeps in, null when not readable or "0"
     * @param kernelStack the innermost kernel functions (/proc/PID/task/TID/stack), empty when not readable
     */
    public record TaskFacts(char state, long cpuTicks, long windowMillis, String wchan, java.util.List<String> kernelStack) {
        public TaskFacts {
            kernelStack = java.util.List.copyOf(kernelStack);
        }
    }
}
