package dev.btexplain.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A knowledge pack's manifest ({@code packs/NAME/pack.json}): what the pack is about, how a process it knows is
 * recognised, and which of its roles the thread that started in main() has.
 *
 * @param id         the pack's id, also the library id of its function entries ("qemu")
 * @param label      a short name for people ("QEMU")
 * @param summary    one sentence of what the pack covers
 * @param kind       what its frames are: a program's own code, a library the program calls, a sanitizer's runtime,
 *                   the kernel (its entries explain kernel stacks only), or the base that holds for every process
 * @param always     it applies to every process (libraries, the kernel, the base); else only when recognised
 * @param recognise  how a process of this program is recognised
 * @param library    which frames belong to this pack's code, by the library path or source file printed with them
 * @param mainThread the role of the thread that started in main(), null when the pack does not say
 * @param opaqueUnknownFrames the program runs generated code gdb cannot unwind (a JVM's Java frames): the frames of
 *                   a stack past its first ?? are guesses, not evidence
 * @param blocksThroughLibraries the program's own code never blocks by itself: it waits only by calling a library
 *                   (the C library) whose frames have names, so its own frames without a symbol above a named
 *                   frame that is no wait were running
 * @param source     {@code owner/repo: path} that shows what the pack is about
 * @param article    "a" or "an", as the label is read ("an nginx")
 * @param programs   the programs built from the pack's code, each told by its executable's or main thread's name (QEMU's
 *                   system emulator, qemu-img, qemu-nbd): a process of one is named as it, with its own main thread
 * @param runtimeDump how the runtime's own dump of its threads (a jstack dump, a faulthandler dump) joins a debugger's
 *                   listing of the same process, null when the pack's runtime prints none
 */
public record Pack(String id, String label, String summary, Kind kind, boolean always, Recognition recognise,
                   LibraryMap.Rule library, MainThread mainThread, boolean opaqueUnknownFrames, boolean blocksThroughLibraries,
                   String source, String article, List<Program> programs, RuntimeDump runtimeDump) {
    public Pack {
        programs = List.copyOf(programs);
    }

    /**
     * How a thread of the runtime's dump is the same as a thread of a debugger's listing, and where its frames go among
     * the native ones.
     *
     * @param threadId     what the dump's thread id is: the kernel's thread id (jstack's nid) or the pthread_t
     *                     (faulthandler's {@code Thread 0x…})
     * @param framesAt     the native frames that run the runtime's code: the dump's frames go before the innermost one
     * @param replaceRest  the native frames from there on are the debugger's guesses (a JVM's Java frames gdb cannot
     *                     unwind): the dump's frames replace them
     * @param hidesCalls   the dump shows the runtime's frames only, not the native calls they make (faulthandler shows no
     *                     C function, so a thread whose innermost frame is no known wait may be blocked in one)
     * @param format       the input format of the dump (its CONTRACT id: "jstack", "faulthandler")
     * @param command      the command that prints a live process's dump ({@code {pid}}, {@code {exe_dir}}: the folder of
     *                     its executable), run by a capture before gdb stops the process; empty when none can be run
     * @param source       where the thread id's meaning is defined
     */
    public record RuntimeDump(ThreadId threadId, Set<String> framesAt, boolean replaceRest, boolean hidesCalls, String format,
                              List<String> command, List<String> gdbCommands, String gdbMissing, String source) {
        public RuntimeDump {
            framesAt = Set.copyOf(framesAt);
            command = List.copyOf(command);
            gdbCommands = List.copyOf(gdbCommands);
        }
    }

    /**
     * What identifies a thread in both a runtime's dump and a debugger's listing: the kernel's thread id, the pthread_t,
     * or its frames' addresses (a goroutine on an M runs the frames gdb shows on that thread).
     */
    public enum ThreadId {
        LWP, PTHREAD, FRAMES
    }

    /**
     * One program of the pack: its id (what a check's {@code unless_programs} names), how people call it, and the
     * names its executable or main thread has (the kernel keeps 15 characters of a thread's name: "qemu-storage-da").
     */
    public record Program(String id, String label, String article, List<Pattern> names, MainThread mainThread) {
        public Program {
            names = List.copyOf(names);
        }
    }

    /** What a pack's frames are. */
    public enum Kind {
        PROGRAM, LIBRARY, RUNTIME, KERNEL, BASE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A process is the pack's when an executable or thread name matches {@code executables} or
     * {@code threadNames}, a frame's library path matches the pack's library paths, or a frame names one of
     * {@code functions} (with {@code ownFunctions}: any exact name of the pack's function entries).
     */
    public record Recognition(List<Pattern> executables, List<Pattern> threadNames, Set<String> functions,
                              boolean ownFunctions) {
        public Recognition {
            executables = List.copyOf(executables);
            threadNames = List.copyOf(threadNames);
            functions = Set.copyOf(functions);
        }

        static Recognition none() {
            return new Recognition(List.of(), List.of(), Set.of(), false);
        }
    }

    /** The role of the thread that started in main(), how sure that is, and why. */
    public record MainThread(String role, String confidence, String why) {
    }
}
