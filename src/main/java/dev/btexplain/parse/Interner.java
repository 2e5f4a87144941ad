package dev.btexplain.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Shares one String per distinct function, file and library name: a 75,000-thread trace repeats a few
 * hundred names millions of times. Looks up a region of a line (chars of a String, or ASCII bytes of the
 * input buffer) without creating a substring first, by the region's String hash and an exact comparison,
 * as async-profiler's {@code Index} does for frame names.
 */
final class Interner {
    private static final int MAX_ENTRIES = 1 << 20;
    private String[] table = new String[1 << 12];
    /** The ASCII bytes of each entry (null for an entry with other characters), for byte-region lookups. */
    private byte[][] asciiBytes = new byte[1 << 12][];
    private int size;

    String intern(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return intern(s, from, to, h);
    }

    /** As {@link #intern(String, int, int)}, with the region's String hash already computed by the caller's scan. */
    String intern(String s, int from, int to, int h) {
        int len = to - from;
        int mask = table.length - 1;
        int slot = mix(h) & mask;
        while (true) {
            String e = table[slot];
            if (e == null) {
                break;
            }
            if (e.length() == len && e.regionMatches(0, s, from, len)) {
                return e;
            }
            slot = (slot + 1) & mask;
        }
        return add(slot, s.substring(from, to));
    }

    /** The String for ASCII bytes {@code b[from, to)} whose String hash is {@code h}. */
    String intern(byte[] b, int from, int to, int h) {
        int len = to - from;
        int mask = table.length - 1;
        int slot = mix(h) & mask;
        while (true) {
            String e = table[slot];
            if (e == null) {
                break;
            }
            byte[] eb = asciiBytes[slot];
            if (eb != null && eb.length == len && Arrays.equals(eb, 0, len, b, from, to)) {
                return e;
            }
            slot = (slot + 1) & mask;
        }
        return add(slot, new String(b, from, len, StandardCharsets.ISO_8859_1));
    }

    private String add(int slot, String value) {
        if (size >= MAX_ENTRIES) {
            return value; // a pathological input with millions of distinct names: stop sharing, stay bounded
        }
        table[slot] = value;
        asciiBytes[slot] = asciiBytesOf(value);
        if (++size * 2 > table.length) {
            grow();
        }
        return value;
    }

    private static byte[] asciiBytesOf(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return null;
            }
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void grow() {
        String[] old = table;
        byte[][] oldBytes = asciiBytes;
        table = new String[old.length * 2];
        asciiBytes = new byte[old.length * 2][];
        int mask = table.length - 1;
        for (int k = 0; k < old.length; k++) {
            String e = old[k];
            if (e != null) {
                int slot = mix(e.hashCode()) & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = e;
                asciiBytes[slot] = oldBytes[k];
            }
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) * 0x45d9f3b;
    }
}
