package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.btexplain.parse.KernelLines.*;

/**
 * Linux kernel reports as dmesg, {@code journalctl -k}, syslog or a serial console print them: oops, BUG,
 * WARNING, soft lockup, hung task, lockdep and panic reports, and sysrq task dumps, on x86, ARM, arm64 and ppc64.
 * Each report's headline is an event; the task it names (CPU/PID/Comm) gives the stack its pid and name; the
 * faulting location (RIP, PC is at, NIP) is frame 0 and the Call Trace follows it. A lockdep dependency chain
 * entry ({@code -> #1 (lock){...}:}) is a stack of its own: where that lock was taken. Frames printed with
 * {@code ?} or {@code (unreliable)} are kept, marked unreliable. Registers, stack and code dumps and the module
 * list are report text; log lines outside a report are other kernel messages.
 */
public final class KernelParser extends LineByLineParser {
    @Override
    public InputFormat format() {
        return InputFormat.KERNEL;
    }

    /** Inside a report (after its headline, before "---[ end trace"): unknown lines there are not understood. */
    private boolean inReport;
    /** The task the report is about. */
    private String taskName;
    private Long taskPid;
    /** "CPU: 1 PID: 1" cut before the rest of its pid and "Comm:" (a console that wrapped the line). */
    private String cutTaskLine;
    /** The stack of this report is open (from its location or its Call Trace); a later location line is register text. */
    private boolean reportStack;
    /** A Call Trace follows the location in the same stack. */
    private boolean traceAfterLocation;
    /** In a stack, code or module dump: lines of hex words or module names are report text. */
    private boolean inDump;
    /** The first stack of a report is its task's: marked current, as gdb marks the thread a signal hit. */
    private boolean currentGiven;
    private boolean inModules;
    /** The next lock line is the lock being taken (true) or one already held (false); null: not expected. */
    private Boolean nextLockAcquiring;
    /** ARM pairs: the caller printed after "from", written as the last frame when the pairs end; null when none. */
    private Caller armCaller;
    private record Caller(String pc, String function, String module, int line) {}
    /** The stack holds only the location frame so far. */
    private boolean locationOnly;
    /** The open stack is lockdep's record of an earlier moment (a dependency, a state's registration), not the task's. */
    private boolean historyStack;

    @Override
    TraceBuilder builder() {
        return new TraceBuilder(false); // 4.x+ prints frames without addresses: not inlined ones
    }

    @Override
    void blank(TraceBuilder b) {
        endStack(b);
    }

    @Override
    void end(TraceBuilder b) {
        flushArmCaller(b);
        stackFromLockSites(b);
        endStack(b);
    }

    /** Where a lock line says its lock was taken ("at: [<ffffffff813da7e8>] mdio_mux_read+0x38/0xa0"), and its line. */
    private record LockSite(String where, int line) {}
    /** The lock lines' sites of the report so far, the lock being taken first. */
    private final List<LockSite> lockSites = new ArrayList<>();
    /** The report so far has a frame of its own. */
    private boolean reportFrames;

    /**
     * A lockdep report that prints no stack (a recursive locking or a lock held on the way back to user space, cut
     * short): its task's stack is where its lock lines say the locks were taken, the one it is taking innermost, as
     * abrt's satyr reads it. Nothing when the report has frames of its own.
     */
    private void stackFromLockSites(TraceBuilder b) {
        if (inReport && !reportFrames && !lockSites.isEmpty()) {
            endStack(b);
            b.startStack(taskPid, taskName, takeCurrent(), lockSites.get(0).line());
            for (LockSite site : lockSites) {
                Matcher m = X86_FRAME.matcher(site.where());
                Matcher plain = m.matches() ? null : FRAME.matcher(site.where());
                if (m.matches()) {
                    b.frameOnCountedLine(b.frameCount(), TraceBuilder.address(m.group(1)), TraceBuilder.digits(m.group(1)),
                            m.group(3) != null ? m.group(3) : m.group(4), m.group(5), site.line());
                } else if (plain.matches()) {
                    b.frameOnCountedLine(b.frameCount(), 0, 0, plain.group(2), plain.group(3), site.line());
                }
            }
            endStack(b);
        }
        lockSites.clear();
        reportFrames = false;
    }

    @Override
    void read(TraceBuilder b, String line, String stripped, int n) {
        int prefix = dmesgPrefixEnd(line);
        if (prefix < 0) {
            Matcher p = PREFIX.matcher(line);
            prefix = p.lookingAt() ? p.end() : 0;
        }
        // the line without its prefix, stripped, cut once (a prefix-less line comes stripped already)
        String t = prefix == 0 ? stripped : stripFrom(line, prefix);
        boolean indented = prefix < line.length() && line.charAt(prefix) == ' ';
        if (t.isEmpty()) {
            b.skip("blank");
            endStack(b);
            return;
        }
        if (frame(b, t, n)) {
            inDump = false;
            inModules = false;
            return;
        }
        flushArmCaller(b);
        Matcher m;
        if (cutTaskLine != null && (m = TASK_REST.matcher(t)).matches()) {
            task(b, cutTaskLine + m.group(1) + " Comm: " + m.group(2), Long.parseLong(taskPid + m.group(1)), m.group(2), n);
            cutTaskLine = null;
            return;
        }
        cutTaskLine = null;
        if (t.startsWith("-> #") && (m = LOCKDEP_CHAIN.matcher(t)).matches()) {
            endStack(b);
            b.skip("kernel-report-text");
            b.startStack(null, "lockdep dependency #" + m.group(1) + ": where " + m.group(2) + " was taken", false, n);
            historyStack = true;
            return;
        }
        if (t.endsWith(" state was registered at:") && (m = STATE_REGISTERED.matcher(t)).matches()) {
            // lockdep's inconsistent lock state: where the lock was first used in the other state, at some earlier time
            endStack(b);
            b.skip("kernel-report-text");
            b.startStack(null, "lockdep: where the " + m.group(1) + " state was registered", false, n);
            historyStack = true;
            return;
        }
        if (nextLockAcquiring != null && LOCK_LINE.matcher(t).matches()) {
            b.event(nextLockAcquiring ? DebuggerEvent.Kind.KERNEL_LOCK_ACQUIRING : DebuggerEvent.Kind.KERNEL_LOCK_HELD, t, n);
            int at = t.indexOf(", at: ");
            if (at > 0) {
                lockSites.add(new LockSite(t.substring(at + ", at: ".length()).strip(), n));
            }
            nextLockAcquiring = nextLockAcquiring ? null : Boolean.FALSE;
            return;
        }
        if (isHeadline(t) && !t.startsWith("INFO: lockdep is turned off")) {
            headline(b, t, n);
            return;
        }
        if (location(b, t, n) || taskLine(b, t, n) || lockdepLine(b, t)) {
            return;
        }
        if ((t.length() == 10 || t.length() == 11) && CALL_TRACE.matcher(t).matches()) {
            // the trace continues the stack its location started; else it is the task's stack
            if (!reportStack || traceAfterLocation) {
                endStack(b);
                reportStack = false;
            }
            traceAfterLocation = true;
            inDump = false;
            inModules = false;
            b.skip("kernel-report-text");
            return;
        }
        if (t.startsWith("Modules linked in:")) {
            inModules = true;
            b.skip("kernel-modules");
            return;
        }
        if ((t.startsWith("Stack:") || t.startsWith("Code:") || t.startsWith("Instruction dump:")) && DUMP_START.matcher(t).matches()) {
            inDump = true;
            inModules = false;
            b.skip(t.startsWith("Stack") ? "kernel-stack-dump" : "kernel-code");
            return;
        }
        if (inDump && DUMP.matcher(t).matches() || startsWithHexDigit(t) && STACK_WORDS.matcher(t).matches()) {
            b.skip("kernel-stack-dump");
            return;
        }
        if (inModules && indented && MODULE_LIST.matcher(t).matches()) {
            b.skip("kernel-modules");
            return;
        }
        inDump = false;
        inModules = false;
        if (isReportText(t)) {
            if (t.startsWith("---[ end")) {
                endStack(b);
                inReport = false;
            }
            b.skip("kernel-report-text");
        } else if (inReport) {
            b.unparsed(n, line);
        } else {
            b.skip("kernel-log-other");
        }
    }

    private void headline(TraceBuilder b, String t, int n) {
        boolean followUp = inReport && !reportStack && isFollowUp(t);
        if (!followUp) {
            stackFromLockSites(b);
            endStack(b);
            taskName = null;
            taskPid = null;
            reportStack = false;
            traceAfterLocation = false;
            nextLockAcquiring = null;
            currentGiven = false;
        }
        inReport = true;
        Matcher m = HEADLINE_TASK.matcher(t);
        if (m.find()) {
            taskName = m.group(1) != null ? m.group(1) : m.group(3);
            taskPid = Long.valueOf(m.group(2) != null ? m.group(2) : m.group(4));
        }
        b.event(DebuggerEvent.Kind.KERNEL_REPORT, t, n);
    }

    private boolean taskLine(TraceBuilder b, String t, int n) {
        if (!t.startsWith("CPU: ") && !t.startsWith("Pid: ") && !t.startsWith("task:")) {
            return false; // the three task lines' own starts: most lines of a log are none of them
        }
        Matcher m;
        if ((m = TASK.matcher(t)).matches()) {
            if (m.group(3) == null) {
                cutTaskLine = t;
                taskPid = Long.valueOf(m.group(2));
                b.skip("kernel-report-text");
            } else {
                task(b, t, Long.valueOf(m.group(2)), m.group(3), n);
            }
            return true;
        }
        if ((m = OLD_TASK.matcher(t)).matches()) {
            task(b, t, Long.valueOf(m.group(1)), m.group(2), n);
            return true;
        }
        if ((m = SCHED_TASK.matcher(t)).matches()) {
            // a task of a sysrq or hung-task dump: its Call Trace follows
            endStack(b);
            inReport = true;
            reportStack = false;
            traceAfterLocation = false;
            task(b, t, Long.valueOf(m.group(3)), m.group(1), n);
            return true;
        }
        return false;
    }

    private void task(TraceBuilder b, String t, long pid, String name, int n) {
        if (reportStack && taskPid != null && taskPid != pid) {
            endStack(b); // lockdep's "stack backtrace:" task after the chains
        }
        taskPid = pid;
        taskName = name;
        b.event(DebuggerEvent.Kind.KERNEL_TASK, t, n);
    }

    private boolean lockdepLine(TraceBuilder b, String t) {
        if (!t.endsWith(" is trying to acquire lock:") && !t.endsWith("] takes:") && !t.contains(" held by ")
                && !t.equals("but task is already holding lock:") && !t.endsWith(" with locks still held!")) {
            return false;
        }
        Matcher m;
        if ((m = LEAVING_TASK.matcher(t)).matches()) {
            taskName = m.group(1);
            taskPid = Long.valueOf(m.group(2));
        } else if ((m = LOCKDEP_TASK.matcher(t)).matches()) {
            taskName = m.group(1);
            taskPid = Long.valueOf(m.group(2));
            nextLockAcquiring = Boolean.TRUE;
        } else if (t.equals("but task is already holding lock:") || HELD_LOCKS.matcher(t).matches()) {
            nextLockAcquiring = Boolean.FALSE;
        } else {
            return false;
        }
        endStack(b);
        b.skip("kernel-report-text");
        return true;
    }

    /** The faulting location: frame 0 of the report's stack, unless that stack is already open (a repeat at the end). */
    private boolean location(TraceBuilder b, String t, int n) {
        if (reportStack || !startsLikeLocation(t)) {
            return false;
        }
        for (Pattern l : LOCATIONS) {
            Matcher m = l.matcher(t);
            if (m.matches()) {
                startReportStack(b, n);
                addFrame(b, m.group(1), m.group(2), m.group(3), n, false);
                locationOnly = true;
                return true;
            }
        }
        return false;
    }

    private void startReportStack(TraceBuilder b, int n) {
        endStack(b);
        b.startStack(taskPid, taskName, takeCurrent(), n);
        reportStack = true;
    }

    private boolean frame(TraceBuilder b, String t, int n) {
        if (t.startsWith("0x") && b.inThread()) {
            Matcher raw = RAW_ADDRESS.matcher(t);
            if (raw.matches()) {
                addFrame(b, raw.group(1), "??", null, n, false); // SLUB's trace: a return address it could not name
                return true;
            }
        }
        if (t.indexOf("+0x") < 0 && t.indexOf("[<") < 0) {
            return false; // every frame shape has an offset or an address in brackets: most report text has neither
        }
        PlainFrame plain = plainFrame(t);
        if (plain != null) {
            openStack(b, n);
            addFrame(b, null, plain.function(), plain.module(), n, plain.unreliable());
            return true;
        }
        Matcher m;
        if ((m = X86_FRAME.matcher(t)).matches()) {
            openStack(b, n);
            addFrame(b, m.group(1), m.group(3) != null ? m.group(3) : m.group(4), m.group(5), n, m.group(2) != null);
        } else if ((m = FRAME.matcher(t)).matches()) {
            openStack(b, n);
            addFrame(b, null, m.group(2), m.group(3), n, m.group(1) != null);
        } else if ((m = PPC_FRAME.matcher(t)).matches()) {
            openStack(b, n);
            addFrame(b, m.group(2), m.group(3), m.group(4), n, m.group(5) != null);
        } else if ((m = ARM_FRAME.matcher(t)).matches()) {
            openStack(b, n);
            addFrame(b, m.group(1), m.group(2), null, n, false);
            armCaller = new Caller(m.group(3), m.group(4), m.group(5), n);
        } else if ((m = ARM_FRAME_NEW.matcher(t)).matches()) {
            openStack(b, n);
            addFrame(b, null, m.group(1), m.group(2), n, false);
            armCaller = new Caller(null, m.group(3), m.group(4), n);
        } else {
            return false;
        }
        return true;
    }

    /** The caller of the last ARM pair is the outermost frame; it is printed on that pair's line. */
    private void flushArmCaller(TraceBuilder b) {
        if (armCaller != null) {
            b.frameOnCountedLine(b.frameCount(), TraceBuilder.address(armCaller.pc()), TraceBuilder.digits(armCaller.pc()),
                    armCaller.function(), armCaller.module(), armCaller.line());
            armCaller = null;
        }
    }

    /** A frame outside any stack: the task's stack (the Call Trace of a report whose location was not printed). */
    private void openStack(TraceBuilder b, int n) {
        if (!b.inThread()) {
            b.startStack(taskPid, taskName, takeCurrent(), n);
            reportStack = true;
            traceAfterLocation = true;
        }
        armCaller = null;
    }

    private boolean takeCurrent() {
        boolean current = inReport && !currentGiven;
        currentGiven = true;
        return current;
    }

    private void addFrame(TraceBuilder b, String pc, String function, String module, int n, boolean unreliable) {
        reportFrames |= !historyStack;
        long address = TraceBuilder.address(pc);
        int digits = TraceBuilder.digits(pc);
        if (locationOnly && b.frameCount() == 1 && !unreliable && function.equals(b.lastFunction())) {
            // ARM prints the faulting function again as the first pair: one frame, with the trace's address
            b.replaceLastFrame(address, digits, module, n);
        } else {
            b.frame(b.frameCount(), address, digits, function, null, null, 0, module, n, unreliable);
        }
        locationOnly = false;
    }

    private void endStack(TraceBuilder b) {
        flushArmCaller(b);
        b.endThread();
        historyStack = false;
    }
}
