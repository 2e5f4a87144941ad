package dev.btexplain.model;

import java.util.List;

/**
 * One printed frame, innermost first, exactly as the debugger printed it. The address is kept as a number
 * and its printed width rather than as text: a 75,000-thread trace has a million of them.
 *
 * @param index         the frame number printed after '#'
 * @param pc            the program counter gdb printed, 0 when it printed none
 * @param pcDigits      how many hex digits gdb printed for it (16 for "0x00007f3aa0efc256"), 0 when none
 * @param function      the function name as printed: "??" when unknown, "" when gdb printed {@code in  ()}
 * @param argsText      where the text between the argument parentheses is kept (see {@link #args()})
 * @param argsOffset    its offset there
 * @param argsLength    its length in bytes, -1 when no argument list was printed
 * @param source        file and line after " at ", null when none
 * @param library       the shared object after " from " (or a library printed after " at "), null when none
 * @param inlined       true when the function was inlined into the next (outer) frame: in gdb, that frame is printed
 *                      without an address
 * @param signalHandler true for gdb's {@code <signal handler called>} pseudo-frame
 * @param locals        {@code bt full} locals, empty when none were printed
 * @param line          1-based input line where the frame starts
 * @param unreliable    true for a kernel frame printed with {@code ?} or {@code (unreliable)}: an address found on the
 *                      stack that the unwinder could not confirm is a return address (a leftover of an earlier call)
 */
public record Frame(
        int index,
        long pc,
        int pcDigits,
        String function,
        TextBlock argsText,
        int argsOffset,
        int argsLength,
        SourceRef source,
        String library,
        boolean inlined,
        boolean signalHandler,
        List<Local> locals,
        int line,
        boolean unreliable) {

    /** A frame every unwinder but the kernel's prints: never an unconfirmed one. */
    public Frame(int index, long pc, int pcDigits, String function, TextBlock argsText, int argsOffset, int argsLength,
                 SourceRef source, String library, boolean inlined, boolean signalHandler, List<Local> locals, int line) {
        this(index, pc, pcDigits, function, argsText, argsOffset, argsLength, source, library, inlined, signalHandler,
                locals, line, false);
    }

    public Frame {
        if (function == null) {
            throw new IllegalArgumentException("function is required (\"??\" when unknown)");
        }
        locals = locals == null || locals.isEmpty() ? List.of() : List.copyOf(locals);
        if (argsLength >= 0 && argsText == null) {
            throw new IllegalArgumentException("argument text without a block");
        }
        if (pcDigits < 0 || pcDigits > 16) {
            throw new IllegalArgumentException("pcDigits must be 0..16: " + pcDigits);
        }
    }

    /** The address exactly as printed ("0x00007f3aa0efc256"), or null when gdb printed none (a caller of an inlined
     * frame, or frame #0 at the start of a line). */
    public String address() {
        if (pcDigits == 0) {
            return null;
        }
        String hex = Long.toHexString(pc);
        return hex.length() >= pcDigits ? "0x" + hex : "0x" + "0".repeat(pcDigits - hex.length()) + hex;
    }

    public boolean hasAddress() {
        return pcDigits > 0;
    }

    /** The text between the argument parentheses as printed, or null when gdb printed no argument list. */
    public String args() {
        return argsLength < 0 ? null : argsText.text(argsOffset, argsLength);
    }

    /** True when the debugger could not name the function ({@code ??} or an empty name). */
    public boolean isUnknownFunction() {
        return unknownFunction(function, signalHandler);
    }

    static boolean unknownFunction(String function, boolean signalHandler) {
        return !signalHandler && (function.isEmpty() || function.equals("??"));
    }
}
