package dev.btexplain.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.parse.Words;
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
            long w = Words.read(b, i);
            long ends = Words.zeroBytes(w ^ '\n' * Words.LOW_BITS) | Words.zeroBytes(w ^ '\r' * Words.LOW_BITS);
            if (ends != 0) {
                return Words.first(i, ends);
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
        Map<String, Field> fields = PlainJson.object(buf, from, to);
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
     * text is not decoded into a String for its parse to encode back.
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

        Field(byte[] utf8) {
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
}
