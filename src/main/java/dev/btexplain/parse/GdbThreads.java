package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Snapshot;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.model.RuntimeView;
import dev.btexplain.model.SourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.btexplain.parse.GdbParser.*;

/** A gdb parse's thread headers, threads and listings, the commands typed in a session, and "info threads" tables. */
abstract class GdbThreads extends GdbFrames {
    GdbThreads(LineSource lines) {
        super(lines);
    }

    /**
     * "Program terminated with signal SIGSEGV" is followed by gdb's print of frame #0, then by the stacks,
     * which show that frame again. When a listing follows, the print becomes a STOP_LOCATION event rather
     * than a thread of its own; alone, it stays the one-frame thread it looks like.
     */
    void dropStopPrint() {
        if (stopPrintFrameLine == 0 || threads.isEmpty()) {
            stopPrintFrameLine = 0;
            return;
        }
        ThreadTrace last = threads.get(threads.size() - 1);
        if (last.frames().size() == 1 && last.frames().get(0).line() == stopPrintFrameLine) {
            threads.remove(threads.size() - 1);
            threadKeys.remove(lastEndedIdentity.key());
            lastEnded = null;
            events.add(stopLocationEvent(last.frames().get(0)));
        }
        stopPrintFrameLine = 0;
    }

    // ---- threads and listings ----

    boolean header(int from) {
        String text = line.substring(from).trim();
        if (text.endsWith("):")) {
            ThreadIdentity id = ThreadIdentity.fromHeader(text);
            if (id != null) {
                beginHeader(id);
                return true;
            }
        }
        if (text.contains(" hit Breakpoint ") || text.contains(" hit Hardware watchpoint ")) {
            endThread();
            event(DebuggerEvent.Kind.BREAKPOINT_HIT, from);
            return true;
        }
        ThreadIdentity signal = ThreadIdentity.fromReceivedSignal(text);
        if (signal != null) {
            keepProgramOutput();
            endThread();
            selected = signal;
            currentNumber = signal.number();
            event(DebuggerEvent.Kind.SIGNAL_RECEIVED, from);
            return true;
        }
        return false;
    }

    void beginHeader(ThreadIdentity id) {
        flushRecentUnparsed();
        finishPendingFrame();
        endThread();
        headersSeen++;
        used++;
        startThread(id, lineNo);
    }

    /**
     * "#5 ..." right after a blank line that ended a thread whose last frame was #4: the blank line was
     * pasted into the middle of the stack (mail, chat), so the stack goes on.
     */
    boolean reopenInterruptedThread() {
        if (lastEnded == null || frameLine.index == 0 || threads.isEmpty()
                || threads.get(threads.size() - 1) != lastEnded || lastEnded.frames().isEmpty()
                || lastEnded.frames().get(lastEnded.frames().size() - 1).index() + 1 != frameLine.index
                || lastEnded.stopReason() != null || lastEnded.moreFramesFollow()) {
            return false;
        }
        threads.remove(threads.size() - 1);
        columns.reopen((FrameColumns.View) lastEnded.frames());
        frames = columns;
        threadIdentity = lastEndedIdentity;
        threadLine = lastEnded.line();
        stopReason = null;
        moreFramesFollow = false;
        hasLastFrame = false;
        lastFrameLocals = null;
        lastEnded = null;
        state = State.THREAD;
        return true;
    }

    void startThread(ThreadIdentity id, int at) {
        dropStopPrint();
        afterStop = false;
        long key = id.key();
        if ((newListingRequested && !threads.isEmpty()) || threadKeys.contains(key)) {
            endSnapshot();
        }
        if (threads.isEmpty()) {
            snapshotLine = at;
            snapshotRequested = newListingRequested;
        }
        newListingRequested = false;
        threadKeys.add(key);
        threadIdentity = id;
        threadLine = at;
        columns.startThread();
        frames = columns;
        stopReason = null;
        moreFramesFollow = false;
        hasLastFrame = false;
        lastFrameLocals = null;
        state = State.THREAD;
    }

    void endThread() {
        finishPendingFrame();
        if (frames == null) {
            return;
        }
        sealLastFrame();
        ThreadIdentity id = threadIdentity;
        boolean current = id.number() != null && id.number().equals(currentNumber);
        lastEnded = new ThreadTrace(id.number(), id.lwp(), id.pthread(), id.name(), current, columns.view(),
                stopReason, moreFramesFollow, threadLine, pythonStack ? new RuntimeView("python", null, List.of()) : null);
        pythonStack = false;
        lastEndedIdentity = id;
        threads.add(lastEnded);
        frames = null;
        hasLastFrame = false;
        lastFrameLocals = null;
        state = State.OUTSIDE;
    }

    // ---- py-bt: a thread's Python frames (Tools/gdb/libpython.py) ----

    /** {@code   File "/usr/lib/python3.11/threading.py", line 320, in wait} */
    private static final Pattern PY_BT_FRAME = Pattern.compile("^File \"(.*)\", line (\\d{1,9}), in (.+)$");
    /** A C function the Python code called: {@code <built-in method acquire of _thread.lock object at remote 0x7f…>}. */
    private static final Pattern PY_BT_BUILTIN = Pattern.compile(
            "^<built-in (?:method (\\S+) of (\\S+) object at remote 0x[0-9a-fA-F]+|function (\\S+))>$");

    /**
     * A line of py-bt's stack, indented by two: a Python frame (with its source line below it, indented by four), a C
     * function it called, a C frame it describes in words (the GIL's wait: "Waiting for the GIL"), a frame it could not
     * read; any other line ends the stack.
     */
    boolean continuePythonStack(int from) {
        String s = line;
        if (from == 2) {
            String t = s.substring(from).strip();
            Matcher m = PY_BT_FRAME.matcher(t);
            if (m.matches()) {
                String file = interner.intern(m.group(1), 0, m.group(1).length());
                pythonFrame(FaulthandlerParser.qualified(file, m.group(3)), sources.get(file, Integer.parseInt(m.group(2))),
                        FaulthandlerParser.library(file));
                return true;
            }
            m = PY_BT_BUILTIN.matcher(t);
            if (m.matches()) {
                pythonFrame(m.group(3) != null ? m.group(3) : m.group(2) + "." + m.group(1), null, null);
                return true;
            }
            if (t.equals("(not a python frame)")) {
                skip("py-bt-not-python");
            } else if (t.startsWith("(")) {
                pythonFrame("??", null, null); // a frame py-bt could not read: its place is kept
            } else {
                // a C frame py-bt describes ("Waiting for the GIL", "Garbage-collecting", a PyCFunction call it could
                // not read): a frame named by those words, which a pack may know
                pythonFrame(t, null, null);
            }
            return true;
        }
        if (from >= 4 && from < s.length() && frames.count() > 0) {
            skip("source-echo"); // the source line of the frame above it
            return true;
        }
        state = State.THREAD;
        return false;
    }

    private void pythonFrame(String function, SourceRef source, String library) {
        columns.add(frames.count(), 0, 0, function, null, 0, -1, source, library, false, false, lineNo);
        framesSeen++;
        used++;
    }

    void endSnapshot() {
        endThread();
        lastEnded = null;
        if (!threads.isEmpty()) {
            snapshotsRequested.add(snapshotRequested);
            snapshots.add(new Snapshot(threads, snapshotLine));
            threads = new ArrayList<>();
            threadKeys.clear();
        }
    }

    // ---- gdb commands ----

    /** A command typed after "(gdb) ". Listing commands start a new stack; all are skipped as commands. */
    boolean command(int from) {
        String cmd = line.substring(from).trim();
        if (cmd.startsWith("#")) {
            return false;
        }
        applyCommand(cmd);
        skip("gdb-command");
        return true;
    }

    /** "thread apply all bt" pasted without its prompt. */
    boolean plainCommand(int from) {
        char c = line.charAt(from);
        if (from > 0 || (c != 't' && c != 'b' && c != 'w')) { // indented, it is a local such as "bt = 3"
            return false;
        }
        String cmd = line.substring(from).trim();
        if (!(isThreadApplyAll(cmd) || isBacktraceCommand(cmd))) {
            return false;
        }
        applyCommand(cmd);
        skip("gdb-command");
        return true;
    }

    void applyCommand(String cmd) {
        if (isThreadApplyAll(cmd)) {
            endThread();
            newListingRequested = true;
        } else if (isBacktraceCommand(cmd)) {
            finishPendingFrame();
            backtraceCommand = true;
        }
    }

    static boolean isThreadApplyAll(String cmd) {
        return cmd.startsWith("thread apply all") || cmd.startsWith("t a a ") || cmd.startsWith("thr a a ")
                || cmd.startsWith("taas ");
    }

    static boolean isBacktraceCommand(String cmd) {
        String word = cmd.split("\\s+", 2)[0];
        return word.equals("bt") || word.equals("backtrace") || word.equals("where") || word.equals("ba");
    }

    // ---- info threads ----

    /** Rows ("* 1    Thread 0x7f... (LWP 19986) event_notifier_set (e=0x124)") and their wrapped parts. */
    boolean continueInfoThreads(int from) {
        String s = line;
        if (from >= s.length() || s.startsWith("Thread ", from) || GdbFrameLine.isFrameStart(s, from)
                || s.startsWith("[", from)) {
            state = State.OUTSIDE;
            return false;
        }
        char c = s.charAt(from);
        if (c == '*') {
            ThreadIdentity id = ThreadIdentity.fromSelectedRow(s.substring(from));
            if (id != null) {
                selected = id;
                if (currentNumber == null) {
                    currentNumber = id.number();
                }
            }
            skip("info-threads");
            return true;
        }
        if (GdbFrameLine.isDigit(c) || from > 0) {
            skip("info-threads");
            return true;
        }
        state = State.OUTSIDE;
        return false;
    }

    void endOfInput() {
        if (unterminatedLastLine != null && !unterminatedLastLine.isBlank()) {
            warnAt(lineNo, 0, "no-final-newline", "the input's last line has no line end; it may have been cut",
                    excerpt(unterminatedLastLine, 0));
        }
        finishPendingFrame();
        if (state == State.STOP_LINE) {
            flushWrappedStop();
        }
        endSnapshot();
        flushRecentUnparsed();
        if (lines.limitReached()) {
            warnAt(0, 0, "input-limit", LineSource.limitMessage(lines.bytesRead()), "");
        }
        if (gaveUp) {
            warnAt(0, 0, "not-a-backtrace", "no thread header or frame in the first " + GIVE_UP_LINES
                    + " lines; stopped reading", "");
        }
    }
}
