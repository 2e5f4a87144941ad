package dev.btexplain.parse;

/**
 * The hot path of {@link GdbFrameLine}: the shape a large capture is made of, read straight from the input's
 * ASCII bytes, and nothing else:
 * <pre>
 * #0  0x00007f3aa0efc256 in __ppoll (fds=0x55d4c3a2b460, nfds=8) at ../sysdeps/unix/sysv/linux/ppoll.c:42
 * #7  0x00007f3aa0efc256 in ?? () from /lib64/libc.so.6
 * #2  qemu_event_wait (ev=ev@entry=0x55d4c1b4a6e8 &lt;rcu_call_ready_event&gt;) at ../util/qemu-thread-posix.c:464
 * </pre>
 * It reads the head (number, address, name) forwards and the location backwards from the end, so the
 * argument text in between is copied, not scanned. Anything else (no location, a wrapped line, odd
 * spacing) answers false, and the caller reads the line with {@link GdbFrameLine#parse}, which accepts every
 * shape; a differential test checks that both give the same fields on every frame line of the corpus.
 */
final class AsciiFrameLine {
    private final Interner interner;

    AsciiFrameLine(Interner interner) {
        this.interner = interner;
    }

    /** Fills {@code f} from {@code b[from, to)} (from at '#') and returns true, or returns false untouched-ish. */
    boolean parse(byte[] b, int from, int to, GdbFrameLine f) {
        int i = from + 1;
        int index = 0;
        int digitsStart = i;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            index = index * 10 + (b[i] - '0');
            i++;
        }
        if (i == digitsStart || i - digitsStart > 7 || i >= to || b[i] != ' ') {
            return false;
        }
        while (i < to && b[i] == ' ') {
            i++;
        }
        if (to - i == SIGNAL_FRAME.length && b[i] == '<' && java.util.Arrays.equals(b, i, to, SIGNAL_FRAME, 0, SIGNAL_FRAME.length)) {
            f.index = index;
            f.pc = 0;
            f.pcDigits = 0;
            f.function = "<signal handler called>";
            f.args = null;
            f.argsBytes = null;
            f.file = null;
            f.sourceLine = 0;
            f.library = null;
            f.signalHandler = true;
            f.complete = true;
            f.argsClosed = true;
            f.trailingColumn = 0;
            return true;
        }
        long pc = 0;
        int pcDigits = 0;
        boolean emptyName = false;
        if (i + 1 < to && b[i] == '0' && b[i + 1] == 'x') {
            int a = i + 2;
            while (a < to) {
                int d = HEX[b[a] & 0xff];
                if (d < 0) {
                    break;
                }
                pc = (pc << 4) | d;
                a++;
            }
            pcDigits = a - i - 2;
            // " in " and the name; "in  (" is gdb 13's empty name for a stripped frame
            if (pcDigits == 0 || pcDigits > 16 || a + 5 >= to || b[a] != ' ' || b[a + 1] != 'i' || b[a + 2] != 'n'
                    || b[a + 3] != ' ' || (b[a + 4] == ' ' && b[a + 5] != '(')) {
                return false;
            }
            emptyName = b[a + 4] == ' ';
            i = emptyName ? a + 5 : a + 4;
        }
        // Name: up to " (" at bracket depth 0. Operators and other rare shapes go to the slow path.
        int nameStart = i;
        int depth = 0;
        int open = -1;
        if (emptyName) {
            open = i;
        }
        for (; open < 0 && i < to; i++) {
            byte c = b[i];
            byte kind = c < 0 ? REJECT : NAME_CHAR[c];
            if (kind != PLAIN) {
                if (kind == SPACE && depth == 0) {
                    if (i + 1 < to && b[i + 1] == '(') {
                        open = i + 1;
                    }
                    break;
                }
                if (kind == REJECT) {
                    return false;
                }
                if (kind == OPEN) {
                    depth++;
                } else if (kind == CLOSE) {
                    depth--;
                } else if (kind == LETTER_O && i + 8 <= to && b[i + 1] == 'p' && b[i + 2] == 'e' && b[i + 3] == 'r') {
                    return false; // "operator<<" and friends
                }
            }
        }
        if (open < 0 || depth != 0 || (i == nameStart && !emptyName) || b[nameStart] == '<' && b[nameStart + 1] == 's') {
            return false; // no argument list on this line
        }
        int nameEnd = emptyName ? nameStart : i;
        // Location, from the end: ") at FILE:LINE" or ") from LIB", or nothing after the argument list.
        int end = to;
        if (b[end - 1] == ' ' || b[end - 1] == '\\') {
            return false;
        }
        if (b[end - 1] == ')' && plainArgs(b, open, end - 1)) {
            fill(f, index, pc, pcDigits, b, nameStart, nameEnd, open, end - 1);
            f.file = null;
            f.sourceLine = 0;
            f.library = null;
            return true;
        }
        int p = end - 1;
        int lineNumber = 0;
        int scale = 1;
        while (p > open && b[p] >= '0' && b[p] <= '9' && scale <= 100_000_000) {
            lineNumber += (b[p] - '0') * scale;
            scale *= 10;
            p--;
        }
        boolean hasLine = p < end - 1 && b[p] == ':';
        int locationEnd = hasLine ? p : end;
        // the location has no spaces: walk back to the space before it
        int q = locationEnd - 1;
        while (q > open && b[q] != ' ') {
            if (b[q] < ' ' || b[q] == '"' || b[q] == ')') {
                return false;
            }
            q--;
        }
        int locationStart = q + 1;
        boolean at = q - 3 > open && b[q - 1] == 't' && b[q - 2] == 'a' && b[q - 3] == ' ' && b[q - 4] == ')';
        boolean fromLib = !at && !hasLine && q - 5 > open && b[q - 1] == 'm' && b[q - 2] == 'o' && b[q - 3] == 'r'
                && b[q - 4] == 'f' && b[q - 5] == ' ' && b[q - 6] == ')';
        if (!(at || fromLib) || locationStart >= locationEnd) {
            return false;
        }
        int close = at ? q - 4 : q - 6;
        String location = interner.intern(b, locationStart, locationEnd);
        fill(f, index, pc, pcDigits, b, nameStart, nameEnd, open, close);
        if (at && hasLine) {
            f.file = location;
            f.sourceLine = lineNumber;
            f.library = null;
        } else if (at && !GdbFrameLine.looksLikeLibrary(location)) {
            f.file = location;
            f.sourceLine = 0;
            f.library = null;
        } else {
            f.file = null;
            f.sourceLine = 0;
            f.library = location;
        }
        return true;
    }

    private static final byte[] SIGNAL_FRAME = "<signal handler called>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private void fill(GdbFrameLine f, int index, long pc, int pcDigits, byte[] b, int nameStart, int nameEnd,
                      int open, int close) {
        f.index = index;
        f.pc = pc;
        f.pcDigits = pcDigits;
        f.function = nameEnd == nameStart ? "" : interner.intern(b, nameStart, nameEnd);
        f.args = null;
        f.argsBytes = b;
        f.argsFrom = open + 1;
        f.argsTo = close;
        f.signalHandler = false;
        f.complete = true;
        f.argsClosed = true;
        f.trailingColumn = 0;
    }

    /** "(...)" holding no quote and balanced brackets: the argument list ends at its last character. */
    private static boolean plainArgs(byte[] b, int open, int close) {
        int depth = 0;
        for (int k = open; k <= close; k++) {
            byte c = b[k];
            if (c == '"' || c == '\'' || c < ' ') {
                return false;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0 && k != close) {
                return false;
            }
        }
        return depth == 0;
    }

    /** Hex digit values by byte, -1 for others: a table, since random digits defeat branch prediction. */
    private static final byte[] HEX = new byte[256];
    /** What a character means inside a function name; most are PLAIN, so the loop rarely branches. */
    private static final byte[] NAME_CHAR = new byte[128];
    private static final byte PLAIN = 0;
    private static final byte SPACE = 1;
    private static final byte OPEN = 2;
    private static final byte CLOSE = 3;
    private static final byte REJECT = 4;
    private static final byte LETTER_O = 5;

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = 0; c < 16; c++) {
            HEX["0123456789abcdef".charAt(c)] = (byte) c;
            HEX["0123456789ABCDEF".charAt(c)] = (byte) c;
        }
        for (int c = 0; c < ' '; c++) {
            NAME_CHAR[c] = REJECT;
        }
        NAME_CHAR['"'] = REJECT;
        NAME_CHAR[' '] = SPACE;
        for (char c : "<({[".toCharArray()) {
            NAME_CHAR[c] = OPEN;
        }
        for (char c : ">)}]".toCharArray()) {
            NAME_CHAR[c] = CLOSE;
        }
        NAME_CHAR['o'] = LETTER_O;
    }
}
