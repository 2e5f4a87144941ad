package dev.btexplain.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a line of a kernel log is, told from its text alone: a frame (x86, ARM, PowerPC forms), a report's headline,
 * the report text that carries no stack (registers, dumps, lockdep's scenario), a dmesg prefix. {@link KernelParser}
 * reads a log through these.
 */
final class KernelLines {
    private KernelLines() {
    }

    /**
     * printk level, syslog or journal prefix, dmesg seconds (before or after journalctl -o short-monotonic's
     * "host kernel: "), printk caller id: "Nov 27 01:02:03 host kernel: ", "[ 8683.927442] ", "[  T123] ".
     */
    static final Pattern PREFIX = Pattern.compile("^(?:<\\d>)?"
            + "(?:[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S{1,64} kernel: "
            + "|\\d{4}-\\d\\d-\\d\\dT[\\d:.]{8,15}(?:[+-]\\d\\d:?\\d\\d|Z)? \\S{1,64} kernel: )?"
            + "(?:\\[\\s{0,12}\\d{1,10}\\.\\d{1,9}\\] ?)?(?:[\\w.-]{1,64} kernel: )?(?:\\[\\s{0,7}[CT]\\d{1,7}\\] ?)?");
    static final String SYM = "([^\\s+()\\[\\]]+)";
    static final String OFF = "\\+0x[0-9a-fA-F]{1,16}/0x[0-9a-fA-F]{1,16}";
    static final String MODULE = "(?:\\s+\\[([\\w-]+)[^\\]]*\\])?";
    static final String MARK = "(?:<\\w{1,10}>\\s*)?";

    /** x86 before 4.x, /proc stacks: " [<ffffffff81171d6f>] ? find_lock_entry+0x1f/0x80 [i915]". */
    static final Pattern X86_FRAME = Pattern.compile(
            "^" + MARK + "\\[<([0-9a-fA-F]{1,16})>\\]\\s+(\\? )?(?:" + SYM + OFF + "|(0x[0-9a-fA-F]{1,16}))" + MODULE + "$");
    /** x86 4.x+, arm64: " ? amdgpu_vm_num_entries+0x1e/0x70 [amdgpu]". */
    static final Pattern FRAME = Pattern.compile("^" + MARK + "(\\? )?" + SYM + OFF + MODULE + "$");
    /** ARM: "[<c0333330>] (shmem_getpage_gfp) from [<c031c7a0>] (generic_perform_write+0xa8/0x1c0)". */
    static final Pattern ARM_FRAME = Pattern.compile("^\\[<([0-9a-fA-F]{1,16})>\\]\\s+\\(" + SYM + "(?:" + OFF + ")?\\)"
            + "\\s+from\\s+\\[<([0-9a-fA-F]{1,16})>\\]\\s+\\(" + SYM + "(?:" + OFF + ")?" + MODULE + "\\)$");
    /** ARM 5.x: " unwind_backtrace from show_stack+0x10/0x14". */
    static final Pattern ARM_FRAME_NEW = Pattern.compile("^" + SYM + "(?:" + OFF + ")?" + MODULE + " from " + SYM + OFF + MODULE + "$");
    /** ppc64: "[c000000010f930b0] [c000000008068df8] .eeh_dev_check_failure+0x278/0x390 (unreliable)". */
    static final Pattern PPC_FRAME = Pattern.compile(
            "^\\[([0-9a-fA-F]{8,16})\\]\\s+\\[([0-9a-fA-F]{8,16})\\]\\s+" + SYM + OFF + MODULE + "(\\s+\\(unreliable\\))?$");

    /** Where it happened: "RIP: 0010:[<ffffffff81171b02>]  [<ffffffff81171b02>] find_get_entry+0x42/0xc0". */
    static final List<Pattern> LOCATIONS = List.of(
            Pattern.compile("^[RE]IP: [0-9a-fA-F]{4}:\\[<([0-9a-fA-F]{1,16})>\\]\\s+\\[<[0-9a-fA-F]{1,16}>\\]\\s+" + SYM + OFF + MODULE + "$"),
            Pattern.compile("^RIP: [0-9a-fA-F]{4}:()" + SYM + OFF + MODULE + "$"),
            Pattern.compile("^(?:PC is at|EIP is at|pc :)()\\s+" + SYM + OFF + MODULE + "$"),
            Pattern.compile("^NIP\\s+\\[([0-9a-fA-F]{8,16})\\]\\s+" + SYM + OFF + MODULE + "$"));

    /** A report's first line (or a line that names what it is, like "Oops: 0000 [#1] SMP"). */
    static final Pattern HEADLINE = Pattern.compile("^(?:"
            + "(?:[\\w ]{1,20}: )?BUG: .*|kernel BUG at .*|Unable to handle kernel .*|general protection fault.*"
            + "|(?:Internal error: )?Oops\\b.*|invalid opcode: .*|divide error: .*|stack segment: .*|double fault: .*"
            + "|WARNING: .*|(?:rcu: )?INFO: .*|\\[ (?:INFO|BUG): .* \\]|Kernel panic - not syncing.*"
            + "|BUG [\\w.-]+(?: \\(.*\\))?: .*"
            + "|[Ss]ys[Rr]q ?: .*|NMI backtrace for cpu \\d+.*|(?:[\\w ]{1,20}: )?Watchdog detected hard LOCKUP.*)$");
    /** "CPU: 1 PID: 431 Comm: systemd-logind Not tainted 3.17.8-300.fc21.armv7hl #1" (maybe cut after the pid). */
    static final Pattern TASK = Pattern.compile("^CPU: (\\d{1,5}) PID: (\\d{1,9})(?: Comm: (\\S+).*)?$");
    static final Pattern TASK_REST = Pattern.compile("^(\\d{0,9}) Comm: (\\S+).*$");
    /** Before 3.x: "Pid: 802, comm: wpa_supplicant Tainted: P O 3.6.1-1.fc17.x86_64 #1 ...". */
    static final Pattern OLD_TASK = Pattern.compile("^Pid: (\\d{1,9}), comm: (\\S+).*$");
    /** sysrq-w, sysrq-t and the hung task report: "task:sh state:D stack:0 pid:72 ppid:1 flags:0x00000000". */
    static final Pattern SCHED_TASK = Pattern.compile("^task:(\\S+)\\s+state:(\\S+)\\s+stack:\\s*\\d+\\s+pid:\\s*(\\d{1,9}).*$");
    /** Tasks named in headlines: "... stuck for 22s! [pulseaudio:1580]", "INFO: task sh:72 blocked for ...". */
    static final Pattern HEADLINE_TASK = Pattern.compile("(?:\\[(\\S+):(\\d{1,9})\\]$|^(?:\\w+: )?INFO: task (\\S+):(\\d{1,9}) blocked)");
    /** lockdep: "swapper/0/0 is trying to acquire lock:", "-> #1 (_xmit_ETHER#2){+.-...}:", lock lines. */
    static final Pattern LOCKDEP_TASK = Pattern.compile("^(\\S+?)/(\\d{1,9})(?: is trying to acquire lock:| \\[HC\\d\\[\\d\\]:SC\\d\\[\\d\\]:HE\\d:SE\\d\\] takes:)$");
    /** lockdep's task that returns to user space with a lock held: "trinity/8384 is leaving the kernel with locks still held!". */
    static final Pattern LEAVING_TASK = Pattern.compile("^(\\S+?)/(\\d{1,9}) is leaving the kernel with locks still held!$");
    /** lockdep's inconsistent lock state: "{SOFTIRQ-ON-W} state was registered at:", a stack of an earlier moment follows. */
    static final Pattern STATE_REGISTERED = Pattern.compile("^\\{([A-Z-]+)\\} state was registered at:$");
    /** A raw return address a SLUB allocation or free trace prints for a function it cannot name: "0xfdc88c28". */
    static final Pattern RAW_ADDRESS = Pattern.compile("^0x([0-9a-fA-F]{6,16})$");
    static final Pattern LOCKDEP_CHAIN = Pattern.compile("^-> #(\\d{1,4}) \\((.+)\\)\\{[^}]*\\}(?:-\\{[^}]*\\})?:$");
    static final Pattern LOCK_LINE = Pattern.compile("^(?:#\\d{1,4}:\\s+)?(?:[0-9a-fA-F]{8,16}\\s+)?\\((.+)\\)\\{[^}]*\\}(?:-\\{[^}]*\\})?(?:, at: .*)?$");
    static final Pattern HELD_LOCKS = Pattern.compile("^(?:\\d{1,4}|no) locks? held by \\S+:?.*$");

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
            + "|(?:Bytes b4|Object|Redzone|Padding) [0-9a-fA-F]{8,16}: .*|INFO: Slab 0x.*|INFO: Object 0x.*"
            + "|inconsistent \\{.*\\} -> \\{.*\\} usage\\.|CPU\\d+"
            + "|RCU used illegally from .*|rcu_scheduler_active = .*|[\\w/.-]+\\.[ch]:\\d+ .*|May be due to missing lock nesting notation"
            + "|Rebooting in \\d+ seconds.*|rcu: .*|\\(detected by \\d+, t=\\d+ jiffies.*|\\s*\\d+-\\.+: \\(.*|Mem-Info:|Unloaded tainted modules:.*)$");
    /** Report text found anywhere in the line: tried only when the line holds its words (a leading .* is slow). */
    static final Pattern THREAD_OF = Pattern.compile(".* \\(\\d+\\) is the thread .*");
    static final Pattern TAINT = Pattern.compile(".*\\b(?:Not tainted|Tainted: ).*");

    /** What every HEADLINE alternative holds: a line with none of these is not a headline (most lines of a log). */
    static final List<String> HEADLINE_WORDS = List.of("BUG", "Unable to handle kernel ", "general protection fault",
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
    static final class ReportTextByFirstChar {
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
    static final Pattern STACK_WORDS = Pattern.compile("^(?:[0-9a-fA-F]{4,16}:)?(?:\\s*+[0-9a-fA-F]{8,16}+){2,}+$");
    /** Dump lines (possessive: a long run of hex digits must not backtrack): "9dc0: 00000020 ee1a3fc0", " ffff8801243fb9a8 ffffffffa0522544", a Code line cut in two. */
    static final Pattern DUMP = Pattern.compile("^(?:[0-9a-fA-F]{4,16}:)?(?:\\s*+[<(]?+[0-9a-fA-F]{1,16}+[>)]?+)++$");
    static final Pattern CALL_TRACE = Pattern.compile("(?i)call trace:|backtrace:");
    static final Pattern DUMP_START = Pattern.compile("(?:Stack|Code|Instruction dump):.*");
    static final Pattern FOLLOW_UP = Pattern.compile("(?:Internal error: )?Oops\\b.*|invalid opcode: .*|general protection fault.*");
    /** The module list wraps: " snd_hda_codec_realtek snd_hda_codec_ca0132 ... i2c". */
    static final Pattern MODULE_LIST = Pattern.compile("^[\\w\\-() \\[\\]+,]+$");

    /** "Oops: 0000 [#1] SMP" after "BUG: unable to handle ...": the same report, before its task and stack. */
    static boolean isFollowUp(String t) {
        return FOLLOW_UP.matcher(t).matches();
    }

    static boolean startsLikeLocation(String t) {
        return t.startsWith("RIP: ") || t.startsWith("EIP: ") || t.startsWith("PC is at ") || t.startsWith("EIP is at ")
                || t.startsWith("pc : ") || t.startsWith("NIP ");
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
    static int digitsFrom(String s, int from, int max) {
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
    static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** {@code line.substring(from).strip()}, with one copy. */
    static String stripFrom(String line, int from) {
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
    static boolean startsWithHexDigit(String t) {
        return isHexDigit(t.charAt(0));
    }

    /** [0-9a-fA-F]. */
    static boolean isHexDigit(char c) {
        return GdbFrameLine.isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** SYM's characters: anything but white space (\\s), '+', parentheses and brackets. */
    static boolean isSymbolChar(char c) {
        return !isRegexSpace(c) && c != '+' && c != '(' && c != ')' && c != '[' && c != ']';
    }

    /** The characters of \\s in a Java pattern without UNICODE_CHARACTER_CLASS. */
    static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** How many hex digits start at {@code from}, or 0 when none or more than 16 (OFF's bound). */
    static int hexFrom(String s, int from) {
        int i = from;
        while (i < s.length() && isHexDigit(s.charAt(i))) {
            i++;
        }
        return i - from > 16 ? 0 : i - from;
    }
}
