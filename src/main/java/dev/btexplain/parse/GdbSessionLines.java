package dev.btexplain.parse;

/**
 * Shapes of the gdb session lines that are not stacks (source echo, registers, disassembly, value history,
 * shared-library tables), told apart by characters rather than regexes. Each is skipped by the parser under
 * its own reason; none of them may ever match a frame or a thread header.
 */
final class GdbSessionLines {
    private GdbSessionLines() {
    }

    /** "481\t}" or "81\t../sysdeps/unix/syscall-template.S: No such file or directory.": gdb echoing a source line. */
    static boolean isSourceEcho(String s, int from) {
        int i = from;
        while (i < s.length() && GdbFrameLine.isDigit(s.charAt(i))) {
            i++;
        }
        return i < s.length() && i > from && (s.charAt(i) == '\t' || s.startsWith("  ", i));
    }

    /** "$1 = 0x0": gdb's value history after a print command. */
    static boolean isValueHistory(String s, int from) {
        int i = from + 1;
        while (i < s.length() && GdbFrameLine.isDigit(s.charAt(i))) {
            i++;
        }
        return i > from + 1 && s.startsWith(" = ", i);
    }

    /** "rip            0x420240\t0x420240 <f+112>" or "st0            0\t(raw 0x0000)": gdb's register table. */
    static boolean isRegisterRow(String s, int from) {
        if (from != 0 || s.isEmpty() || !Character.isLowerCase(s.charAt(0))) {
            return false;
        }
        int i = 0;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        return i <= 12 && s.startsWith("  ", i) && s.indexOf('\t', i) > 0;
    }

    /** "   0x00000000004201d0 <+0>:\tpush %r15", "=> 0x0000000000420240 <+112>:\tmovzwl ...". */
    static boolean isDisassemblyRow(String s, int from) {
        int i = s.startsWith("=> ", from) ? from + 3 : from;
        int end = skipHex(s, i);
        return end > 0 && s.startsWith(" <", end) && s.indexOf(">:", end) > 0;
    }

    /** A row of "info sharedlibrary": "0x00007f283f535700  0x00007f283f583930  Yes (*)     /usr/lib64/libX.so". */
    static boolean isSharedLibraryRow(String s, int from) {
        int i = skipHex(s, from);
        if (i < 0) {
            return false;
        }
        i = skipHex(s, GdbFrameLine.skipSpaces(s, i));
        if (i < 0) {
            return false;
        }
        i = GdbFrameLine.skipSpaces(s, i);
        return s.startsWith("Yes", i) || s.startsWith("No ", i);
    }

    static int skipHex(String s, int i) {
        if (!s.startsWith("0x", i)) {
            return -1;
        }
        int j = i + 2;
        while (j < s.length() && Character.digit(s.charAt(j), 16) >= 0) {
            j++;
        }
        return j > i + 2 && j < s.length() && s.charAt(j) == ' ' ? j : -1;
    }

}
