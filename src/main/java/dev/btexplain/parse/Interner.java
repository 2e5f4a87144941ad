package dev.btexplain.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Shares one String per distinct function, file and library name: a 75,000-thread trace repeats a few
 * hundred names millions of times. Looks up a region of a line (chars of a String, or ASCII bytes of the
 * input buffer) without creating a substring first, by a constant-time hash and an exact comparison, as
 * async-profiler's {@code Index} does for frame names.
 */
final class Interner {
    private static final int MAX_ENTRIES = 1 << 20;
    /**
     * Names this thread's earlier parses made, one per slot by hash (a later name in the slot replaces the earlier): a
     * fleet's reports repeat the same few thousand names, and a name that is the same String from report to report is
     * hashed once, and found by identity in the knowledge's and the signer's caches. Names longer than
     * {@link #RECENT_LONGEST} are not kept, so that the slots stay small.
     */
    private static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);
    private static final int RECENT_SLOTS = 1 << 13;
    private static final int RECENT_LONGEST = 256;

    private static final class Recent {
        final String[] names = new String[RECENT_SLOTS];
        final byte[][] bytes = new byte[RECENT_SLOTS][];
    }

    private final Recent recent = RECENT.get();
    private String[] table = new String[1 << 7];
    /** The ASCII bytes of each entry (null for an entry with other characters), for byte-region lookups. */
    private byte[][] asciiBytes = new byte[1 << 7][];
    private int size;

    String intern(String s, int from, int to) {
        int h = hash(s, from, to);
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
        int r = h & (RECENT_SLOTS - 1);
        String known = recent.names[r];
        if (known != null && known.length() == len && known.regionMatches(0, s, from, len)) {
            return add(slot, known, recent.bytes[r]);
        }
        return addNew(slot, r, s.substring(from, to));
    }

    /** The String for the ASCII bytes {@code b[from, to)}. */
    String intern(byte[] b, int from, int to) {
        int h = hash(b, from, to);
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
        int r = h & (RECENT_SLOTS - 1);
        byte[] known = recent.bytes[r];
        if (known != null && known.length == len && Arrays.equals(known, 0, len, b, from, to)) {
            return add(slot, recent.names[r], known);
        }
        return addNew(slot, r, new String(b, from, len, StandardCharsets.ISO_8859_1));
    }

    /** A name this thread had not kept: entered, and kept in its slot {@code r} for later parses unless it is long. */
    private String addNew(int slot, int r, String name) {
        byte[] ascii = asciiBytesOf(name);
        if (name.length() <= RECENT_LONGEST) {
            recent.names[r] = name;
            recent.bytes[r] = ascii;
        }
        return add(slot, name, ascii);
    }

    /** {@code value} entered at {@code slot}, with its ASCII bytes (null: it has other characters). */
    private String add(int slot, String value, byte[] ascii) {
        if (size >= MAX_ENTRIES) {
            return value; // a pathological input with millions of distinct names: stop sharing, stay bounded
        }
        table[slot] = value;
        asciiBytes[slot] = ascii;
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
                int slot = mix(hash(e, 0, e.length())) & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = e;
                asciiBytes[slot] = oldBytes[k];
            }
        }
    }

    /**
     * The length and the first and last eight characters, read as two words: constant time whatever the
     * name's length (C++ names run to hundreds of characters), and the full comparison settles collisions.
     * Equal for a String and its ASCII bytes.
     */
    static int hash(byte[] b, int from, int to) {
        int len = to - from;
        long h = len;
        if (len >= 8) {
            h = (h * 0x9E3779B97F4A7C15L) ^ Words.read(b, from);
            h = (h * 0x9E3779B97F4A7C15L) ^ Words.read(b, to - 8);
        } else {
            for (int i = from; i < to; i++) {
                h = h * 31 + b[i];
            }
        }
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    static int hash(String s, int from, int to) {
        int len = to - from;
        long h = len;
        if (len >= 8) {
            h = (h * 0x9E3779B97F4A7C15L) ^ word(s, from);
            h = (h * 0x9E3779B97F4A7C15L) ^ word(s, to - 8);
        } else {
            for (int i = from; i < to; i++) {
                h = h * 31 + (byte) s.charAt(i);
            }
        }
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Eight characters as the little-endian word their bytes would make (the low byte of each char). */
    private static long word(String s, int at) {
        long w = 0;
        for (int k = 7; k >= 0; k--) {
            w = (w << 8) | (s.charAt(at + k) & 0xff);
        }
        return w;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) * 0x45d9f3b;
    }
}
