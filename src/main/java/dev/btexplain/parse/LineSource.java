package dev.btexplain.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Numbered lines from a byte stream, read once and in bounded memory.
 *
 * <p>It repairs what is below the level of any backtrace grammar: CRLF and CR line ends, non-breaking
 * spaces (and their double-encoded mojibake "Â\u00A0", C3 82 C2 A0), invalid UTF-8 (replaced by U+FFFD and
 * counted), NUL bytes (the line is flagged binary), lines longer than {@link #MAX_LINE_BYTES} (cut and
 * counted) and inputs longer than the byte limit (reading stops and {@link #limitReached()} says so).
 * Grammar-level repairs (wrapped frames, pager prompts) belong to the parsers.
 *
 * <p>Hot path: one pass over a reused byte buffer; pure-ASCII lines become Latin-1 strings without a decoder.
 */
public final class LineSource implements AutoCloseable {
    /** Longest line kept; a longer one is cut here (a frame line is rarely over a few KiB). */
    public static final int MAX_LINE_BYTES = 1 << 20;
    private static final int BUFFER_BYTES = 2 * MAX_LINE_BYTES;
    /** The buffer's first size: a small input (a paste, one of a fleet's reports) does not clear 2 MiB. */
    private static final int FIRST_BUFFER_BYTES = 64 * 1024;

    private static final long NEWLINES = '\n' * Words.LOW_BITS;
    private static final long RETURNS = '\r' * Words.LOW_BITS;

    private final InputStream in;
    private final long maxBytes;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long bytesRead;
    private boolean limitReached;
    private final CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private int lineNumber;
    private int lineStart;
    private int lineEnd;
    private boolean ascii;
    private String text;
    private boolean binary;
    private boolean invalidUtf8;
    private boolean overlong;
    private boolean endedWithoutNewline;

    private long invalidUtf8Lines;

    /**
     * @param in       the input; not closed by this class unless {@link #close()} is called
     * @param maxBytes stop reading after this many bytes (the rest is reported, not silently ignored)
     */
    public LineSource(InputStream in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        int known;
        try {
            known = in.available(); // all of a text in memory, a file's size; else what is buffered (the buffer grows)
        } catch (IOException e) {
            known = 0;
        }
        // + 1: the end of the input is seen without a second read; a file over 2 GB says Integer.MAX_VALUE. A stream
        // that says nothing (a pipe) starts with 4 KiB; the buffer doubles whenever the input fills it.
        this.buf = new byte[known > 0 ? Math.max(256, Math.min(FIRST_BUFFER_BYTES - 1, known) + 1) : 4096];
    }

    /**
     * Lines of a text in memory. One shorter than the longest line ({@link #MAX_LINE_BYTES}, so that none is cut) is read
     * where it is, not copied into a buffer first (a fleet's reports are each read so); the lines are the same.
     */
    public static LineSource of(byte[] input, long maxBytes) {
        return input.length < MAX_LINE_BYTES ? new LineSource(input, maxBytes) : new LineSource(new java.io.ByteArrayInputStream(input), maxBytes);
    }

    private LineSource(byte[] input, long maxBytes) {
        this.in = InputStream.nullInputStream();
        this.maxBytes = maxBytes;
        this.buf = input; // only read: the parsers read a line's bytes and never write them
        this.limit = (int) Math.min(input.length, maxBytes);
        this.bytesRead = limit;
        this.limitReached = input.length > maxBytes;
        this.eof = true;
    }

    /** Lines returned so far. */
    public int linesRead() {
        return lineNumber;
    }

    /** The next line without its line end, or null at the end of the input. */
    public String next() throws IOException {
        return advance() ? text() : null;
    }

    /**
     * Moves to the next line; false at the end of the input. The line is then available as {@link #text()},
     * and, when {@link #isAscii()}, as the bytes {@link #bytes()}[{@link #start()}, {@link #end()}) without
     * making a String (the parsers' hot path reads frame lines that way). The bytes are valid until the next call.
     */
    public boolean advance() throws IOException {
        if ((lineNumber & 0xFFF) == 0 && Thread.currentThread().isInterrupted()) {
            // a server request past its time limit: its parse stops instead of keeping a core busy
            throw new java.io.InterruptedIOException("interrupted after " + lineNumber + " lines");
        }
        text = null;
        binary = false;
        invalidUtf8 = false;
        overlong = false;
        int start = pos;
        int scan = pos;
        boolean nonAscii = false;
        boolean nul = false;
        while (true) {
            // Look for the line end in what is buffered, eight bytes at a time; track NUL and non-ASCII bytes.
            int end = -1;
            int i = scan;
            while (i + 8 <= limit) {
                long w = Words.read(buf, i);
                long nl = Words.zeroBytes(w ^ NEWLINES) | Words.zeroBytes(w ^ RETURNS);
                if (nl != 0) {
                    break; // a line end (or a CR) in these eight bytes: the byte loop below finds which
                }
                if ((w & Words.HIGH_BITS) != 0) {
                    nonAscii = true;
                }
                if (Words.zeroBytes(w) != 0) {
                    nul = true;
                }
                i += 8;
            }
            boolean needMore = false;
            for (; i < limit; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    end = i;
                    break;
                }
                if (b == '\r') {
                    // CR LF ends a line at the LF; a CR alone (old Mac, some terminals' pastes) ends one by itself
                    if (i + 1 < limit) {
                        if (buf[i + 1] != '\n') {
                            end = i;
                            break;
                        }
                        continue;
                    }
                    if (!eof) {
                        needMore = true; // what follows the CR is not read yet
                        break;
                    }
                    end = i;
                    break;
                }
                if (b < 0) {
                    nonAscii = true;
                } else if (b == 0) {
                    nul = true;
                }
            }
            if (end >= 0) {
                pos = end + 1;
                return finishLine(start, end, nonAscii, nul, false);
            }
            if (eof && !needMore) {
                if (start == limit) {
                    return false;
                }
                pos = limit;
                endedWithoutNewline = true;
                return finishLine(start, limit, nonAscii, nul, false);
            }
            if (limit - start >= MAX_LINE_BYTES) {
                // Overlong: keep the first MAX_LINE_BYTES, drop the rest of this line.
                int cut = start + MAX_LINE_BYTES;
                finishLine(start, cut, nonAscii, nul, true);
                text(); // the buffer is about to be reused: only the text stays valid, not the bytes
                ascii = false;
                skipRestOfLine(cut);
                return true;
            }
            int kept = limit - start;
            int rescan = needMore ? i - start : kept; // a CR at the end of the buffer is looked at again with what follows
            compactAndFill(start);
            start = 0;
            scan = rescan;
        }
    }

    private void skipRestOfLine(int from) throws IOException {
        pos = from;
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return;
                }
            }
            pos = limit;
            if (eof) {
                return;
            }
            compactAndFill(pos);
        }
    }

    private void compactAndFill(int keepFrom) throws IOException {
        int kept = limit - keepFrom;
        if (limit == buf.length && buf.length < BUFFER_BYTES) {
            buf = java.util.Arrays.copyOf(buf, Math.min(BUFFER_BYTES, 2 * buf.length)); // the input fills a buffer: a larger one
        }
        System.arraycopy(buf, keepFrom, buf, 0, kept);
        limit = kept;
        pos = 0;
        while (limit < buf.length && !eof) {
            long allowed = maxBytes - bytesRead;
            if (allowed <= 0) {
                limitReached = in.read() != -1;
                eof = true;
                break;
            }
            int n = in.read(buf, limit, (int) Math.min(buf.length - limit, allowed));
            if (n < 0) {
                eof = true;
                break;
            }
            limit += n;
            bytesRead += n;
        }
    }

    private boolean finishLine(int start, int end, boolean nonAscii, boolean nul, boolean cut) {
        lineNumber++;
        if (end > start && buf[end - 1] == '\r') {
            end--;
        }
        if (cut) {
            overlong = true;
        }
        if (nul) {
            binary = true;
        }
        lineStart = start;
        lineEnd = end;
        ascii = !nonAscii;
        if (nonAscii) {
            text(); // decode now: invalid UTF-8 must be known before the parser looks at the line
        }
        return true;
    }

    /** The current line as text: CRs made spaces, non-breaking spaces repaired, bad UTF-8 replaced. */
    public String text() {
        if (text != null) {
            return text;
        }
        if (ascii) {
            text = stripCarriageReturns(new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1));
            return text;
        }
        try {
            text = strictUtf8.decode(ByteBuffer.wrap(buf, lineStart, lineEnd - lineStart)).toString();
        } catch (CharacterCodingException e) {
            invalidUtf8 = true;
            invalidUtf8Lines++;
            text = new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
        }
        text = repairSpaces(stripCarriageReturns(text));
        return text;
    }

    /**
     * The current line holds only ASCII bytes, so {@link #bytes()} may be read directly. False for a line cut
     * at {@link #MAX_LINE_BYTES}: its bytes are gone once the rest of it was skipped.
     */
    public boolean isAscii() {
        return ascii;
    }

    public byte[] bytes() {
        return buf;
    }

    public int start() {
        return lineStart;
    }

    public int end() {
        return lineEnd;
    }

    /** Old Mac line ends or stray CRs inside a line become spaces; gdb never prints a CR of its own. */
    private static String stripCarriageReturns(String s) {
        return s.indexOf('\r') < 0 ? s : s.replace('\r', ' ');
    }

    /** "#0Â\u00A0 0x..." (a non-breaking space encoded twice) and plain NBSP both mean a space. */
    static String repairSpaces(String s) {
        if (s.indexOf('\u00A0') < 0) {
            return s;
        }
        return s.replace("\u00C2\u00A0", " ").replace('\u00A0', ' ');
    }

    /** 1-based number of the line last returned by {@link #next()}. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The last line held a NUL byte: binary data rather than text. */
    public boolean lineIsBinary() {
        return binary;
    }

    /** The last line was not valid UTF-8; bad bytes became U+FFFD. */
    public boolean lineHadInvalidUtf8() {
        return invalidUtf8;
    }

    /** The last line was longer than {@link #MAX_LINE_BYTES} and was cut. */
    public boolean lineWasCut() {
        return overlong;
    }

    /** The input's last line had no line end (the input may have been cut mid-line). */
    public boolean endedWithoutNewline() {
        return endedWithoutNewline;
    }

    public long bytesRead() {
        return bytesRead;
    }

    /** What every parser says when reading stopped at the byte limit. */
    static String limitMessage(long bytesRead) {
        return "stopped reading after " + bytesRead + " bytes (the input size limit); the rest of the input was not read";
    }

    /** Reading stopped at the byte limit with input left over. */
    public boolean limitReached() {
        return limitReached;
    }

    public long invalidUtf8Lines() {
        return invalidUtf8Lines;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

}
