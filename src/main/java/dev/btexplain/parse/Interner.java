package dev.btexplain.parse;

import java.util.Arrays;

/**
 * Shares one String per distinct function, file and library name: a 75,000-thread trace repeats a few
 * hundred names millions of times. Looks up a region of a line without creating a substring first
 * (open addressing over the region's hash), as async-profiler's {@code Index} does for frame names.
 */
final class Interner {
    private static final int MAX_ENTRIES = 1 << 20;
    private String[] table = new String[1 << 12];
    private int size;

    String intern(String s, int from, int to) {
        int len = to - from;
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
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
        String value = s.substring(from, to);
        if (size >= MAX_ENTRIES) {
            return value; // a pathological input with millions of distinct names: stop sharing, stay bounded
        }
        table[slot] = value;
        if (++size * 2 > table.length) {
            grow();
        }
        return value;
    }

    private void grow() {
        String[] old = table;
        table = new String[old.length * 2];
        int mask = table.length - 1;
        for (String e : old) {
            if (e != null) {
                int slot = mix(e.hashCode()) & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = e;
            }
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) * 0x45d9f3b;
    }

    void clear() {
        Arrays.fill(table, null);
        size = 0;
    }
}
