package dev.btexplain.report;

import dev.btexplain.analyze.Evidence;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each fact the analysis records as evidence, worded for a person from the facts it carries. */
public final class EvidenceText {
    private EvidenceText() {
    }

    /**
     * The words of each distinct evidence, once: the threads of a large listing share a few hundred (the analysis keeps
     * one instance of each), and the report is written by one thread. Bounded, so that an input of only distinct stacks
     * costs no more memory than it did.
     */
    private static final Map<Evidence, String> WORDS = new ConcurrentHashMap<>();
    private static final int WORDS_KEPT = 1 << 16;

    public static String of(Evidence e) {
        String known = WORDS.get(e);
        if (known != null) {
            return known;
        }
        String words = of(e.says(), e);
        if (WORDS.size() < WORDS_KEPT) {
            WORDS.put(e, words);
        }
        return words;
    }

    private static String of(Evidence.Says says, Evidence e) {
        return switch (says) {
            case KERNEL_RUNNING -> "its frames do not tell (" + of(e.cites()) + "), but the kernel showed the thread running (R in "
                    + "/proc/PID/task/TID/stat)";
            case RUNTIME_ON_CPU -> "its frames do not tell (" + of(e.cites()) + "), but the dump saw the thread on a CPU when it "
                    + "was taken (" + e.fact(0) + ")";
            case MOVED_ACROSS_SAMPLES -> "its frames do not tell (" + of(e.cites()) + "), but they changed since the listing before: "
                    + "the thread runs";
            case RUNTIME_STATE -> "the runtime's own dump says " + e.fact(0) + (e.fact(1).isEmpty() ? "" : ", on " + e.fact(1)
                    + (e.fact(2).isEmpty() ? "" : " (a " + e.fact(2) + ")"));
            case RUNTIME_NO_FRAMES -> "the thread dump shows none of its frames (a thread of the runtime itself, or native "
                    + "code only; gdb shows its stack)";
            case RUNTIME_HIDES_CALLS -> "the dump shows the runtime's frames, not the native calls they make: at "
                    + e.fact(0) + " the thread runs that code or waits in a call it makes (a sleep, a read, a lock); gdb's "
                    + "stack of the same thread shows which";
            case FATAL_SIGNAL, ROLE_CLUE -> e.fact(0);
            case ABORT_PATH -> e.fact(0) + " is on the stack: " + e.fact(1);
            case FATAL_SIGNAL_HANDLER -> e.fact(0) + " handles " + e.fact(1) + ", which the frame below #" + e.fact(2) + " received";
            case CALLED_FROM_NON_WAIT -> e.fact(0) + " is called from " + e.fact(1) + ", which is not a wait: " + e.fact(2);
            case TOP_NOT_A_WAIT -> "the innermost frame, " + e.fact(0) + ", is not a known wait";
            case OWN_CODE_RUNNING -> "the frames above " + e.fact(0) + " have no symbols but are the program's own code, which "
                    + "waits only through library calls whose frames would have names: they were running";
            case LIBRARY_CODE_RUNNING -> "the frames above " + e.fact(0) + " have no symbols but are code of " + e.fact(1)
                    + ", which would wait through the C library, whose frame would be innermost: they were running";
            case WAIT -> e.fact(0) + ": " + e.fact(1);
            case REFINEMENT -> "called from " + e.fact(0) + ": " + e.fact(1);
            case NONBLOCKING_RULE -> e.fact(0) + " does not block: " + e.fact(1);
            case NONBLOCKING_DESCRIPTOR -> e.fact(0) + " does not block: " + e.fact(1) + " calls it on a non-blocking descriptor, "
                    + "so it returns at once";
            case NO_FRAME -> "no frame was printed";
            case NO_SYMBOL -> "no frame has a symbol (every one is ??)";
            case NO_SYMBOL_OUTSIDE_SCHEDULER -> "no frame outside the scheduler has a symbol";
            case SLEEPS_IN_KERNEL -> "it sleeps in the kernel (" + e.fact(0) + ") called from " + e.fact(1) + ", which is not a known wait";
            case RAW_SYSCALL -> e.fact(0) + "() is a raw system-call stub and no known caller says what it waits for";
            case UNNAMED_TOP_NOT_A_WAIT -> "the innermost frames have no symbols and the first named one, " + e.fact(0)
                    + ", is not a known wait";
            case SHAPE_KIND -> "a thread with nothing to do does not park in such a wait (" + e.fact(0) + ")"
                    + (e.fact(1).isEmpty() ? "" : "; it waits inside " + e.fact(1) + " (frame #" + e.fact(2) + ")");
            case SHAPE_SIGNAL_HANDLER -> "it waits inside a signal handler, not at the top of its loop";
            case SHAPE_HOLDS_LOCK -> "it holds " + e.fact(0) + (e.fact(1).isEmpty() ? "" : " (a " + e.fact(1) + ")")
                    + " while it waits: a thread with nothing to do keeps no lock";
            case SHAPE_WORK_ON_THE_WAY -> "it waits inside " + e.fact(0) + " (frame #" + e.fact(1) + "), "
                    + (e.fact(2).equals("request") ? "a request to another process in progress" : "a wait inside another wait");
            case SHAPE_NO_START -> "the stack does not reach the thread's start, so what the wait is inside cannot be seen";
            case SHAPE_DEEP -> "it is reached through " + e.fact(0) + " frames of the program's own code, more than the " + e.fact(1)
                    + " a loop's top is (shapes.json): a wait deep inside work";
            case SHAPE_PARKED -> e.fact(0) + ": it waits for " + e.fact(1) + " in " + e.fact(2) + ", reached from the thread's entry "
                    + "through " + e.fact(3) + (e.fact(3).equals("1") ? " frame" : " frames") + " of its own code"
                    + (e.fact(4).isEmpty() ? "" : " and a library's loop") + ", with no lock, join or request on the way"
                    + (e.fact(5).isEmpty() ? "" : "; " + e.fact(5));
            case HOME_WAIT -> "the thread waits where a healthy " + e.fact(0) + " sleeps: " + e.fact(1) + switch (e.fact(2)) {
                case "unnamed" -> " (some frames between have no names)";
                case "no-start" -> " (the stack does not reach the thread's start)";
                default -> "";
            };
            case ROLE_SAME_THREAD_FUNCTION -> "no frame of its own names its role, but its thread function returns to "
                    + e.fact(0) + ", a few hundred bytes from where thread " + e.fact(1) + " (" + article(e.fact(2))
                    + ") runs its own (" + e.fact(3) + "), and both were started by the same call (" + e.fact(4)
                    + "): most likely the same function, so the same role";
            case ROLE_FIRST_THREAD -> "it is the process's first task (the lowest LWP: the main thread's is the process id), and its stack reaches neither main nor a "
                    + "thread's start (it was caught on a coroutine's stack, or the stack is cut short); " + e.fact(0);
            case ROLE_MAIN_THREAD -> e.fact(0) + " shows the thread that started the program" + (e.fact(1).isEmpty() ? "" : "; " + e.fact(1));
            case ROLE_NONE -> "no known entry function, thread name or clue";
            case ROLE_CALL_PATH -> e.fact(0) + (e.fact(1).isEmpty() ? " is on the call path" : " is the thread's entry function")
                    + " (" + e.fact(2) + ")";
            case ROLE_NAME_DISAGREES -> "the thread name \"" + e.fact(0) + "\" suggests " + e.fact(1) + "; the call path decides";
            case ROLE_NAME_SUGGESTS -> "it is named \"" + e.fact(0) + "\": " + Wording.lowerFirst(e.fact(1));
            case ROLE_THREAD_NAME -> "the thread name \"" + e.fact(0) + "\" is the name given to this role (" + e.fact(1) + ")";
            case IN_LOOP_CALLBACK -> e.fact(0) + " is called from a callback of " + e.fact(1) + "'s event loop, whose descriptors are "
                    + "non-blocking: it returns at once";
            case KERNEL_BUSY -> "the kernel showed it " + (e.fact(0).isEmpty() ? "running (R)" : "using about "
                    + Math.min(Long.parseLong(e.fact(0)), 100) + " % of a CPU over " + e.fact(1) + " ms")
                    + " just before gdb attached: it works between the waits gdb caught it in";
            case WORKING -> "it waits for " + e.fact(0) + ": work in progress, which makes the process busy while it lasts";
            case WORK_WAIT -> "the thread waits where " + article(e.fact(0)) + " waits for its own work in progress: " + e.fact(1);
            case GUEST_HALTED -> "the kernel stack of the thread is in " + e.fact(0) + ": it waits for " + e.fact(1);
            case STATE_ONLY -> e.fact(0);
            case NO_HOME_WAIT -> "no knowledge pack gives a home wait to " + article(e.fact(0)) + ", so this wait cannot be shown "
                    + "to be normal";
            case NOT_HOME -> "it is not at a home wait of " + article(e.fact(0)) + (e.fact(1).isEmpty() ? "" : " (" + e.fact(1) + ")")
                    + (e.fact(2).isEmpty() ? "" : ": it waits inside " + e.fact(2) + " (frame #" + e.fact(3) + ")");
            case JOINS_IDLE -> "it waits for another thread to exit, and every other thread is idle: how a program waits for the "
                    + "threads that do its work";
            case JOINS_IDLE_THREAD -> "it waits for " + (!e.fact(0).isEmpty() ? "thread " + e.fact(0) : !e.fact(1).isEmpty()
                    ? "LWP " + e.fact(1) : "the thread") + " to exit, which is idle: how a program waits for the threads that do its work";
            case HOLDS_AWAITED_LOCK -> "it probably holds " + e.fact(0) + ", which " + e.fact(1) + (e.fact(1).equals("1")
                    ? " thread waits" : " threads wait") + " for: its wait, which would be its loop's idle wait otherwise, holds them up";
            case OWNER_IN_DUMP -> "the runtime's dump lists " + e.fact(0) + " among the locks it holds";
            case OWNER_READ -> "gdb read its owner from the process: LWP " + e.fact(0);
            case OWNER_READ_GONE -> "gdb read its owner from the process: LWP " + e.fact(0) + ", a thread that is not in the listing "
                    + "(it may have exited with the lock held)";
            case OWNER_BY_RULE -> e.fact(0);
            case ONLY_OTHER_ON_A_LOCK -> "the only other thread blocked on a lock, so the likely holder of this one";
            case ONLY_OTHER_IN_WORK -> "the only other thread blocked in a wait inside work (not at its home wait)";
            case ONLY_OTHER_RUNNING -> "the only other thread running";
            case COULD_HOLD -> e.fact(0) + " threads could hold it";
            case NO_HOLDER -> "no other thread is blocked or running: the holder may have exited with the lock held, or is not in "
                    + "this capture";
        };
    }

    /** "a vCPU thread", "an unknown role". */
    private static String article(String label) {
        return (label.isEmpty() || "aeiou".indexOf(Character.toLowerCase(label.charAt(0))) < 0 ? "a " : "an ") + label;
    }

}
