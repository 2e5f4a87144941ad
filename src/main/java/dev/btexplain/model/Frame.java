package dev.btexplain.model;

import java.util.List;

/**
 * One printed frame, innermost first, exactly as the debugger printed it.
 *
 * @param index         the frame number printed after '#'
 * @param address       the program counter as printed ("0x00007f3aa0efc256"), null when none was printed
 * @param function      the function name as printed: "??" when unknown, "" when gdb printed {@code in  ()}
 * @param args          the text between the argument parentheses, null when no argument list was printed
 * @param source        file and line after " at ", null when none
 * @param library       the shared object after " from " (or a library printed after " at "), null when none
 * @param inlined       true when the frame has no address and is not frame #0 (gdb's inlined-frame shape)
 * @param signalHandler true for gdb's {@code <signal handler called>} pseudo-frame
 * @param locals        {@code bt full} locals, empty when none were printed
 * @param line          1-based input line where the frame starts
 */
public record Frame(
        int index,
        String address,
        String function,
        String args,
        SourceRef source,
        String library,
        boolean inlined,
        boolean signalHandler,
        List<Local> locals,
        int line) {

    public Frame {
        if (function == null) {
            throw new IllegalArgumentException("function is required (\"??\" when unknown)");
        }
        locals = locals == null || locals.isEmpty() ? List.of() : List.copyOf(locals);
    }

    /** True when the debugger could not name the function ({@code ??} or an empty name). */
    public boolean isUnknownFunction() {
        return !signalHandler && (function.isEmpty() || function.equals("??"));
    }
}
