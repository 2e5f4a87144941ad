package dev.btexplain.parse;

import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.Frame;
import dev.btexplain.model.Local;
import dev.btexplain.model.SourceRef;
import dev.btexplain.model.TextBlock;
import java.util.ArrayList;

import static dev.btexplain.parse.GdbParser.*;

/** A gdb parse's frames (wrapped over several lines, with their location line) and their locals ({@code bt full}). */
abstract class GdbFrames extends GdbReading {
    GdbFrames(LineSource lines) {
        super(lines);
    }

    /** The thread being read ends (a blank line, a new header, a frame numbered anew). */
    abstract void endThread();

    /** A thread opens at this header line (or without a header: a lone bt's frames). */
    abstract void startThread(ThreadIdentity id, int at);

    /** A frame that goes on from the last one of the thread a blank line ended reopens it (a pasted stack); false when not. */
    abstract boolean reopenInterruptedThread();

    // ---- frames ----

    void startFrame(int from) {
        flushRecentUnparsed();
        finishPendingFrame();
        if (!frameLine.parse(line, from)) {
            unparsedLine(from, "unparsed-frame-line", "frame line in a shape gdb does not print");
            return;
        }
        beginFrame(from == 0 ? line : line.substring(from));
    }

    /** A frame whose line {@link #frameLine} has just split; {@code text} is its line, or null on the hot path. */
    void beginFrame(String text) {
        framesSeen++;
        if (frames == null) {
            if (!reopenInterruptedThread()) {
                boolean stopPrint = afterStop;
                startThread(selected, lineNo);
                stopPrintFrameLine = stopPrint ? lineNo : 0;
            }
        } else if ((frameLine.index == 0 || backtraceCommand) && frames.count() > 0) {
            if (frames.count() == 1 && lastFrameLocals == null && sameFrame(frames.get(0))) {
                // gdb prints the selected frame #0 when it stops or switches threads; "bt" then prints it
                // again at the top of the stack: the first print is not a second frame.
                frames.clear();
                hasLastFrame = false;
                skipped.merge("repeated-frame-print", 1L, Long::sum);
                used--;
            } else {
                endThread();
                startThread(selected, lineNo);
            }
        }
        backtraceCommand = false;
        frameText = text;
        frameJoin = null;
        frameLineCount = 1;
        frameStartLine = lineNo;
        used++;
        if (frameLine.complete) {
            addFrame();
            state = State.FRAME; // a complete frame can still be followed by "    at file.c:12"
            frameText = null;
        } else {
            state = State.FRAME;
        }
    }

    boolean sameFrame(Frame f) {
        return f.function().equals(frameLine.function) && f.pc() == frameLine.pc && f.pcDigits() == frameLine.pcDigits;
    }

    /** FRAME state: does this line continue the frame? */
    boolean continueFrame(int from) {
        String s = line;
        boolean open = frameText != null; // the frame's text did not close yet
        if (from >= s.length() || GdbFrameLine.isFrameStart(s, from) || frameLineCount >= MAX_FRAME_LINES
                || s.startsWith("Thread ", from)) {
            finishPendingFrame();
            return false;
        }
        if (open && from > 0 && looksLikeLocal(s, from)) {
            finishPendingFrame(); // "        f = <value optimized out>": bt full locals under a frame cut short
            return false;
        }
        if (open) {
            if (NOISE.pagerPromptLength(s, from) > 0 && GdbFrameLine.skipSpaces(s, from + NOISE.pagerPromptLength(s, from)) >= s.length()) {
                skip("pager-prompt");
                return true;
            }
            appendToFrame(from);
            return true;
        }
        // A finished frame still takes gdb's location line: "    at ../util/rcu.c:278" / "    from /lib/x.so".
        if ((s.startsWith("at ", from) || s.startsWith("from ", from)) && hasLastFrame
                && !frames.lastHasLocation() && lastFrameLocals == null) {
            frameText = lastFrameText;
            frames.removeLast();
            hasLastFrame = false;
            appendToFrame(from);
            return true;
        }
        state = State.THREAD;
        return false;
    }

    void appendToFrame(int from) {
        if (frameJoin == null) {
            frameJoin = new StringBuilder(frameText.length() + 64);
            frameJoin.append(frameText);
        }
        int end = frameJoin.length();
        while (end > 0 && frameJoin.charAt(end - 1) == ' ') {
            end--;
        }
        frameJoin.setLength(end);
        frameJoin.append(' ').append(line, from, trimmedEnd(line));
        frameText = frameJoin.toString();
        frameLineCount++;
        used++;
        if (frameLine.parse(frameText, 0) && frameLine.complete) {
            addFrame();
            frameText = null;
            frameJoin = null;
        }
    }

    /** Ends the frame being read, even when its text did not close (a truncated or cut line). */
    void finishPendingFrame() {
        if (state == State.LOCAL) {
            finishLocal();
        }
        if (frameText != null) {
            if (frameLine.parse(frameText, 0)) {
                warnAt(frameStartLine, 0, "truncated-frame",
                        "frame text ends before its argument list or location closes; kept as far as it goes",
                        excerpt(frameText, 0));
                addFrame();
            }
            frameText = null;
            frameJoin = null;
        }
        if (state == State.FRAME) {
            state = State.THREAD;
        }
    }

    /** Gives the last frame the {@code bt full} locals read under it; done once, when the frame ends. */
    void sealLastFrame() {
        if (lastFrameLocals != null && hasLastFrame) {
            frames.setLocalsOfLast(lastFrameLocals);
        }
        hasLastFrame = false;
        lastFrameLocals = null;
    }

    void addFrame() {
        sealLastFrame();
        GdbFrameLine f = frameLine;
        lastFrameText = frameText;
        SourceRef source = f.file == null ? null : sources.get(f.file, f.sourceLine);
        boolean callerOfInlined = f.pcDigits == 0 && f.index != 0 && !f.signalHandler;
        TextBlock block = null;
        int offset = 0;
        int length = -1;
        if (f.argsBytes != null) {
            offset = argsText.append(f.argsBytes, f.argsFrom, f.argsTo);
            length = f.argsTo - f.argsFrom;
            block = argsText.block();
        } else if (f.args != null) {
            byte[] utf8 = f.args.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            offset = argsText.append(utf8, 0, utf8.length);
            length = utf8.length;
            block = argsText.block();
        }
        if (f.trailingColumn > 0 && f.argsClosed) {
            warnAt(frameStartLine, 0, "frame-trailing-text", "text after the frame's location was not understood",
                    excerpt(frameText, f.trailingColumn - 1));
        }
        frames.add(f.index, f.pc, f.pcDigits, f.function, block, offset, length, source, f.library, callerOfInlined,
                f.signalHandler, frameStartLine);
        hasLastFrame = true;
    }

    /**
     * The place gdb stopped, printed after a signal, a breakpoint or a thread switch:
     * {@code kvm_virtio_pci_vq_vector_use (vector=0, proxy=0x5555) at ../hw/virtio/virtio-pci.c:817}.
     * It repeats frame #0 of the stack that follows, so it is skipped, not taken as a frame.
     */
    boolean stopLocation(int from) {
        String text = "#0 " + line.substring(from);
        if (!frameLine.parse(text, 0) || !frameLine.argsClosed || frameLine.function.isEmpty()) {
            return false;
        }
        if (frameLine.file == null && frameLine.library == null) {
            return false;
        }
        events.add(new DebuggerEvent(DebuggerEvent.Kind.STOP_LOCATION, line.substring(from).trim(), lineNo));
        used++;
        return true;
    }

    /** "name = value" at {@code from}, where name is an identifier (C++ and Fortran names included). */
    static boolean looksLikeLocal(CharSequence s, int from) {
        for (int i = from; i + 3 <= s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' && s.charAt(i + 1) == '=' && s.charAt(i + 2) == ' ') {
                return i > from;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.' || c == ':' || c == '<'
                    || c == '>' || c == '[' || c == ']' || c == '~')) {
                return false;
            }
        }
        return false;
    }

    boolean local(int from) {
        String s = line;
        if (!looksLikeLocal(s, from)) {
            return false;
        }
        int eq = s.indexOf(" = ", from);
        localName = s.substring(from, eq);
        localValue = new StringBuilder(s.length() - eq);
        localValue.append(s, eq + 3, Math.max(eq + 3, trimmedEnd(s)));
        localLines = 1;
        localStartLine = lineNo;
        localIndent = from;
        used++;
        // "dirProvider = " with the value on the next line, or "viewRect = warning: bits 64-128 ... zeroes"
        // with gdb's warning in place of the value, which then follows on the next line.
        boolean valueFollows = localValue.length() == 0 || GdbFrameLine.startsWith(localValue, "warning: ", 0);
        if (!valueFollows && balanced(localValue)) {
            finishLocal();
        } else {
            state = State.LOCAL;
        }
        return true;
    }

    boolean continueLocal(int from) {
        String s = line;
        if (from >= s.length() || GdbFrameLine.isFrameStart(s, from) || s.startsWith("Thread ", from)
                || (from == localIndent && looksLikeLocal(s, from))
                || localLines >= MAX_LOCAL_LINES || localValue.length() >= MAX_LOCAL_CHARS) {
            warnAt(localStartLine, 0, "truncated-local", "local variable's value does not close; kept as far as it goes",
                    localName);
            finishLocal();
            return false;
        }
        if (GdbFrameLine.startsWith(localValue, "warning: ", 0) && localLines == 1) {
            localValue.setLength(0); // gdb's warning stood where the value goes; the value is this line
        } else if (localValue.length() > 0) {
            localValue.append('\n');
        }
        localValue.append(s, localValue.length() == 0 ? from : 0, trimmedEnd(s));
        localLines++;
        used++;
        if (balanced(localValue)) {
            finishLocal();
        }
        return true;
    }

    void finishLocal() {
        if (lastFrameLocals == null) {
            lastFrameLocals = new ArrayList<>();
        }
        lastFrameLocals.add(new Local(localName, localValue.toString()));
        localName = null;
        localValue = null;
        state = State.THREAD;
    }

    /** Braces closed and no string left open: a value printed over several lines has ended. */
    static boolean balanced(CharSequence v) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
        }
        return depth <= 0 && !inString;
    }
}
