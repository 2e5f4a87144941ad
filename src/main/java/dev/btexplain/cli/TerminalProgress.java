package dev.btexplain.cli;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * A status line on standard error while btexplain works (attaching, sample 2 of 3, reading owners, reading a large
 * file), rewritten in place and cleared at the end; silent when standard error is not a terminal, so that logs and
 * pipes get the report and its one-line errors only.
 */
final class TerminalProgress implements Consumer<String>, AutoCloseable {
    private final PrintStream err;
    private boolean shown;
    /** The status line shown now, if any: an interruption's one line replaces it instead of following it. */
    private static volatile TerminalProgress current;

    private TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /**
     * On standard error when it is a terminal: the launcher says so (BTEXPLAIN_STDERR_TTY, from the shell's test -t 2,
     * which Java cannot make), else a console means one; null's progress says nothing.
     */
    static TerminalProgress onStderr() {
        String said = System.getenv("BTEXPLAIN_STDERR_TTY");
        boolean terminal = said != null ? said.equals("1") : System.console() != null;
        return new TerminalProgress(terminal ? System.err : null);
    }

    @Override
    public synchronized void accept(String step) {
        if (err != null) {
            // carriage return and erase-line: the next step replaces this one
            err.print("\r\u001b[K" + "btexplain: " + step + "…");
            err.flush();
            shown = true;
            current = this;
        }
    }

    /** Clears the status line shown now, if any. */
    static void clearCurrent() {
        TerminalProgress shown = current;
        if (shown != null) {
            shown.close();
        }
    }

    @Override
    public synchronized void close() {
        if (err != null && shown) {
            err.print("\r\u001b[K");
            err.flush();
            shown = false;
        }
    }
}
