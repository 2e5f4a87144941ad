package dev.btexplain.report;

/**
 * The commands a report suggests, safe to paste into a shell: every argument that is not plain is quoted, so that
 * nothing in it (a {@code $(…)}, a backquote, a quote) is run or ends the quoting.
 */
public final class ShellCommand {
    private ShellCommand() {
    }

    /** {@code gdb -p PID -batch -ex "COMMAND"} for a live process, or {@code gdb PROGRAM CORE …} for a core. */
    public static String gdbBatch(boolean core, String gdbCommand) {
        return (core ? "gdb PROGRAM CORE" : "gdb -p PID") + " -batch -ex " + quote(gdbCommand);
    }

    /**
     * One shell word with this text: in double quotes when nothing in it is special there (so that the common
     * commands read as people write them), else in single quotes, inside which the shell treats nothing specially
     * (a single quote itself is closed, escaped and reopened).
     */
    public static String quote(String word) {
        boolean plainInDoubleQuotes = true;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '$' || c == '`' || c == '\\' || c == '"' || c == '!' || c < 0x20 || c == 0x7f) {
                plainInDoubleQuotes = false;
                break;
            }
        }
        return plainInDoubleQuotes ? '"' + word + '"' : "'" + word.replace("'", "'\\''") + "'";
    }
}
