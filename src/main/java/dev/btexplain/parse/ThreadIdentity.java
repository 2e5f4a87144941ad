package dev.btexplain.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a thread is, as gdb names it in headers, "[Switching to ...]" and "received signal" lines.
 * Each field is null when the line did not say it.
 */
record ThreadIdentity(Integer number, Long lwp, String pthread, String name) {

    static final ThreadIdentity NONE = new ThreadIdentity(null, null, null, null);

    // Target ids, inside the header's parentheses:
    //   Thread 0x7f3a9e5ff6c0 (LWP 48213) "qemu-system-x86"    Thread 0xb7ff8b70 (LWP 12345)
    //   Thread 19947    Thread 7760.0x1d64    LWP 9014    process 4242    each optionally followed by "name"
    private static final Pattern TARGET = Pattern.compile(
            "(?:Thread (0x[0-9a-fA-F]+|[0-9]+(?:\\.0x[0-9a-fA-F]+)?)(?: \\(LWP ([0-9]+)\\))?"
                    + "|LWP ([0-9]+)|process ([0-9]+))(?: \"(.*)\")?");
    // Thread 2 (Thread 0x7f... (LWP 9014) "name"):
    private static final Pattern HEADER = Pattern.compile("Thread ([0-9]{1,9}) \\((.*)\\):?\\s*");
    // [Switching to thread 2 (Thread 0x7f5c197fa700 (LWP 16786))]   [Switching to Thread 0x7f.. (LWP 5)]
    // [Current thread is 1 (Thread 0x7f8283640640 (LWP 152))]
    private static final Pattern SWITCH = Pattern.compile(
            "\\[(?:Switching to thread|Current thread is) ([0-9]{1,9}) \\((.*)\\)\\]\\s*");
    private static final Pattern SWITCH_NO_NUMBER = Pattern.compile("\\[Switching to (.*)\\]\\s*");
    // Thread 1 "qemu-system-x86" received signal SIGSEGV, Segmentation fault.
    private static final Pattern RECEIVED = Pattern.compile("Thread ([0-9]{1,9})(?: \"(.*)\")? received signal .*");

    // * 1    Thread 0x7f57cb7fe700 (LWP 19986) event_notifier_set (e=0x124)     (gdb's "info threads", selected row)
    private static final Pattern SELECTED_ROW = Pattern.compile(
            "\\*\\s+([0-9]{1,9})\\s+((?:Thread \\S+(?: \\(LWP [0-9]+\\))?|LWP [0-9]+|process [0-9]+)(?: \"[^\"]*\")?).*");

    /** The selected row of an "info threads" table; null when {@code text} is not one. */
    static ThreadIdentity fromSelectedRow(String text) {
        Matcher m = SELECTED_ROW.matcher(text);
        return m.matches() ? withTarget(Integer.valueOf(m.group(1)), m.group(2)) : null;
    }

    /** A thread header line; null when {@code text} is not one. */
    static ThreadIdentity fromHeader(String text) {
        ThreadIdentity common = commonHeader(text);
        if (common != null) {
            return common;
        }
        Matcher m = HEADER.matcher(text);
        if (!m.matches()) {
            return null;
        }
        return withTarget(Integer.valueOf(m.group(1)), m.group(2));
    }

    /**
     * The header gdb prints for every thread of a live process, read without a regex since a large capture has
     * tens of thousands: {@code Thread 5 (Thread 0x7f082effd6c0 (LWP 15840) "CPU 1/TCG"):}. Null for other
     * shapes. Reads a String, or the input's bytes through {@link AsciiChars} on the parser's hot path.
     */
    static ThreadIdentity commonHeader(CharSequence s) {
        int n = s.length();
        if (!GdbFrameLine.startsWith(s, "Thread ", 0)) {
            return null;
        }
        int i = "Thread ".length();
        int numberEnd = digitsEnd(s, i);
        if (numberEnd == i || numberEnd - i > 9 || !GdbFrameLine.startsWith(s, " (Thread 0x", numberEnd)) {
            return null;
        }
        int p = numberEnd + " (Thread ".length();
        int pEnd = p + 2;
        while (pEnd < n && Character.digit(s.charAt(pEnd), 16) >= 0) {
            pEnd++;
        }
        if (!GdbFrameLine.startsWith(s, " (LWP ", pEnd)) {
            return null;
        }
        int l = pEnd + " (LWP ".length();
        int lEnd = digitsEnd(s, l);
        if (lEnd == l || lEnd - l > 18 || lEnd >= n || s.charAt(lEnd) != ')') {
            return null;
        }
        String name = null;
        int rest = lEnd + 1;
        if (GdbFrameLine.startsWith(s, " \"", rest)) {
            int close = n - 3; // the name's closing quote before "):"
            if (close <= rest + 1 || s.charAt(close) != '"') {
                return null;
            }
            name = s.subSequence(rest + 2, close).toString();
            rest = close + 1;
        }
        if (rest + 2 != n || !GdbFrameLine.startsWith(s, "):", rest)) {
            return null;
        }
        return new ThreadIdentity(Integer.parseInt(s, i, numberEnd, 10), Long.parseLong(s, l, lEnd, 10),
                s.subSequence(p, pEnd).toString(), name);
    }

    private static int digitsEnd(CharSequence s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** "[Switching to ...]" or "[Current thread is ...]"; null when not one. */
    static ThreadIdentity fromSwitch(String text) {
        Matcher m = SWITCH.matcher(text);
        if (m.matches()) {
            return withTarget(Integer.valueOf(m.group(1)), m.group(2));
        }
        m = SWITCH_NO_NUMBER.matcher(text);
        if (m.matches()) {
            return withTarget(null, m.group(1));
        }
        return null;
    }

    /** "Thread N "name" received signal ..."; null when not one. */
    static ThreadIdentity fromReceivedSignal(String text) {
        Matcher m = RECEIVED.matcher(text);
        return m.matches() ? new ThreadIdentity(Integer.valueOf(m.group(1)), null, null, m.group(2)) : null;
    }

    private static ThreadIdentity withTarget(Integer number, String target) {
        Matcher t = TARGET.matcher(target);
        if (!t.matches()) {
            return new ThreadIdentity(number, null, target.isEmpty() ? null : target, null);
        }
        String lwp = t.group(2) != null ? t.group(2) : t.group(3) != null ? t.group(3) : t.group(4);
        String pthread = t.group(1);
        return new ThreadIdentity(number, lwp == null ? null : parseLong(lwp), pthread, t.group(5));
    }

    private static Long parseLong(String digits) {
        try {
            return Long.valueOf(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * This identity completed from an earlier one of the same thread: "Thread 2 "parser" received signal"
     * names the number, the "[Switching to Thread 0x7f... (LWP 16047)]" right after it the LWP.
     */
    ThreadIdentity completedFrom(ThreadIdentity earlier) {
        boolean sameThread = (number == null || earlier.number == null || number.equals(earlier.number))
                && (lwp == null || earlier.lwp == null || lwp.equals(earlier.lwp));
        if (!sameThread) {
            return this;
        }
        return new ThreadIdentity(number != null ? number : earlier.number, lwp != null ? lwp : earlier.lwp,
                pthread != null ? pthread : earlier.pthread, name != null ? name : earlier.name);
    }

    /** The key of a thread printed without a header or an LWP. */
    static final long HEADERLESS = Long.MIN_VALUE;

    /** What makes a thread unique within one listing: its number, else its LWP, else "no header". */
    long key() {
        if (number != null) {
            return number;
        }
        return lwp != null ? (1L << 62) | lwp : HEADERLESS;
    }
}
