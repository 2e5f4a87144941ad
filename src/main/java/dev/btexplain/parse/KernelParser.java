package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /**
     * printk level, syslog or journal prefix, dmesg seconds (before or after journalctl -o short-monotonic's
     * "host kernel: "), printk caller id: "Nov 27 01:02:03 host kernel: ", "[ 8683.927442] ", "[  T123] ".
     */
    static final Pattern PREFIX = Pattern.compile("^(?:<\\d>)?"
            + "(?:[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S{1,64} kernel: "
            + "|\\d{4}-\\d\\d-\\d\\dT[\\d:.]{8,15}(?:[+-]\\d\\d:?\\d\\d|Z)? \\S{1,64} kernel: )?"
            + "(?:\\[\\s{0,12}\\d{1,10}\\.\\d{1,9}\\] ?)?(?:[\\w.-]{1,64} kernel: )?(?:\\[\\s{0,7}[CT]\\d{1,7}\\] ?)?");
    private static final String SYM = "([^\\s+()\\[\\]]+)";
    private static final String OFF = "\\+0x[0-9a-fA-F]{1,16}/0x[0-9a-fA-F]{1,16}";
    private static final String MODULE = "(?:\\s+\\[([\\w-]+)[^\\]]*\\])?";
    private static final String MARK = "(?:<\\w{1,10}>\\s*)?";

    /** x86 before 4.x, /proc stacks: " [<ffffffff81171d6f>] ? find_lock_entry+0x1f/0x80 [i915]". */
    static final Pattern X86_FRAME = Pattern.compile(
            "^" + MARK + "\\[<([0-9a-fA-F]{1,16})>\\]\\s+(\\? )?(?:" + SYM + OFF + "|(0x[0-9a-fA-F]{1,16}))" + MODULE + "$");
    /** x86 4.x+, arm64: " ? amdgpu_vm_num_entries+0x1e/0x70 [amdgpu]". */
    static final Pattern FRAME = Pattern.compile("^" + MARK + "(\\? )?" + SYM + OFF + MODULE + "$");
    /** ARM: "[<c0333330>] (shmem_getpage_gfp) from [<c031c7a0>] (generic_perform_write+0xa8/0x1c0)". */
    private static final Pattern ARM_FRAME = Pattern.compile("^\\[<([0-9a-fA-F]{1,16})>\\]\\s+\\(" + SYM + "(?:" + OFF + ")?\\)"
            + "\\s+from\\s+\\[<([0-9a-fA-F]{1,16})>\\]\\s+\\(" + SYM + OFF + MODULE + "\\)$");
    /** ARM 5.x: " unwind_backtrace from show_stack+0x10/0x14". */
    private static final Pattern ARM_FRAME_NEW = Pattern.compile("^" + SYM + "(?:" + OFF + ")?" + MODULE + " from " + SYM + OFF + MODULE + "$");
    /** ppc64: "[c000000010f930b0] [c000000008068df8] .eeh_dev_check_failure+0x278/0x390 (unreliable)". */
    private static final Pattern PPC_FRAME = Pattern.compile(
            "^\\[([0-9a-fA-F]{8,16})\\]\\s+\\[([0-9a-fA-F]{8,16})\\]\\s+" + SYM + OFF + MODULE + "(\\s+\\(unreliable\\))?$");

    /** Where it happened: "RIP: 0010:[<ffffffff81171b02>]  [<ffffffff81171b02>] find_get_entry+0x42/0xc0". */
    private static final List<Pattern> LOCATIONS = List.of(
            Pattern.compile("^[RE]IP: [0-9a-fA-F]{4}:\\[<([0-9a-fA-F]{1,16})>\\]\\s+\\[<[0-9a-fA-F]{1,16}>\\]\\s+" + SYM + OFF + MODULE + "$"),
            Pattern.compile("^RIP: [0-9a-fA-F]{4}:()" + SYM + OFF + MODULE + "$"),
            Pattern.compile("^(?:PC is at|EIP is at|pc :)()\\s+" + SYM + OFF + MODULE + "$"),
            Pattern.compile("^NIP\\s+\\[([0-9a-fA-F]{8,16})\\]\\s+" + SYM + OFF + MODULE + "$"));

    /** A report's first line (or a line that names what it is, like "Oops: 0000 [#1] SMP"). */
    static final Pattern HEADLINE = Pattern.compile("^(?:"
            + "(?:[\\w ]{1,20}: )?BUG: .*|kernel BUG at .*|Unable to handle kernel .*|general protection fault.*"
            + "|(?:Internal error: )?Oops\\b.*|invalid opcode: .*|divide error: .*|stack segment: .*|double fault: .*"
            + "|WARNING: .*|(?:rcu: )?INFO: .*|\\[ (?:INFO|BUG): .* \\]|Kernel panic - not syncing.*"
            + "|[Ss]ys[Rr]q ?: .*|NMI backtrace for cpu \\d+.*|(?:[\\w ]{1,20}: )?Watchdog detected hard LOCKUP.*)$");
    /** "CPU: 1 PID: 431 Comm: systemd-logind Not tainted 3.17.8-300.fc21.armv7hl #1" (maybe cut after the pid). */
    private static final Pattern TASK = Pattern.compile("^CPU: (\\d{1,5}) PID: (\\d{1,9})(?: Comm: (\\S+).*)?$");
    private static final Pattern TASK_REST = Pattern.compile("^(\\d{0,9}) Comm: (\\S+).*$");
    /** Before 3.x: "Pid: 802, comm: wpa_supplicant Tainted: P O 3.6.1-1.fc17.x86_64 #1 ...". */
    private static final Pattern OLD_TASK = Pattern.compile("^Pid: (\\d{1,9}), comm: (\\S+).*$");
    /** sysrq-w, sysrq-t and the hung task report: "task:sh state:D stack:0 pid:72 ppid:1 flags:0x00000000". */
    private static final Pattern SCHED_TASK = Pattern.compile("^task:(\\S+)\\s+state:(\\S+)\\s+stack:\\s*\\d+\\s+pid:\\s*(\\d{1,9}).*$");
    /** Tasks named in headlines: "... stuck for 22s! [pulseaudio:1580]", "INFO: task sh:72 blocked for ...". */
    private static final Pattern HEADLINE_TASK = Pattern.compile("(?:\\[(\\S+):(\\d{1,9})\\]$|^(?:\\w+: )?INFO: task (\\S+):(\\d{1,9}) blocked)");
    /** lockdep: "swapper/0/0 is trying to acquire lock:", "-> #1 (_xmit_ETHER#2){+.-...}:", lock lines. */
    private static final Pattern LOCKDEP_TASK = Pattern.compile("^(\\S+?)/(\\d{1,9}) is trying to acquire lock:$");
    private static final Pattern LOCKDEP_CHAIN = Pattern.compile("^-> #(\\d{1,4}) \\((.+)\\)\\{[^}]*\\}(?:-\\{[^}]*\\})?:$");
    private static final Pattern LOCK_LINE = Pattern.compile("^(?:#\\d{1,4}:\\s+)?(?:[0-9a-fA-F]{8,16}\\s+)?\\((.+)\\)\\{[^}]*\\}(?:-\\{[^}]*\\})?(?:, at: .*)?$");
    private static final Pattern HELD_LOCKS = Pattern.compile("^(?:\\d{1,4}|no) locks? held by \\S+:?.*$");

    /** Lines of the report that carry no stack: registers, dumps, modules, lockdep's scenario, hints. */
    static final Pattern REPORT_TEXT = Pattern.compile("^(?:"
            + "(?:[RE](?:IP|SP|AX|BX|CX|DX|SI|DI|BP)|R\\d{1,2}|[CDEFGS]S|CR\\d|DR\\d|EFLAGS|ORIG_RAX|XMM\\d+)\\b.*"
            + "|(?:pc|lr|sp|ip|fp|psr|r\\d{1,2}|x\\d{1,2}|Flags|Control|Table|DAC|pstate)\\s*:.*"
            + "|(?:GPR\\d\\d|MSR|NIP|LR|CTR|REGS|SOFTE|CFAR|XER|TRAP|DAR|DSISR|PACATMSCRATCH|IRQMASK)\\b.*"
            + "|(?:PC|LR) is at .*|task: .*|pgd = .*|\\[[0-9a-fA-F]{1,16}\\] \\*pgd=.*|PGD .*|#PF: .*|Hardware name: .*"
            + "|(?:irq event stamp|hardirqs last|softirqs last)\\b.*|Process \\S+ \\(pid: .*|CPU \\d+\\s*"
            + "|Kernel Offset: .*|Exception stack\\(.*|Sending NMI .*|\"echo 0 > .*"
            + "|---\\[ .*|=+|-+|\\*\\*\\* DEADLOCK \\*\\*\\*|CPU\\d+\\s+CPU\\d+|-+\\s+-+|(?:\\w+\\()?lock\\(.*\\);|<Interrupt>"
            + "|which lock already depends on the new lock\\.|\\S+/\\d+ is trying to acquire lock:"
            + "|the existing dependency chain \\(in reverse order\\) is:|other info that might help us debug this:"
            + "|Possible unsafe locking scenario:|Chain exists of:|stack backtrace:"
            + "|(?:Call Trace|Call trace|Backtrace):.*|<[/#]?\\w{1,10}>"
            + "|(?:Modules linked in|Showing busy workqueues|Showing all locks held).*|\\S+ --> \\S+(?: --> \\S+)*"
            + "|Rebooting in \\d+ seconds.*|rcu: .*|\\(detected by \\d+, t=\\d+ jiffies.*|\\s*\\d+-\\.+: \\(.*|Mem-Info:|Unloaded tainted modules:.*)$");
    /** Report text found anywhere in the line: tried only when the line holds its words (a leading .* is slow). */
    private static final Pattern THREAD_OF = Pattern.compile(".* \\(\\d+\\) is the thread .*");
    private static final Pattern TAINT = Pattern.compile(".*\\b(?:Not tainted|Tainted: ).*");

    /** What every HEADLINE alternative holds: a line with none of these is not a headline (most lines of a log). */
    private static final List<String> HEADLINE_WORDS = List.of("BUG", "Unable to handle kernel ", "general protection fault",
            "Oops", "invalid opcode: ", "divide error: ", "stack segment: ", "double fault: ", "WARNING: ", "INFO: ",
            "Kernel panic - not syncing", "ys", "NMI backtrace for cpu ", "Watchdog detected hard LOCKUP");

    static boolean isHeadline(String t) {
        for (String w : HEADLINE_WORDS) {
            if (t.contains(w)) {
                return HEADLINE.matcher(t).matches();
            }
        }
        return false;
    }

    /** REPORT_TEXT's alternatives, for the test that checks how they are split. */
    static List<String> reportTextAlternatives() {
        String all = REPORT_TEXT.pattern();
        return ReportTextByFirstChar.topLevelAlternatives(all.substring("^(?:".length(), all.length() - ")$".length()));
    }

    static boolean isReportText(String t) {
        return ReportTextByFirstChar.matches(t)
                || t.contains(" is the thread ") && THREAD_OF.matcher(t).matches()
                || (t.contains("Not tainted") || t.contains("Tainted: ")) && TAINT.matcher(t).matches();
    }

    /**
     * REPORT_TEXT's alternatives that can start with each ASCII character, as one pattern per character: a line is
     * tried against those alone, not all fifty in turn. Worked out from the pattern itself when the first kernel log
     * is read: an alternative can start with c when matching it against "c" alone matches or runs out of input.
     */
    private static final class ReportTextByFirstChar {
        private static final Pattern[] BY_CHAR = build();

        static boolean matches(String t) {
            char c = t.charAt(0);
            Pattern p = c < BY_CHAR.length ? BY_CHAR[c] : REPORT_TEXT;
            return p != null && p.matcher(t).matches();
        }

        private static Pattern[] build() {
            List<String> alternatives = reportTextAlternatives();
            List<Pattern> each = alternatives.stream().map(a -> Pattern.compile("(?:" + a + ")")).toList();
            Pattern[] byChar = new Pattern[128];
            java.util.Map<String, Pattern> bySubset = new java.util.HashMap<>();
            for (char c = 0; c < 128; c++) {
                StringBuilder subset = new StringBuilder();
                for (int i = 0; i < each.size(); i++) {
                    Matcher m = each.get(i).matcher(String.valueOf(c));
                    if (m.lookingAt() || m.hitEnd()) {
                        subset.append(subset.length() == 0 ? "" : "|").append(alternatives.get(i));
                    }
                }
                if (subset.length() > 0) {
                    byChar[c] = bySubset.computeIfAbsent(subset.toString(), x -> Pattern.compile("^(?:" + x + ")$"));
                }
            }
            return byChar;
        }

        /** The alternatives of a pattern's top level: '|' outside groups, character classes and escapes. */
        static List<String> topLevelAlternatives(String regex) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            boolean inClass = false;
            int start = 0;
            for (int i = 0; i < regex.length(); i++) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (inClass) {
                    inClass = c != ']';
                } else if (c == '[') {
                    inClass = true;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == '|' && depth == 0) {
                    out.add(regex.substring(start, i));
                    start = i + 1;
                }
            }
            out.add(regex.substring(start));
            return out;
        }
    }

    /** A stack dump without its "Stack:" line (older WARNINGs): two or more words of 8 or 16 hex digits. */
    private static final Pattern STACK_WORDS = Pattern.compile("^(?:[0-9a-fA-F]{4,16}:)?(?:\\s*+[0-9a-fA-F]{8,16}+){2,}+$");
    /** Dump lines (possessive: a long run of hex digits must not backtrack): "9dc0: 00000020 ee1a3fc0", " ffff8801243fb9a8 ffffffffa0522544", a Code line cut in two. */
    private static final Pattern DUMP = Pattern.compile("^(?:[0-9a-fA-F]{4,16}:)?(?:\\s*+[<(]?+[0-9a-fA-F]{1,16}+[>)]?+)++$");
    private static final Pattern CALL_TRACE = Pattern.compile("(?i)call trace:|backtrace:");
    private static final Pattern DUMP_START = Pattern.compile("(?:Stack|Code|Instruction dump):.*");
    private static final Pattern FOLLOW_UP = Pattern.compile("(?:Internal error: )?Oops\\b.*|invalid opcode: .*|general protection fault.*");
    /** The module list wraps: " snd_hda_codec_realtek snd_hda_codec_ca0132 ... i2c". */
    private static final Pattern MODULE_LIST = Pattern.compile("^[\\w\\-() \\[\\]+,]+$");

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

    private record Caller(String pc, String function, String module, int line) {
    }
    /** The stack holds only the location frame so far. */
    private boolean locationOnly;

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
        endStack(b);
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
            return;
        }
        if (nextLockAcquiring != null && LOCK_LINE.matcher(t).matches()) {
            b.event(nextLockAcquiring ? DebuggerEvent.Kind.KERNEL_LOCK_ACQUIRING : DebuggerEvent.Kind.KERNEL_LOCK_HELD, t, n);
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

    /** "Oops: 0000 [#1] SMP" after "BUG: unable to handle ...": the same report, before its task and stack. */
    private static boolean isFollowUp(String t) {
        return FOLLOW_UP.matcher(t).matches();
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
        if (!t.endsWith(" is trying to acquire lock:") && !t.contains(" held by ") && !t.equals("but task is already holding lock:")) {
            return false;
        }
        Matcher m;
        if ((m = LOCKDEP_TASK.matcher(t)).matches()) {
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

    private static boolean startsLikeLocation(String t) {
        return t.startsWith("RIP: ") || t.startsWith("EIP: ") || t.startsWith("PC is at ") || t.startsWith("EIP is at ")
                || t.startsWith("pc : ") || t.startsWith("NIP ");
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

    /**
     * Where dmesg's "[ 8683.927442] " ends when it is the whole prefix, as PREFIX would read it; -1 when the line
     * starts otherwise or more prefix may follow (a caller id, "host kernel: "): then PREFIX decides. Most lines of a
     * kernel log start this way, and a regular expression per line was most of the reading time.
     */
    static int dmesgPrefixEnd(String line) {
        int n = line.length();
        if (n == 0 || line.charAt(0) != '[') {
            return -1;
        }
        int i = 1;
        int spaces = 0;
        while (i < n && line.charAt(i) == ' ' && spaces <= 12) {
            i++;
            spaces++;
        }
        int digits = digitsFrom(line, i, 10);
        if (spaces > 12 || digits == 0 || i + digits >= n || line.charAt(i + digits) != '.') {
            return -1;
        }
        i += digits + 1;
        int fraction = digitsFrom(line, i, 9);
        if (fraction == 0 || i + fraction >= n || line.charAt(i + fraction) != ']') {
            return -1;
        }
        i += fraction + 1;
        if (i < n && line.charAt(i) == ' ') {
            i++;
        }
        if (i < n && line.charAt(i) == '[' || line.indexOf("kernel: ", i) >= 0) {
            return -1;
        }
        return i;
    }

    /** How many ASCII digits start at {@code from}, or 0 when more than {@code max} do (the pattern's bound). */
    private static int digitsFrom(String s, int from, int max) {
        int i = from;
        while (i < s.length() && GdbFrameLine.isDigit(s.charAt(i))) {
            i++;
        }
        return i - from > max ? 0 : i - from;
    }

    /** A frame line of FRAME's shape: its "? " mark, function and module (null when none). */
    record PlainFrame(boolean unreliable, String function, String module) {
    }

    /**
     * The commonest frame line, x86 4.x+ and arm64 "? amdgpu_vm_num_entries+0x1e/0x70 [amdgpu]", read by hand exactly
     * as FRAME reads it (without its leading mark, which FRAME still reads); null when the line is not of that shape.
     */
    static PlainFrame plainFrame(String t) {
        int len = t.length();
        boolean unreliable = t.startsWith("? ");
        int i = unreliable ? 2 : 0;
        int symStart = i;
        while (i < len && isSymbolChar(t.charAt(i))) {
            i++;
        }
        if (i == symStart || !t.startsWith("+0x", i)) {
            return null;
        }
        int symEnd = i;
        i += 3;
        int hex = hexFrom(t, i);
        if (hex == 0 || !t.startsWith("/0x", i + hex)) {
            return null;
        }
        i += hex + 3;
        hex = hexFrom(t, i);
        if (hex == 0) {
            return null;
        }
        i += hex;
        String module = null;
        if (i < len) {
            int ws = i;
            while (i < len && isRegexSpace(t.charAt(i))) {
                i++;
            }
            if (i == ws || i >= len || t.charAt(i) != '[' || t.charAt(len - 1) != ']') {
                return null;
            }
            int nameStart = ++i;
            while (i < len && isWordChar(t.charAt(i))) {
                i++;
            }
            if (i == nameStart || t.indexOf(']', i) != len - 1) {
                return null;
            }
            module = t.substring(nameStart, i);
        }
        return new PlainFrame(unreliable, t.substring(symStart, symEnd), module);
    }

    /** [\\w-]: ASCII letters, digits, '_' and '-'. */
    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** {@code line.substring(from).strip()}, with one copy. */
    private static String stripFrom(String line, int from) {
        int start = from;
        int end = line.length();
        while (start < end && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(start, end);
    }

    /** STACK_WORDS starts with a hex digit (or white space, which a stripped line has not). */
    private static boolean startsWithHexDigit(String t) {
        return isHexDigit(t.charAt(0));
    }

    /** [0-9a-fA-F]. */
    private static boolean isHexDigit(char c) {
        return GdbFrameLine.isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** SYM's characters: anything but white space (\\s), '+', parentheses and brackets. */
    private static boolean isSymbolChar(char c) {
        return !isRegexSpace(c) && c != '+' && c != '(' && c != ')' && c != '[' && c != ']';
    }

    /** The characters of \\s in a Java pattern without UNICODE_CHARACTER_CLASS. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** How many hex digits start at {@code from}, or 0 when none or more than 16 (OFF's bound). */
    private static int hexFrom(String s, int from) {
        int i = from;
        while (i < s.length() && isHexDigit(s.charAt(i))) {
            i++;
        }
        return i - from > 16 ? 0 : i - from;
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
    }
}
