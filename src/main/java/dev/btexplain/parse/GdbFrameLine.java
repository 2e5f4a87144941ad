package dev.btexplain.parse;

/**
 * Splits one gdb frame line (already joined when gdb or a mail client wrapped it) into its parts.
 *
 * <p>Shapes, each a row of {@code GdbFrameLineTest}:
 * <pre>
 * #0  0x00007f3aa0efc256 in __ppoll (fds=0x55d4c3a2b460, nfds=8) at ../sysdeps/unix/sysv/linux/ppoll.c:42
 * #2  qemu_event_wait (ev=ev@entry=0x55d4c1b4a6e8 &lt;rcu_call_ready_event&gt;) at ../util/qemu-thread-posix.c:464
 * #3  0x00007f5c4259d760 in ?? () from /lib64/libc.so.6
 * #0  0x00007f38bb983295 in do_futex_wait () at /lib64/libpthread.so.0
 * #9  0x000055d4c03e3a91 in _start ()
 * #4  0x00007f.. in  ()                         (gdb 13, stripped: an empty name)
 * #13 &lt;signal handler called&gt;
 * #5  0x... in std::_Function_handler&lt;void (), foo()::{lambda()#1}&gt;::_M_invoke(std::_Any_data const&amp;) (__functor=...)
 * #1  0x... in operator() (this=0x1) at a.cc:3
 * #6  0x... in start_thread from /lib/libpthread.so.0  (old gdb: no argument list)
 * </pre>
 *
 * <p>Each sub-parser consumes its part and moves the cursor, or leaves the cursor where it was (satyr's
 * style). One instance is reused for every line: the parser's hot loop allocates only the strings kept.
 */
final class GdbFrameLine {
    int index;
    /** The address as a number and the count of hex digits printed; pcDigits is 0 when there was none. */
    long pc;
    int pcDigits;
    String function;
    /** The argument text as a String (general path), or null when {@link #argsBytes} holds it (hot path). */
    String args;
    byte[] argsBytes;
    int argsFrom;
    int argsTo;
    String file;
    int sourceLine;
    String library;
    boolean signalHandler;
    /** False when the text stops inside the argument list or right after " at", " from" or " in". */
    boolean complete;
    /** True when an argument list was opened and closed. */
    boolean argsClosed;
    /** 1-based column of text after the frame that fits no part, 0 when none. */
    int trailingColumn;

    private final Interner interner;

    GdbFrameLine(Interner interner) {
        this.interner = interner;
    }

    /** True when {@code s} at {@code from} starts a frame: '#' and a digit. */
    static boolean isFrameStart(CharSequence s, int from) {
        return from + 1 < s.length() && s.charAt(from) == '#' && isDigit(s.charAt(from + 1));
    }

    /**
     * Parses the frame that starts at {@code from} (which must hold '#' and a digit).
     *
     * @return false when the line is not a gdb frame (e.g. eu-stack's "#0  0x... func" with no " in ")
     */
    boolean parse(String s, int from) {
        reset();
        int n = s.length();
        int i = from + 1;
        int idx = 0;
        while (i < n && isDigit(s.charAt(i))) {
            idx = idx * 10 + (s.charAt(i) - '0');
            if (idx > 10_000_000) {
                return false;
            }
            i++;
        }
        index = idx;
        int afterIndex = i;
        i = skipSpaces(s, i);
        if (i == afterIndex && i < n) {
            return false; // "#12abc": not a frame
        }
        if (i >= n) {
            complete = false;
            function = "";
            return true;
        }
        // Address part: "0x00007f3aa0efc256 in "
        if (s.startsWith("0x", i)) {
            int a = i + 2;
            long value = 0;
            while (a < n) {
                int d = Character.digit(s.charAt(a), 16);
                if (d < 0) {
                    break;
                }
                value = (value << 4) | d;
                a++;
            }
            if (a == i + 2 || a - i - 2 > 16) {
                return false;
            }
            int afterAddress = skipSpaces(s, a);
            if (afterAddress >= n) {
                // "#3  0x00007f..." wrapped before " in": wait for more.
                pc = value;
                pcDigits = a - i - 2;
                function = "";
                complete = false;
                return true;
            }
            if (!s.startsWith("in ", afterAddress) && !(afterAddress + 2 == n && s.startsWith("in", afterAddress))) {
                return false; // eu-stack / coredumpctl shape: "#0  0x... func (module + 0x..)"
            }
            pc = value;
            pcDigits = a - i - 2;
            i = afterAddress + 2;
            if (i >= n) {
                function = "";
                complete = false;
                return true;
            }
            i++; // the single space after "in"; a second space means an empty name
        }
        if (s.startsWith("<signal handler called>", i)) {
            signalHandler = true;
            function = "<signal handler called>";
            i += "<signal handler called>".length();
            complete = true;
            argsClosed = true;
            parseLocation(s, skipSpaces(s, i));
            return true;
        }
        i = parseFunctionName(s, i);
        if (i < n && s.charAt(i) == '(') {
            i = parseArgs(s, i);
            if (!argsClosed) {
                complete = false;
                return true;
            }
        }
        i = skipSpaces(s, i);
        parseLocation(s, i);
        return true;
    }

    /** Function name up to " (" at nesting depth 0, or up to " at " / " from " when no argument list follows. */
    private int parseFunctionName(String s, int start) {
        int n = s.length();
        int depth = 0;
        int i = start;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' && depth == 0) {
                int next = i + 1;
                if (next < n && s.charAt(next) == '(') {
                    function = interner.intern(s, start, i);
                    return next;
                }
                if (s.startsWith("at ", next) || s.startsWith("from ", next)
                        || (next + 2 == n && s.startsWith("at", next))
                        || (next + 4 == n && s.startsWith("from", next))) {
                    function = interner.intern(s, start, i);
                    return next;
                }
            }
            if (c == 'o' && s.startsWith("operator", i) && (i == start || !isIdentifierChar(s.charAt(i - 1)))) {
                i = skipOperatorSymbol(s, i + "operator".length());
                continue;
            }
            if (c <= '}') {
                switch (c) {
                    case '(', '<', '{', '[' -> depth++;
                    case ')', '>', '}', ']' -> depth = Math.max(0, depth - 1);
                    default -> { }
                }
            }
            i++;
        }
        function = interner.intern(s, start, trimEnd(s, start, n));
        complete = false; // no argument list yet: gdb may have wrapped it onto the next line
        return n;
    }

    /** After "operator": the operator's own symbols ("()", "<<", "->*", "[]") are not brackets. */
    private static int skipOperatorSymbol(String s, int i) {
        int n = s.length();
        if (i + 1 < n && s.charAt(i) == '(' && s.charAt(i + 1) == ')') {
            return i + 2;
        }
        if (i + 1 < n && s.charAt(i) == '[' && s.charAt(i + 1) == ']') {
            return i + 2;
        }
        while (i < n && "<>=!+-*/%^&|~,".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** Argument list "(a=1, s=0x1 \"x)\", c=41 ')')": parentheses matched outside string and char literals. */
    private int parseArgs(String s, int open) {
        int n = s.length();
        int depth = 0;
        int i = open;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                i = skipString(s, i);
                if (i < 0) {
                    break;
                }
                continue;
            }
            if (c == '\'') {
                int close = charLiteralEnd(s, i);
                if (close > 0) {
                    i = close + 1;
                    continue;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    args = s.substring(open + 1, i);
                    argsClosed = true;
                    return i + 1;
                }
            }
            i++;
        }
        // Python and other pretty-printers cut long values ("'<vm...(truncated)"), leaving brackets open: when
        // the line still ends with a location, the arguments end at the ')' before it.
        int close = lastCloseBeforeLocation(s, open);
        if (close > 0) {
            args = s.substring(open + 1, close);
            argsClosed = true;
            return close + 1;
        }
        args = s.substring(open + 1);
        argsClosed = false;
        return n;
    }

    private static int lastCloseBeforeLocation(String s, int open) {
        int at = s.lastIndexOf(") at ");
        int from = s.lastIndexOf(") from ");
        int close = Math.max(at, from);
        if (close <= open) {
            return -1;
        }
        String tail = s.substring(close + (close == at ? 5 : 7)).trim();
        boolean location = !tail.isEmpty() && tail.indexOf(' ') < 0
                && (tail.matches(".*:[0-9]+") || tail.contains(".so") || close == from);
        return location ? close : -1;
    }

    /** Index after the closing quote of the string starting at {@code q}, or -1 when it does not close. */
    private static int skipString(String s, int q) {
        int n = s.length();
        for (int i = q + 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** End of a char literal 'a', '\n', '\000' starting at {@code q}; -1 when the quote is not one. */
    private static int charLiteralEnd(String s, int q) {
        int n = s.length();
        if (q + 2 < n && s.charAt(q + 1) != '\\' && s.charAt(q + 2) == '\'') {
            return q + 2;
        }
        if (q + 1 < n && s.charAt(q + 1) == '\\') {
            for (int i = q + 3; i < Math.min(n, q + 6); i++) {
                if (s.charAt(i) == '\'') {
                    return i;
                }
            }
        }
        return -1;
    }

    /** " at FILE:LINE", " at LIB" (gdb 8+ for a library without debug info) or " from LIB". */
    private void parseLocation(String s, int i) {
        int n = s.length();
        if (i >= n) {
            return;
        }
        boolean at = s.startsWith("at", i) && (i + 2 == n || s.charAt(i + 2) == ' ');
        boolean fromLib = s.startsWith("from", i) && (i + 4 == n || s.charAt(i + 4) == ' ');
        if (!at && !fromLib) {
            trailingColumn = i + 1;
            return;
        }
        int p = skipSpaces(s, i + (at ? 2 : 4));
        int end = trimEnd(s, p, n);
        if (p >= end) {
            complete = false; // "... at" at the end of a wrapped line
            return;
        }
        if (fromLib) {
            library = interner.intern(s, p, end);
            return;
        }
        int colon = s.lastIndexOf(':', end - 1);
        if (colon > p && colon + 1 < end && end - colon - 1 <= 9 && allDigits(s, colon + 1, end)) {
            file = interner.intern(s, p, colon);
            sourceLine = parseInt(s, colon + 1, end);
        } else if (looksLikeLibrary(s, p, end)) {
            library = interner.intern(s, p, end);
        } else {
            file = interner.intern(s, p, end);
        }
    }

    private static boolean looksLikeLibrary(String s, int from, int to) {
        return looksLikeLibrary(s.substring(from, to));
    }

    /** "/lib64/libpthread.so.0", "msvcrt.dll": a shared object printed where a source file would be. */
    static boolean looksLikeLibrary(String path) {
        return path.contains(".so") || path.endsWith(".dll") || path.endsWith(".DLL") || path.endsWith(".exe");
    }

    private void reset() {
        index = 0;
        pc = 0;
        pcDigits = 0;
        function = null;
        args = null;
        argsBytes = null;
        file = null;
        sourceLine = 0;
        library = null;
        signalHandler = false;
        complete = true;
        argsClosed = false;
        trailingColumn = 0;
    }

    static int skipSpaces(CharSequence s, int i) {
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(CharSequence s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    private static boolean allDigits(CharSequence s, int from, int to) {
        if (to - from > 9) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int parseInt(CharSequence s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    /** {@code s} holds {@code prefix} at {@code at}: for Strings, StringBuilders and input bytes alike. */
    static boolean startsWith(CharSequence s, String prefix, int at) {
        if (at < 0 || at + prefix.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (s.charAt(at + k) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
