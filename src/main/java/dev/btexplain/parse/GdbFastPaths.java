package dev.btexplain.parse;

import dev.btexplain.model.Local;
import java.util.ArrayList;

import static dev.btexplain.parse.GdbParser.*;

/**
 * The common lines read straight from their bytes (a frame, a local, a continuation, a header, a blank line), each
 * ending in the same state as the slow path through {@link GdbRun#accept} would: the fast-path tests compare them.
 */
abstract class GdbFastPaths extends GdbThreads {
    GdbFastPaths(LineSource lines) {
        super(lines);
    }

    /**
     * The hot path: a frame line inside a stack, read from the input's bytes by {@link AsciiFrameLine}
     * without making a String of the line. False when the line is for the general path.
     */
    boolean fastFrame() {
        if (frames == null || frameText != null || (state != State.THREAD && state != State.FRAME)) {
            return false;
        }
        byte[] b = lines.bytes();
        int to = lines.end();
        int from = skipBlanks(b, lines.start(), to);
        if (from + 1 >= to || b[from] != '#' || b[from + 1] < '0' || b[from + 1] > '9'
                || !asciiFrameLine.parse(b, from, to, frameLine)) {
            return false;
        }
        // A frame with no location may get it on the next line ("    at file.c:12"): keep its text for that.
        line = null;
        boolean located = frameLine.file != null || frameLine.library != null;
        beginFrame(located ? null : lines.text().substring(from - lines.start()));
        return true;
    }

    /**
     * The hot path for a one-line {@code bt full} local, "        pool = 0x5599ef1685c0", read from bytes: a
     * name of identifier characters, " = ", and a value without braces, quotes or gdb's warnings. Other
     * locals take the general path, which joins values printed over several lines.
     */
    boolean fastLocal() {
        if (!hasLastFrame || frameText != null || (state != State.THREAD && state != State.FRAME)) {
            return false;
        }
        byte[] b = lines.bytes();
        int from = lines.start();
        int to = lines.end();
        int i = skipBlanks(b, from, to);
        int nameStart = i;
        if (i == from || i >= to) {
            return false;
        }
        while (i < to && (Character.isLetterOrDigit(b[i]) || b[i] == '_' || b[i] == '$' || b[i] == '.')) {
            i++;
        }
        int nameEnd = i;
        if (nameEnd == nameStart || i + 3 >= to || b[i] != ' ' || b[i + 1] != '=' || b[i + 2] != ' ') {
            return false;
        }
        int valueStart = i + 3;
        int end = to;
        while (end > valueStart && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        if (end == valueStart || b[valueStart] == 'w') {
            return false; // "name = " (value on the next line) or "name = warning: ..."
        }
        for (int k = valueStart; k < end; k++) {
            byte c = b[k];
            if (c == '{' || c == '}' || c == '"' || c == '\'' || c < ' ') {
                return false;
            }
        }
        if (state == State.FRAME) {
            state = State.THREAD;
        }
        if (lastFrameLocals == null) {
            lastFrameLocals = new ArrayList<>();
        }
        lastFrameLocals.add(new Local(interner.intern(b, nameStart, nameEnd),
                new String(b, valueStart, end - valueStart, java.nio.charset.StandardCharsets.ISO_8859_1)));
        used++;
        return true;
    }

    /**
     * The hot path for the next line of a wrapped frame ("    timeout=499000000)", "    at util/x.c:12"):
     * the frame's text so far and this line are joined as the general path joins them and read by
     * {@link AsciiFrameLine}; when that reader does not accept the result (still incomplete, or an odd
     * shape), nothing has changed and the general path takes the line.
     */
    boolean fastContinuation() {
        if (state != State.FRAME || frames == null) {
            return false;
        }
        byte[] b = lines.bytes();
        int from = lines.start();
        int to = lines.end();
        int i = skipBlanks(b, from, to);
        int end = to;
        while (end > i && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        if (i >= end) {
            return false;
        }
        byte c = b[i];
        if (c == '#' || c == '>' || c == '(' || c == '-' || c == 'T' || b[end - 1] == '\\') {
            return false; // a frame, a quote, a prompt, a pager prompt, a header, a markdown break
        }
        String base;
        boolean open = frameText != null;
        if (open) {
            if (frameLineCount >= MAX_FRAME_LINES || (i > from && looksLikeLocal(asciiChars.of(b, from, to), i - from))) {
                return false;
            }
            base = frameText;
        } else {
            CharSequence text = asciiChars.of(b, from, to);
            boolean location = GdbFrameLine.startsWith(text, "at ", i - from)
                    || GdbFrameLine.startsWith(text, "from ", i - from);
            if (!location || !hasLastFrame || frames.lastHasLocation() || lastFrameLocals != null
                    || lastFrameText == null) {
                return false;
            }
            base = lastFrameText;
        }
        int baseEnd = base.length();
        while (baseEnd > 0 && base.charAt(baseEnd - 1) == ' ') {
            baseEnd--;
        }
        int len = baseEnd + 1 + (end - i);
        if (join.length < len) {
            join = new byte[Math.max(len, join.length * 2)];
        }
        for (int k = 0; k < baseEnd; k++) {
            char ch = base.charAt(k);
            if (ch >= 0x80) {
                return false;
            }
            join[k] = (byte) ch;
        }
        join[baseEnd] = ' ';
        System.arraycopy(b, i, join, baseEnd + 1, end - i);
        if (!GdbFrameLine.isFrameStart(base, 0) || !asciiFrameLine.parse(join, 0, len, frameLine)) {
            return false;
        }
        if (!open) {
            frames.removeLast();
            hasLastFrame = false;
        }
        used++;
        line = null;
        boolean located = frameLine.file != null || frameLine.library != null;
        frameText = located ? null : new String(join, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        addFrame();
        frameText = null;
        frameJoin = null;
        return true;
    }

    static int skipBlanks(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The hot path for the common thread header, read from the input's bytes. */
    boolean fastHeader() {
        byte[] b = lines.bytes();
        int from = lines.start();
        int to = lines.end();
        if (to - from < 12 || b[from] != 'T' || b[to - 1] != ':' || state == State.LOCAL
                || state == State.INFO_THREADS || state == State.STOP_LINE || (state == State.FRAME && frameText != null)) {
            return false;
        }
        ThreadIdentity id = ThreadIdentity.commonHeader(asciiChars.of(b, from, to));
        if (id == null) {
            return false;
        }
        beginHeader(id);
        return true;
    }

    /** The hot path for the blank line after each thread of a large listing, without making a String. */
    boolean fastBlank() {
        byte[] b = lines.bytes();
        for (int i = lines.start(); i < lines.end(); i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        if (state != State.THREAD && state != State.OUTSIDE && !(state == State.FRAME && frameText == null)) {
            return false;
        }
        finishPendingFrame();
        skip("blank");
        if (state == State.THREAD && frames != null && frames.count() > 0) {
            endThread();
        }
        return true;
    }
}
