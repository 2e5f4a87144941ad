package dev.btexplain.analyze;

/**
 * A fatal signal gdb reported: "Thread 2 "parser" received signal SIGSEGV" or, for a core, "Program
 * terminated with signal SIGSEGV" with the current thread.
 *
 * @param thread    gdb's number of the thread it hit, null when gdb did not say
 * @param signal    "SIGSEGV"
 * @param message   the line gdb printed, with the program's own last output (an assertion) when there was some
 * @param signature the crashing thread's first three frames of the program's own code, normalized: "a | b | c"
 * @param frame     the index of the first frame of the program's own code (above the library frames), -1 when none
 * @param stackLine for a stack without a thread number (a kernel report's task): the input line it starts on, 0 when
 *                  the thread number (or gdb's current thread) says which it is
 */
public record Crash(Integer thread, String signal, String message, String signature, int frame, int stackLine) {

    public Crash(Integer thread, String signal, String message, String signature, int frame) {
        this(thread, signal, message, signature, frame, 0);
    }
}
