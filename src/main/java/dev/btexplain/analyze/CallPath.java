package dev.btexplain.analyze;

import dev.btexplain.knowledge.Category;
import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.model.Frame;
import dev.btexplain.model.FrameList;
import dev.btexplain.model.ThreadTrace;

/** A thread's frames, each paired with the knowledge entry that explains it (null when none does). */
public final class CallPath {
    private final ThreadTrace thread;
    private final FrameList frames;
    private final FunctionEntry[] entries;
    private final String[] normalized;
    /** Which frames have a name, kept: the frame list makes a new Frame on every get (column storage). */
    private final boolean[] named;
    private final int namedCount;
    private final int countedFrames;

    /**
     * {@code kernel}: the frames are the kernel's (a kernel report or /proc stack), looked up among kernel entries.
     * Where a pack says frames past the first ?? are guesses (a JVM's Java frames), their names are not evidence.
     */
    CallPath(ThreadTrace thread, FrameLookups lookups, boolean kernel) {
        KnowledgeBase kb = lookups.knowledge();
        boolean opaque = kb.opaqueUnknownFrames();
        this.thread = thread;
        this.frames = thread.frameList();
        this.entries = new FunctionEntry[frames.size()];
        this.normalized = new String[frames.size()];
        this.named = new boolean[frames.size()];
        boolean pastUnknown = false;
        // each frame read by its fields, never made whole: a large listing has a million of them
        for (int i = 0; i < entries.length; i++) {
            boolean unknown = frames.isUnknownFunction(i);
            boolean signalHandler = frames.signalHandler(i);
            boolean unreliable = frames.unreliable(i);
            // an unreliable kernel frame may be a leftover of an earlier call: explained, but it decides nothing
            named[i] = !unknown && !signalHandler && !unreliable && !pastUnknown;
            pastUnknown |= opaque && unknown;
            normalized[i] = lookups.normalize(frames.function(i));
            boolean explained = named(i) || signalHandler || unreliable && !unknown;
            entries[i] = !explained ? null : kernel ? kb.lookupKernel(frames.function(i)) : lookups.lookup(frames, i);
            if (!kernel && unknown && !pastUnknown && i > 0 && named[i - 1]) {
                // a call (syscall, pthread_cond_timedwait) from code its library does not name: the library's knowledge
                // may say what that code is (the only caller there is), which then decides like a named frame
                entries[i] = kb.lookupUnnamedCaller(frames, i, normalized[i - 1]);
                named[i] = entries[i] != null;
                if (named[i]) {
                    normalized[i] = String.join(" or ", entries[i].names()) + " (no symbol)";
                }
            }
        }
        int n = 0;
        int counted = 0;
        for (int i = 0; i < entries.length; i++) {
            n += named[i] ? 1 : 0;
            counted += frames.signalHandler(i) || frames.unreliable(i) ? 0 : 1;
        }
        this.namedCount = n;
        this.countedFrames = counted;
    }


    public ThreadTrace thread() {
        return thread;
    }

    public int size() {
        return entries.length;
    }

    /** Frame i, made anew on each call: the readers below answer its common questions without making it. */
    public Frame frame(int i) {
        return frames.get(i);
    }

    /** Frame i has an address (gdb prints none for an inlined or the innermost frame of some formats). */
    public boolean hasAddress(int i) {
        return frames.hasAddress(i);
    }

    /** Frame i's address, 0 when it has none. */
    public long pc(int i) {
        return frames.pc(i);
    }

    /** Frame i's function exactly as printed. */
    public String function(int i) {
        return frames.function(i);
    }

    public boolean signalHandler(int i) {
        return frames.signalHandler(i);
    }

    public boolean unreliable(int i) {
        return frames.unreliable(i);
    }

    /** The number printed after '#' for frame i. */
    public int index(int i) {
        return frames.index(i);
    }

    public String library(int i) {
        return frames.library(i);
    }

    /** Frame i's arguments by name, parsed once (several rules read them). */
    public java.util.Map<String, String> args(int i) {
        if (args == null) {
            args = new java.util.Map[entries.length];
        }
        java.util.Map<String, String> a = args[i];
        if (a == null) {
            a = Arguments.parse(frames.args(i));
            args[i] = a;
        }
        return a;
    }

    private java.util.Map<String, String>[] args;

    /** Frame i's argument text holds {@code text}: a test before its arguments are parsed. */
    public boolean argsMention(int i, String text) {
        String a = frames.args(i);
        return a != null && a.contains(text);
    }

    /** Lets the parsed arguments go once the thread is explained: a large listing keeps none of them. */
    void forgetArgs() {
        args = null;
    }

    /** The entry that explains frame i, or null. */
    public FunctionEntry entry(int i) {
        return entries[i];
    }

    /** The frame's name without decorations ("__GI___poll" → "__poll"). */
    public String name(int i) {
        return normalized[i];
    }

    /**
     * Frame i is one of these functions: by its name, or, for a frame gdb could not name that a library's knowledge
     * stands in for, by any of that entry's names.
     */
    public boolean isOneOf(int i, java.util.Collection<String> functions) {
        if (functions.contains(normalized[i])) {
            return true;
        }
        String bare = dev.btexplain.knowledge.NameNormalizer.withoutGenerics(normalized[i]);
        if (bare != normalized[i] && functions.contains(bare)) {
            return true; // an instance of a template or generic function the knowledge names without arguments
        }
        if (named[i] && entries[i] != null && frames.isUnknownFunction(i)) {
            for (String n : entries[i].names()) {
                if (functions.contains(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Frame i has a function name (not ??, not gdb 13's empty name, not the signal marker). */
    public boolean named(int i) {
        return named[i];
    }

    public Category category(int i) {
        return entries[i] == null ? null : entries[i].category();
    }

    /** The outermost named frame that calls main() (main itself, or libc's start-up): the process's main thread; -1. */
    public int mainStart() {
        for (int i = named.length - 1; i >= 0; i--) {
            if (named[i] && category(i) == Category.MAIN_START) {
                return i;
            }
        }
        return -1;
    }

    /** The innermost named thread-start frame (start_thread, clone3, qemu_thread_start), or -1 when the stack reaches none. */
    public int threadStart() {
        for (int i = 0; i < size(); i++) {
            if (named(i) && category(i) == Category.THREAD_START) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The function the thread was started with: the frame just inside the innermost thread-start frame (start_thread,
     * qemu_thread_start, Rust's __rust_begin_short_backtrace inside its thread plumbing), or -1. Bogus frames past a
     * coroutine's or a broken unwind's end are never taken.
     */
    public int startFunction() {
        for (int i = 0; i <= size() - 2; i++) {
            if (category(i + 1) == Category.THREAD_START && named(i + 1) && named(i)
                    && category(i) != Category.THREAD_START) {
                int entry = i;
                while (entry > 0 && category(entry) == Category.FORWARDING && named(entry - 1)) {
                    entry--; // std::thread's invoker: the function it calls is the entry
                }
                return entry;
            }
        }
        return -1;
    }

    /** The innermost frame with a name at or after {@code from}, or -1. */
    public int firstNamed(int from) {
        for (int i = from; i < named.length; i++) {
            if (named[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The innermost frame's function that has a name, "??" when none has; past the kernel's scheduler and report
     * printing (schedule, dump_stack), which say nothing of what the task was doing.
     */
    public String topName() {
        int first = firstNamed(0);
        for (int i = first; i >= 0; i = firstNamed(i + 1)) {
            if (category(i) != Category.YIELD && category(i) != Category.REPORT) {
                return function(i);
            }
        }
        return first < 0 ? "??" : function(first);
    }

    /**
     * Who a frame is: its function's name, or for a frame without one the module it is in (its file name, null for the
     * program's own, when gdb printed no library) and its address (null when not printed).
     */
    public record Who(String name, String module, String address) implements Worded {
    }

    /** Who frame i is ("libevent-2.1.so.7" at "0x7f6b7df84f34" when it has no name). */
    public Who who(int i) {
        if (named[i]) {
            return new Who(normalized[i], null, null);
        }
        String library = frames.library(i);
        Frame f = frames.get(i);
        return new Who(null, library == null ? null : library.substring(library.lastIndexOf('/') + 1), f.hasAddress() ? f.address() : null);
    }

    /** The frame that called the wait ending at frame {@code end}: the nearest one outside it (the kernel's guesses aside), or -1. */
    public int callerOf(int end) {
        for (int i = end + 1; i < entries.length; i++) {
            if (!frames.unreliable(i) && !frames.signalHandler(i)) {
                return i;
            }
        }
        return -1;
    }

    /** The innermost frame with this (normalized) name, or -1. */
    /** The position of the frame gdb (or the dump) numbered {@code frameIndex}, -1 when the path has none. */
    public int position(int frameIndex) {
        for (int i = 0; i < size(); i++) {
            if (index(i) == frameIndex) {
                return i;
            }
        }
        return -1;
    }

    public int indexOf(String name) {
        for (int i = 0; i < normalized.length; i++) {
            if (normalized[i].equals(name) || named[i] && entries[i] != null && entries[i].id().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Frames with a name, as a share of all frames but gdb's signal marker. */
    int namedCount() {
        return namedCount;
    }

    /** Frames but gdb's signal marker and the kernel's unconfirmed ones. */
    int countedFrames() {
        return countedFrames;
    }
}
