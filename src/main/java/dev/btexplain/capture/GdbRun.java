package dev.btexplain.capture;

import java.util.List;

/**
 * One run of gdb against the process or core.
 *
 * @param command the command line run
 * @param stdout  what gdb printed (the backtraces)
 * @param stderr  gdb's own complaints
 * @param pauseMs how long the run took, the longest the target can have been stopped
 * @param exit    gdb's exit status
 */
public record GdbRun(List<String> command, String stdout, String stderr, long pauseMs, int exit) {
    public GdbRun {
        command = List.copyOf(command);
    }

    /** The command as a shell line, for the report. */
    public String commandLine() {
        StringBuilder b = new StringBuilder();
        for (String a : command) {
            b.append(b.length() == 0 ? "" : " ").append(a.matches("[A-Za-z0-9_./:=@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
