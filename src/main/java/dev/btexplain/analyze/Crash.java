package dev.btexplain.analyze;

/**
 * A fatal signal gdb reported: "Thread 2 "parser" received signal SIGSEGV" or, for a core, "Program
 * terminated with signal SIGSEGV" with the current thread.
 *
 * @param thread    gdb's number of the thread it hit, null when gdb did not say
 * @param signal    "SIGSEGV"
 * @param message   the line gdb printed, with the program's own last output (an assertion) when there was some
 * @param programMessage the program's own last words alone (its output before the signal, or the message its abort
 *                  call's arguments hold), null when there are none
 * @param signature the crashing thread's first three frames of the program's own code, normalized: "a | b | c"
 * @param frame     the index of the first frame of the program's own code (above the library frames), -1 when none
 * @param stackLine for a stack without a thread number (a kernel report's task): the input line it starts on, 0 when
 *                  the thread number (or gdb's current thread) says which it is
 * @param origin    where the signal came from, read from gdb's print of $_siginfo; null when the input has none
 * @param trace     the thread it hit, as located once here (the analysis finds its explanation by it); null when none
 */
public record Crash(Integer thread, String signal, String message, String programMessage, String signature, int frame, int stackLine, SignalOrigin origin,
        dev.btexplain.model.ThreadTrace trace) {

    Crash(dev.btexplain.model.ThreadTrace trace, String signal, String message, String signature, int frame) {
        this(trace == null ? null : trace.number(), signal, message, null, signature, frame, trace == null || trace.number() != null
                ? 0 : trace.line(), null, trace);
    }

    /**
     * Where a fatal signal came from (the kernel's si_code): sent by a process ({@code sender}, its PID; the process
     * itself when it raised it), or a fault of the code the thread ran, at {@code address}.
     *
     * @param code    si_code as printed
     * @param name    its name (SI_USER, SEGV_MAPERR), null when the knowledge does not know it
     * @param sent    another process (or the process itself, with raise or abort) sent it
     * @param self    the process sent it to itself
     * @param sender  the sending process's PID, null when not sent or not printed
     * @param address the faulting address, null when not a fault or not printed
     * @param text    what the code means, in words (states.json)
     */
    public record SignalOrigin(int code, String name, boolean sent, boolean self, Long sender, String address, String text) {
    }
}
