package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import java.io.IOException;

import static dev.btexplain.parse.GdbParser.*;

/** One parse of a gdb listing: each line through the state machine of {@link GdbParser.State}. */
final class GdbRun extends GdbFastPaths {
    GdbRun(LineSource lines) {
        super(lines);
    }

    GdbPart read() throws IOException {
        while (lines.advance()) {
            lineNo = lines.lineNumber();
            if (lines.endedWithoutNewline()) {
                unterminatedLastLine = lines.text();
            }
            if (lines.isAscii() && !lines.lineIsBinary()
                    && (fastFrame() || fastContinuation() || fastBlank() || fastLocal() || fastHeader())) {
                continue;
            }
            String raw = lines.text();
            if (lines.lineIsBinary()) {
                skip("binary");
                warn(0, "binary-line", "line holds binary data (NUL bytes); skipped", "");
                continue;
            }
            if (lines.lineHadInvalidUtf8()) {
                warn(0, "invalid-utf8", "line is not valid UTF-8; bad bytes shown as \uFFFD", excerpt(raw, 0));
            }
            if (lines.lineWasCut()) {
                warn(0, "line-cut", "line longer than " + LineSource.MAX_LINE_BYTES + " bytes; the rest was not read",
                        excerpt(raw, 0));
            }
            accept(raw);
            if (headersSeen == 0 && framesSeen == 0 && lineNo >= GIVE_UP_LINES) {
                gaveUp = true;
                break;
            }
        }
        endOfInput();
        return build();
    }

    /** One input line, through the state machine. */
    void accept(String raw) {
        line = stripMarkdownLineBreak(raw);
        int from = contentStart(line);
        boolean prompted = from < 0;
        if (prompted) {
            from = -from - 1;
        }
        switch (state) {
            case LOCAL -> {
                if (continueLocal(from)) {
                    return;
                }
            }
            case FRAME -> {
                if (continueFrame(from)) {
                    return;
                }
            }
            case INFO_THREADS -> {
                if (!prompted && continueInfoThreads(from)) {
                    return;
                }
            }
            case STOP_LINE -> {
                if (continueStopLine(from)) {
                    return;
                }
            }
            case PY_BT -> {
                if (continuePythonStack(from)) {
                    return;
                }
            }
            case SCRIPT_ERROR -> {
                // indented: the traceback's File lines and source lines; the first line that is not ends it
                state = from > 0 ? State.SCRIPT_ERROR : State.OUTSIDE;
                skip("gdb-script-error");
                return;
            }
            default -> { }
        }
        classify(from, prompted);
    }

    /** An indented line goes on with the wrapped stop line (until its arguments close); any other ends it. */
    private boolean continueStopLine(int from) {
        if (from > 0 && from < line.length() && wrappedStopLines < MAX_FRAME_LINES) {
            // a terminal's gdb wraps a long stop line: "0x… in descend (", "    path=…,", "    depth=…) at f.c:5"
            wrappedStop.append(wrappedStop.charAt(wrappedStop.length() - 1) == '(' ? "" : " ").append(line.substring(from).strip());
            wrappedStopLines++;
            used++;
            if (frameLine.parse("#0 " + wrappedStop, 0) && frameLine.argsClosed) {
                flushWrappedStop();
            }
            return true;
        }
        flushWrappedStop();
        return false;
    }

    /** A line in THREAD or OUTSIDE state (or one that ended a FRAME, LOCAL or table). */
    void classify(int from, boolean prompted) {
        String s = line;
        int n = s.length();
        if (from >= n) {
            if (prompted) {
                skip("gdb-command");
            } else {
                skip("blank");
                if (state == State.THREAD && frames != null && frames.count() > 0) {
                    endThread();
                }
            }
            return;
        }
        char c = s.charAt(from);
        if (c == '#' && GdbFrameLine.isFrameStart(s, from)) {
            startFrame(from);
            return;
        }
        int pager = NOISE.pagerPromptLength(s, from);
        if (pager > 0) {
            // "--Type <RET> for more...--#5  0x..." : the prompt, then the text the user paged to.
            int rest = GdbFrameLine.skipSpaces(s, from + pager);
            if (rest < n) {
                classify(rest, false);
            } else {
                skip("pager-prompt");
            }
            return;
        }
        if (prompted && command(from)) {
            return;
        }
        if (sessionLine(c, from)) {
            return;
        }
        if (!prompted && plainCommand(from)) {
            return;
        }
        if (state == State.THREAD && hasLastFrame && from > 0 && local(from)) {
            return;
        }
        if (skippedLine(c, from) || stopLine(c, from)) {
            return;
        }
        unparsedLine(from, "unparsed-line", "line not understood");
    }

    /** A line of the session: a thread header or selection, a signal, a core, the end of a stack, an "info threads" table. */
    private boolean sessionLine(char c, int from) {
        String s = line;
        int n = s.length();
        if (c == 'T' && s.startsWith("Thread ", from) && from + 7 < n && GdbFrameLine.isDigit(s.charAt(from + 7))) {
            if (header(from)) {
                return true;
            }
        }
        if (c == '[' && (s.startsWith("[Switching to ", from) || s.startsWith("[Current thread is ", from))) {
            ThreadIdentity id = ThreadIdentity.fromSwitch(s.substring(from).trim());
            if (id != null) {
                id = id.completedFrom(selected);
                selected = id;
                if (currentNumber == null) {
                    currentNumber = id.number(); // the thread gdb stopped in; later switches are the user's
                }
                if (frames != null && frames.count() == 1 && threadIdentity.key() == ThreadIdentity.HEADERLESS) {
                    // "#0 ..." printed when a core was loaded, then "[Current thread is 1 (...)]": the lone
                    // frame belongs to the thread gdb names now.
                    finishPendingFrame();
                    threadKeys.remove(threadIdentity.key());
                    threadIdentity = id;
                    threadKeys.add(id.key());
                } else {
                    endThread();
                }
                event(s.startsWith("[Switching", from) ? DebuggerEvent.Kind.SWITCHED_TO_THREAD
                        : DebuggerEvent.Kind.CURRENT_THREAD, from);
                return true;
            }
        }
        if (c == 'P' && (s.startsWith("Program received signal", from) || s.startsWith("Program terminated with signal", from))) {
            keepProgramOutput();
            endThread();
            event(s.startsWith("Program received", from) ? DebuggerEvent.Kind.SIGNAL_RECEIVED
                    : DebuggerEvent.Kind.PROGRAM_TERMINATED, from);
            return true;
        }
        if (c == 'C' && s.startsWith("Core was generated by", from)) {
            event(DebuggerEvent.Kind.CORE_GENERATED_BY, from);
            return true;
        }
        if (c == 'B' && s.startsWith("Backtrace stopped:", from)) {
            if (frames != null) {
                stopReason = s.substring(from + "Backtrace stopped:".length()).trim();
                used++;
                endThread();
            } else {
                skip("backtrace-stopped");
            }
            return true;
        }
        if (c == '(' && s.startsWith("(More stack frames follow...)", from)) {
            if (frames != null) {
                moreFramesFollow = true;
                used++;
                endThread();
            } else {
                skip("backtrace-stopped");
            }
            return true;
        }
        if ((c == 'T' || c == 'U') && frames != null && frames.count() == 0 && !pythonStack && state == State.THREAD
                && (s.startsWith("Traceback (most recent call first):", from) || s.startsWith("Unable to locate python frame", from))) {
            pythonStack = true; // py-bt: the thread's Python frames follow (none when it runs no Python code)
            state = c == 'T' ? State.PY_BT : State.THREAD;
            used++;
            return true;
        }
        if (c == 'T' && frames == null && s.startsWith("Traceback (most recent call last):", from)) {
            skip("gdb-script-error");
            state = State.SCRIPT_ERROR;
            return true;
        }
        if (c == 'I' && s.startsWith("Id   Target Id", from)) {
            endThread();
            skip("info-threads");
            state = State.INFO_THREADS;
            return true;
        }
        return false;
    }

    /** A line that ends a stack, or that gdb or the session prints around stacks and that is skipped for a named reason. */
    private boolean skippedLine(char c, int from) {
        String s = line;
        if (c == 'C' && frames != null && frames.count() > 0 && stopReason == null
                && s.startsWith("Cannot access memory at address", from)) {
            stopReason = s.substring(from).trim(); // the unwinder could not read the next frame
            used++;
            endThread();
            return true;
        }
        String reason = NOISE.reason(s, from);
        if (reason != null) {
            if (reason.equals("thread-event")) {
                // "[Inferior 1 (process 4) detached]", "[New LWP 5]": a session ends or starts, so does any stack;
                // gdb's stop print of the next attach can follow
                endThread();
            }
            skip(reason);
            return true;
        }
        if (GdbFrameLine.isDigit(c) && GdbSessionLines.isSourceEcho(s, from)) {
            skip("source-echo");
            return true;
        }
        if ((c == '0' && GdbSessionLines.isSharedLibraryRow(s, from)) || ((c == 'N' || c == 'Y') && from > 20
                && (s.startsWith("No ", from) || s.startsWith("Yes ", from)))) {
            skip("shared-libraries");
            return true;
        }
        if (c == '$' && GdbSessionLines.isValueHistory(s, from)) {
            if (s.indexOf("si_signo = ", from) > 0) {
                // p $_siginfo: where the signal came from (not a stop: gdb prints no frame after it)
                events.add(new DebuggerEvent(DebuggerEvent.Kind.SIGNAL_INFO, line.substring(from).trim(), lineNo));
                used++;
            } else {
                skip("gdb-value"); // "$1 = 0x0" from a "print" command
            }
            return true;
        }
        if (GdbSessionLines.isRegisterRow(s, from)) {
            skip("registers"); // "rax            0x1405b18\t20994840" from "info registers"
            return true;
        }
        if (GdbSessionLines.isDisassemblyRow(s, from)) {
            skip("disassembly"); // "   0x00000000004201d0 <+0>:\tpush   %r15"
            return true;
        }
        if (s.charAt(0) == '\t' && s.startsWith("in ", from)) {
            skip("source-echo"); // old gdb: "\tin ../nptl/sysdeps/unix/sysv/linux/pt-raise.c"
            return true;
        }
        return false;
    }

    /** Where gdb stopped, printed without a frame number (after attach, a signal); a wrapped one opens STOP_LINE. */
    private boolean stopLine(char c, int from) {
        String s = line;
        if (state == State.OUTSIDE && stopLocation(from)) {
            return true;
        }
        if (c == '0' && s.startsWith("0x", from) && s.indexOf(" in ", from) > 0) {
            if (afterStop && s.endsWith("(") && frameLine.parse("#0 " + s.substring(from), 0) && !frameLine.argsClosed) {
                wrappedStop = new StringBuilder(s.substring(from).strip()); // its arguments follow on the next lines
                wrappedStopLine = lineNo;
                wrappedStopLines = 1;
                beforeStopLine = state;
                state = State.STOP_LINE;
                used++;
                return true;
            }
            // "0x00007f549d0bdb0e in ppoll () from target:/lib64/libc.so.6" after attach
            event(DebuggerEvent.Kind.STOP_LOCATION, from);
            return true;
        }
        return false;
    }
}
