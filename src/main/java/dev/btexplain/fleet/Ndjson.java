package dev.btexplain.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** NDJSON read from its bytes: its lines as a reader of text would number them, each line's top-level fields. */
public final class Ndjson {
    /** A report's text up to the size of the largest report read (Jackson's own limit on a string is 20 MB). */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength((int) FleetInput.MAX_REPORT_BYTES).build())
            .build());

    private Ndjson() {
    }

    /** What is done with each line of an NDJSON stream that is not blank: its number from 1, its fields (null: not JSON). */
    public interface Line {
        void accept(int number, Map<String, Field> fields);

        /** A line longer than the largest report ({@link FleetInput#MAX_REPORT_BYTES}), dropped as it was read: not JSON unless asked. */
        default void tooLong(int number) {
            accept(number, null);
        }

        /** Whether line {@code number} is read at all: a reader after a few lines of a large file skips the others' JSON. */
        default boolean wanted(int number) {
            return true;
        }

        /** True once no more lines are wanted: the stream is read no further. */
        default boolean done() {
            return false;
        }
    }

    /**
     * Each line of an NDJSON stream (ended by LF, CR LF or CR, as a reader of lines would) that is not blank, read from
     * its bytes: decoding each line into a String before its JSON cost a fleet as much as the JSON.
     */
    public static void read(InputStream in, Line each) throws IOException {
        read(in, each, FleetInput.MAX_REPORT_BYTES);
    }

    /** As {@link #read(InputStream, Line)}, lines longer than {@code maxLine} bytes dropped. */
    static void read(InputStream in, Line each, long maxLine) throws IOException {
        byte[] buf = new byte[1 << 16];
        int start = 0;
        int end = 0;
        int scanned = 0;
        int number = 0;
        boolean eof = false;
        boolean tooLong = false; // the line being read is past the limit: its bytes are dropped up to its end
        while (true) {
            int eol = lineEnd(buf, scanned, end);
            if (eol == end || buf[eol] == '\r' && eol + 1 == end && !eof) {
                if (eof) {
                    if (tooLong || end - start > maxLine) {
                        each.tooLong(++number);
                    } else if (start < end && each.wanted(++number)) {
                        line(buf, start, end, number, each);
                    }
                    return;
                }
                tooLong |= end - start > maxLine;
                if (tooLong) {
                    start = eol; // only a CR that may end the line (a LF may follow) is kept
                }
                // more input: keep the partial line at the front of a buffer with room
                int kept = end - start;
                if (kept > buf.length / 2) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                System.arraycopy(buf, start, buf, 0, kept);
                scanned = eol - start;
                end = kept;
                start = 0;
                int read = in.read(buf, end, buf.length - end);
                if (read < 0) {
                    eof = true;
                } else {
                    end += read;
                }
                continue;
            }
            if (tooLong || eol - start > maxLine) {
                each.tooLong(++number);
                tooLong = false;
            } else if (each.wanted(++number)) {
                line(buf, start, eol, number, each);
            }
            if (each.done()) {
                return;
            }
            start = buf[eol] == '\r' && eol + 1 < end && buf[eol + 1] == '\n' ? eol + 2 : eol + 1;
            scanned = start;
        }
    }

    /** The first LF or CR from {@code i}, or {@code end}: eight bytes at a time. */
    private static int lineEnd(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            long ends = zeroBytes(w ^ '\n' * LOW_BITS) | zeroBytes(w ^ '\r' * LOW_BITS);
            if (ends != 0) {
                return i + (Long.numberOfTrailingZeros(ends) >>> 3);
            }
        }
        while (i < end && b[i] != '\n' && b[i] != '\r') {
            i++;
        }
        return i;
    }

    private static void line(byte[] buf, int from, int to, int number, Line each) {
        int i = from;
        while (i < to && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\f' || buf[i] == 0x0b)) {
            i++;
        }
        if (i == to) {
            return; // blank
        }
        Map<String, Field> fields = plainObject(buf, from, to);
        try {
            fields = fields != null ? fields : fields(JSON.getFactory().createParser(buf, from, to - from));
        } catch (IOException e) {
            try {
                // invalid UTF-8 inside a report: read as a reader of text would, with replacement characters
                fields = fields(new String(buf, from, to - from, StandardCharsets.UTF_8));
            } catch (IOException stillBroken) {
                fields = null;
            }
        }
        each.accept(number, fields);
    }

    /**
     * A top-level field's value as text (a number's digits, an object or array as ""), and whether it was a string. A
     * string read straight from a line's bytes is kept as its UTF-8 bytes, its text made only when asked: a report's
     * text, decoded into a String and encoded back for its parse, cost a fleet a tenth of its reading.
     */
    public static final class Field {
        private String text;
        private final byte[] utf8;
        private final boolean string;

        public Field(String text, boolean string) {
            this.text = text;
            this.utf8 = null;
            this.string = string;
        }

        private Field(byte[] utf8) {
            this.utf8 = utf8;
            this.string = true;
        }

        public String text() {
            if (text == null) {
                text = new String(utf8, StandardCharsets.UTF_8);
            }
            return text;
        }

        /** The value as UTF-8, as it would be encoded from {@link #text()}. */
        public byte[] utf8() {
            return utf8 != null ? utf8 : text().getBytes(StandardCharsets.UTF_8);
        }

        public boolean string() {
            return string;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Field f && f.string == string && f.text().equals(text());
        }

        @Override
        public int hashCode() {
            return text().hashCode();
        }

        @Override
        public String toString() {
            return (string ? "string " : "") + text();
        }
    }

    /**
     * The top-level fields of one NDJSON line, JSON null as none, read by Jackson's streaming parser (a tree per line
     * cost a fleet more than some reports' signing). Not an object: no fields. Broken JSON: an IOException.
     */
    public static Map<String, Field> fields(String line) throws IOException {
        return fields(JSON.getFactory().createParser(line));
    }

    private static Map<String, Field> fields(JsonParser parser) throws IOException {
        Map<String, Field> out = new HashMap<>();
        try (JsonParser p = parser) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    out.put(name, new Field("", false));
                } else if (v == JsonToken.VALUE_NULL) {
                    out.remove(name);
                } else {
                    out.put(name, new Field(p.getText(), v == JsonToken.VALUE_STRING));
                }
            }
        }
        return out;
    }

    /**
     * The fields of a line that is a plain object, read straight from its bytes: an object whose values are strings or
     * null, its keys and strings plain (ASCII only, no control character, escapes of ASCII characters only). Null for
     * any other line, which Jackson reads: Jackson decoding a report's text into a String, and its parse encoding it
     * back, was most of a fleet's reading. What Jackson would make of a plain line, this makes of it.
     */
    static Map<String, Field> plainObject(byte[] b, int from, int to) {
        int i = space(b, from, to);
        if (i == to || b[i] != '{') {
            return null;
        }
        Map<String, Field> out = new HashMap<>();
        i = space(b, i + 1, to);
        if (i < to && b[i] == '}') {
            return out;
        }
        byte[] text = new byte[to - from]; // each string undone at its own place: none is longer than it was
        while (true) {
            long key = plainString(b, i, to, text, i - from);
            if (key < 0) {
                return null;
            }
            String name = new String(text, i - from, length(key), StandardCharsets.ISO_8859_1);
            i = space(b, close(key) + 1, to);
            if (i == to || b[i] != ':') {
                return null;
            }
            i = space(b, i + 1, to);
            if (i + 4 <= to && b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l') {
                out.remove(name);
                i += 4;
            } else if (i < to && b[i] == '"') {
                long value = plainString(b, i, to, text, i - from);
                if (value < 0) {
                    return null;
                }
                out.put(name, new Field(java.util.Arrays.copyOfRange(text, i - from, i - from + length(value))));
                i = close(value) + 1;
            } else {
                int end = literalEnd(b, i, to);
                if (end < 0) {
                    return null; // an object or an array, or not JSON
                }
                out.put(name, new Field(new String(b, i, end - i, StandardCharsets.ISO_8859_1), false));
                i = end;
            }
            i = space(b, i, to);
            if (i < to && b[i] == '}') {
                return out; // what follows the object is not looked at, as Jackson does not
            }
            if (i == to || b[i] != ',') {
                return null;
            }
            i = space(b, i + 1, to);
        }
    }

    /**
     * The end of the number, true or false at {@code i}, as JSON writes them (Jackson's text of such a value is these
     * bytes), or -1.
     */
    private static int literalEnd(byte[] b, int i, int to) {
        for (String word : new String[] {"true", "false"}) {
            if (to - i >= word.length() && new String(b, i, word.length(), StandardCharsets.ISO_8859_1).equals(word)) {
                return i + word.length();
            }
        }
        int at = i < to && b[i] == '-' ? i + 1 : i;
        if (at == to || b[at] < '0' || b[at] > '9') {
            return -1;
        }
        at = b[at] == '0' ? at + 1 : digits(b, at, to);
        if (at < to && b[at] == '.') {
            int fraction = digits(b, at + 1, to);
            if (fraction == at + 1) {
                return -1;
            }
            at = fraction;
        }
        if (at < to && (b[at] == 'e' || b[at] == 'E')) {
            int sign = at + 1 < to && (b[at + 1] == '+' || b[at + 1] == '-') ? at + 2 : at + 1;
            int exponent = digits(b, sign, to);
            if (exponent == sign) {
                return -1;
            }
            at = exponent;
        }
        return at;
    }

    private static int digits(byte[] b, int i, int to) {
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** The first byte from {@code i} that is not JSON's white space, or {@code to}. */
    private static int space(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    /**
     * The plain JSON string whose opening quote is {@code line[quote]}, its escapes undone, written to {@code into} from
     * {@code from}; where it ends and its length, in one long ({@link #close}, {@link #length}); -1 when there is no such
     * string there.
     */
    private static long plainString(byte[] line, int quote, int end, byte[] into, int from) {
        if (quote >= end || line[quote] != '"') {
            return -1;
        }
        int length = 0;
        int i = quote + 1;
        while (true) {
            int at = nextSpecial(line, i, end);
            System.arraycopy(line, i, into, from + length, at - i);
            length += at - i;
            if (at == end || line[at] != '\\') {
                // the closing quote; or a control character, a byte past ASCII, no closing quote: Jackson says what it is
                return at < end && line[at] == '"' ? (long) length << 32 | at : -1;
            }
            int c = at + 1 < end ? escaped(line, at + 1, end) : -1;
            if (c < 0 || c >= 0x80) {
                return -1; // an escape of a character past ASCII may be half of a pair
            }
            into[from + length++] = (byte) c;
            i = at + (line[at + 1] == 'u' ? 6 : 2);
        }
    }

    /** Where a string {@link #plainString} read ends: its closing quote. */
    private static int close(long string) {
        return (int) string;
    }

    /** The length of a string {@link #plainString} read, its escapes undone. */
    private static int length(long string) {
        return (int) (string >>> 32);
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
            java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * The first byte from {@code i} that a JSON string's plain run ends at (a quote, a backslash, a control character, a
     * byte past ASCII), or {@code end}: eight bytes at a time (a byte at a time cost a fleet's reading as much as Jackson).
     */
    private static int nextSpecial(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            // bytes below 0x20 or from 0x80, quotes, backslashes: the lowest flagged byte is always a true one
            long special = (w - 0x20 * LOW_BITS | w | zeroBytes(w ^ '"' * LOW_BITS) | zeroBytes(w ^ '\\' * LOW_BITS)) & HIGH_BITS;
            if (special != 0) {
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
        }
        for (; i < end; i++) {
            byte x = b[i];
            if (x < 0x20 || x == '"' || x == '\\') {
                return i;
            }
        }
        return end;
    }

    /** The high bit of each zero byte of {@code w} set (and maybe of a byte above one). */
    private static long zeroBytes(long w) {
        return (w - LOW_BITS) & ~w & HIGH_BITS;
    }

    /** The character the escape whose letter is {@code line[at]} stands for, or -1 when it is not one. */
    private static int escaped(byte[] line, int at, int end) {
        return switch (line[at]) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> at + 4 < end ? hex4(line, at + 1) : -1;
            default -> -1;
        };
    }

    /** The value of four hex digits at {@code at}, or -1. */
    private static int hex4(byte[] b, int at) {
        int v = 0;
        for (int k = at; k < at + 4; k++) {
            int d = Character.digit(b[k], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
