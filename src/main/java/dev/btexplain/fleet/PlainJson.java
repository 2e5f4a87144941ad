package dev.btexplain.fleet;

import dev.btexplain.parse.Words;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An NDJSON line read without Jackson when it is plain: an object whose values are strings, numbers, true, false or
 * null, its keys and strings ASCII only, with no control character and escapes of ASCII characters only. What Jackson
 * makes of such a line, this makes of it (NdjsonTest compares the two); any other line is Jackson's. Jackson decoding
 * each report's text into a String, which its parse encoded back, was a third of a fleet's reading past gunzip.
 */
final class PlainJson {
    private PlainJson() {
    }

    /**
     * The fields of a line that is a plain object, read straight from its bytes; null for any other line, which
     * Jackson reads.
     */
    static Map<String, Ndjson.Field> object(byte[] b, int from, int to) {
        int i = space(b, from, to);
        if (i == to || b[i] != '{') {
            return null;
        }
        Map<String, Ndjson.Field> out = new HashMap<>();
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
                out.put(name, new Ndjson.Field(java.util.Arrays.copyOfRange(text, i - from, i - from + length(value))));
                i = close(value) + 1;
            } else {
                int end = literalEnd(b, i, to);
                if (end < 0) {
                    return null; // an object or an array, or not JSON
                }
                out.put(name, new Ndjson.Field(new String(b, i, end - i, StandardCharsets.ISO_8859_1), false));
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
        for (byte[] word : WORDS) {
            if (to - i >= word.length && java.util.Arrays.equals(b, i, i + word.length, word, 0, word.length)) {
                return i + word.length;
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

    private static final byte[][] WORDS = {"true".getBytes(StandardCharsets.US_ASCII), "false".getBytes(StandardCharsets.US_ASCII)};

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

    /**
     * The first byte from {@code i} that a JSON string's plain run ends at (a quote, a backslash, a control character, a
     * byte past ASCII), or {@code end}: eight bytes at a time (a byte at a time, the reading took twice as long as Jackson's).
     */
    private static int nextSpecial(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long w = Words.read(b, i);
            // bytes below 0x20 or from 0x80, quotes, backslashes: the lowest flagged byte is always a true one
            long special = (w - 0x20 * Words.LOW_BITS | w | Words.zeroBytes(w ^ '"' * Words.LOW_BITS)
                    | Words.zeroBytes(w ^ '\\' * Words.LOW_BITS)) & Words.HIGH_BITS;
            if (special != 0) {
                return Words.first(i, special);
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
