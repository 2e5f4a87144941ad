package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.RuntimeView;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A HotSpot thread dump: {@code jstack PID} (with {@code -l}, each thread's "Locked ownable synchronizers"),
 * {@code kill -3}, {@code jcmd PID Thread.print}. A thread's header names it, its Java id ({@code #12}), its kernel
 * thread ({@code nid=0x1bd5}, decimal from JDK 19) and, from JDK 19, {@code [7363]} as well; then its state
 * ({@code java.lang.Thread.State: BLOCKED (on object monitor)}), its frames ({@code at Cls.method(File.java:15)}) and
 * under a frame the monitors and locks the JVM knows of it ({@code - waiting to lock <0x…> (a java.lang.Object)}).
 * The JVM's own deadlock section ("Found one Java-level deadlock") becomes report lines; the stacks it repeats
 * ("Java stack information for the threads listed above") are not threads again.
 */
public final class JstackParser extends RuntimeDumpParser {
    /** {@code "auditor" #12 [7375] daemon prio=5 os_prio=0 cpu=0.75ms elapsed=1.62s tid=0x00007fb2d01293e0 nid=0x1bd5 waiting…} */
    private static final Pattern HEADER = Pattern.compile(
            "^\"(.*)\"(?: #(\\d{1,9}))?(?: \\[(\\d{1,10})\\])?(?: daemon)?(?: prio=\\d+)? os_prio=-?\\d+ .*?nid=(0x[0-9a-fA-F]{1,8}|\\d{1,10})\\b(.*)$");
    /**
     * A thread of {@code jcmd PID Thread.dump_to_file} (its text form, JDK 21+, which lists virtual threads too):
     * {@code #23 "request-0" virtual WAITING 2026-12-06T10:10:41.116156451Z}; JDK 21 prints neither state nor time
     * ({@code #19 "request-0" virtual}), and its frames without "at".
     */
    private static final Pattern JCMD_HEADER = Pattern.compile(
            "^#(\\d{1,12}) \"(.*)\"( virtual)?(?: ([A-Z_]+) \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)?$");
    private static final Pattern STATE = Pattern.compile("^java\\.lang\\.Thread\\.State: (.+)$");
    /** {@code at java.lang.Object.wait(java.base@17.0.15/Native Method)}, {@code at Cls.run(Cls.java:15)}; JDK 21's jcmd omits "at". */
    private static final Pattern FRAME = Pattern.compile("^(?:at )?(?:([a-z][\\w.]*)/)?([^\\s(]+)\\((?:([^/()]+)/)?([^():]*?)(?::(\\d{1,9}))?\\)$");
    /** {@code - waiting to lock <0x000000069ec196a0> (a java.lang.Object)}. */
    /** jstack's {@code <0x…> (a CLASS)}, or jcmd's {@code <CLASS@IDENTITYHASH>}. */
    private static final Pattern LOCK = Pattern.compile(
            "^- (locked|waiting to lock|waiting on|parking to wait for|eliminated|waiting to re-lock in wait\\(\\)) +<(0x[0-9a-fA-F]+|([\\w.$]+)@[0-9a-f]+|[^>]*)>(?: \\(a ([^)]+)\\))?$");
    /** An ownable synchronizer under "Locked ownable synchronizers": {@code - <0x…> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)}. */
    private static final Pattern OWNED = Pattern.compile("^- <(0x[0-9a-fA-F]+)> \\(a ([^)]+)\\)$");
    /** jcmd's lines before the threads: the process id ("14691:" before Thread.print), the time, the runtime's version. */
    private static final Pattern JCMD_PREAMBLE = Pattern.compile(
            "^(?:\\d{1,10}:?|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z|\\d+(?:\\.\\d+)*(?:\\+\\d+)?(?:-[\\w.]+)*)$");
    /** jstack's: the time, and the thread list's addresses under "Threads class SMR info". */
    private static final Pattern DUMP_PREAMBLE = Pattern.compile("^(?:(?:0x[0-9a-fA-F]+,? ?)+|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)$");
    private static final Pattern UNDERLINE = Pattern.compile("^=+$");
    /** The deadlock section's thread line, {@code "main":}. */
    private static final Pattern SECTION_THREAD = Pattern.compile("^\"(.*)\":$");

    private enum Part { HEADER, THREADS, OWNABLE, DEADLOCK, DEADLOCK_STACKS, HEAP }

    private Part part = Part.HEADER;
    private String state;
    private List<RuntimeView.Lock> locks = new ArrayList<>();
    private int frame = -1;
    /** The thread's innermost frame is a native method: what it calls, the dump does not print. */
    private boolean nativeTop;
    /** The deadlock section's lines of one thread, joined into one report line. */
    private StringBuilder deadlockThread;
    private int deadlockLine;

    @Override
    public InputFormat format() {
        return InputFormat.JSTACK;
    }


    @Override
    void read(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        if (part == Part.HEAP && (line.startsWith(" ") || line.startsWith("\t"))) {
            b.skip("heap-summary");
            return;
        }
        if (part == Part.HEAP) {
            part = Part.HEADER;
        }
        if ((m = HEADER.matcher(t)).matches()) {
            endThread(b);
            part = Part.THREADS;
            String nid = m.group(4);
            long lwp = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
            b.startThread(m.group(2) == null ? null : Integer.valueOf(m.group(2)), lwp, m.group(1), false, n);
        } else if ((m = JCMD_HEADER.matcher(t)).matches()) {
            endThread(b);
            part = Part.THREADS;
            state = m.group(4); // jcmd prints the state on the header (JDK 25), without jstack's detail ("WAITING", not "(parking)")
            long id = Long.parseLong(m.group(1));
            b.startThread(id <= Integer.MAX_VALUE ? (int) id : null, null, m.group(2).isEmpty() ? null : m.group(2), false, n);
        } else if (t.startsWith("Found one Java-level deadlock")) {
            endThread(b);
            part = Part.DEADLOCK;
            b.event(DebuggerEvent.Kind.RUNTIME_REPORT, t.replaceAll(":$", ""), n);
        } else if (part == Part.DEADLOCK || part == Part.DEADLOCK_STACKS) {
            deadlockSection(b, t, n);
        } else if (part == Part.THREADS || part == Part.OWNABLE) {
            threadLine(b, line, t, n);
        } else if (part == Part.HEADER && t.equals("Heap")) {
            part = Part.HEAP; // kill -3 prints the heap's summary after the threads
            b.skip("heap-summary");
        } else if (part == Part.HEADER && JCMD_PREAMBLE.matcher(t).matches()) {
            b.skip("dump-header");
        } else if (t.startsWith("Full thread dump ") || t.startsWith("JDK version: ") || t.startsWith("Threads class SMR info:") || t.startsWith("_java_thread_list=")
                || t.equals("}") || DUMP_PREAMBLE.matcher(t).matches()) {
            b.skip("dump-header");
        } else {
            b.unparsed(n, line);
        }
    }

    private void threadLine(TraceBuilder b, String line, String t, int n) {
        Matcher m;
        if ((m = STATE.matcher(t)).matches()) {
            state = m.group(1).strip();
            b.countLine();
        } else if ((m = FRAME.matcher(t)).matches()) {
            part = Part.THREADS;
            frame++;
            // "java.base@17.0.15" is the module the class is in; "Native Method" and "Unknown Source" are no file
            // the module comes inside the parentheses in jstack (java.base@17.0.15/Native Method), before the class in jcmd
            String file = m.group(4);
            nativeTop |= frame == 0 && file.equals("Native Method");
            b.frame(frame, 0, 0, m.group(2), null, sourceFile(file), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(3) != null ? m.group(3) : m.group(1), n);
        } else if ((m = LOCK.matcher(t)).matches()) {
            RuntimeView.Relation r = switch (m.group(1)) {
                case "locked" -> RuntimeView.Relation.HOLDS;
                case "waiting to lock" -> RuntimeView.Relation.WAITS_TO_LOCK;
                case "waiting on" -> RuntimeView.Relation.WAITS_ON;
                case "parking to wait for" -> RuntimeView.Relation.PARKED_ON;
                // JDK 11's re-lock (vframe.cpp): the monitor Object.wait released, which a notified thread, BLOCKED,
                // waits to take again; while it still waits for the notify, its "waiting on" line says the wait
                case "waiting to re-lock in wait()" -> state != null && state.startsWith("BLOCKED") ? RuntimeView.Relation.WAITS_TO_LOCK : null;
                default -> null; // a lock the JIT eliminated: held by no object at run time
            };
            // an object the dump names: by address (jstack), or by class and identity hash (jcmd), which names it as well
            if (r != null && (m.group(2).startsWith("0x") || m.group(3) != null)) {
                locks.add(new RuntimeView.Lock(r, m.group(2), m.group(4) != null ? m.group(4) : m.group(3), frame));
            }
            b.countLine();
        } else if (t.equals("Locked ownable synchronizers:")) {
            part = Part.OWNABLE;
            b.countLine();
        } else if (part == Part.OWNABLE && (m = OWNED.matcher(t)).matches()) {
            locks.add(new RuntimeView.Lock(RuntimeView.Relation.HOLDS, m.group(1), m.group(2), -1));
            b.countLine();
        } else if (part == Part.OWNABLE && t.equals("- None")) {
            b.countLine();
        } else if (t.equals("No compile task") || t.startsWith("Compiling:") || t.startsWith("Carrying virtual thread #")) {
            b.skip("thread-detail");
        } else if (t.startsWith("JNI global refs:") || t.startsWith("JNI global references:")) {
            endThread(b);
            part = Part.HEADER;
            b.skip("dump-footer");
        } else {
            b.unparsed(n, line);
        }
    }

    /** "Found one Java-level deadlock": each thread's two lines as one report line, then the stacks it repeats. */
    private void deadlockSection(TraceBuilder b, String t, int n) {
        Matcher m;
        if (t.startsWith("Java stack information for the threads listed above")) {
            flushDeadlockThread(b);
            part = Part.DEADLOCK_STACKS;
            b.skip("deadlock-section");
        } else if (part == Part.DEADLOCK && (m = SECTION_THREAD.matcher(t)).matches()) {
            flushDeadlockThread(b);
            deadlockThread = new StringBuilder(t.substring(0, t.length() - 1));
            deadlockLine = n;
        } else if (part == Part.DEADLOCK && deadlockThread != null && !UNDERLINE.matcher(t).matches()) {
            deadlockThread.append(' ').append(t.replaceAll(",$", ""));
            b.countLine();
        } else if (t.startsWith("Found ") && (t.endsWith(" deadlock.") || t.endsWith(" deadlocks."))) {
            flushDeadlockThread(b);
            b.event(DebuggerEvent.Kind.RUNTIME_REPORT, t, n);
            part = Part.HEADER;
        } else {
            b.skip("deadlock-section"); // the underline, and the stacks already read with their threads
        }
    }

    private void flushDeadlockThread(TraceBuilder b) {
        if (deadlockThread != null) {
            b.event(DebuggerEvent.Kind.RUNTIME_REPORT, deadlockThread.toString(), deadlockLine);
            deadlockThread = null;
        }
    }

    /** A Java frame's file as printed, null for "Native Method", "Unknown Source" or none: no file. */
    static String sourceFile(String printed) {
        return printed.isEmpty() || printed.equals("Native Method") || printed.equals("Unknown Source") ? null : printed;
    }

    private void endThread(TraceBuilder b) {
        if (b.inThread()) {
            b.runtime(new RuntimeView("jvm", state, locks, false, null, nativeTop));
        }
        state = null;
        locks = new ArrayList<>();
        frame = -1;
        nativeTop = false;
    }

    @Override
    void end(TraceBuilder b) {
        endThread(b);
        flushDeadlockThread(b);
    }
}
