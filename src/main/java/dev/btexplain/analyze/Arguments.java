package dev.btexplain.analyze;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code name=value} pairs of a frame's argument text, split at top-level commas:
 * {@code "ev=ev@entry=0x55d4c1b4a6e8 <rcu_call_ready_event>, f=<optimized out>"}. gdb's
 * {@code name@entry=} prefix (the value at entry, equal to the current one) is dropped.
 */
final class Arguments {
    private Arguments() {
    }

    static Map<String, String> parse(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Pairs out = new Pairs();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(', '{', '[' -> depth++;
                case ')', '}', ']' -> depth--;
                case ',' -> {
                    if (depth <= 0) {
                        out.add(text, start, Math.min(i, text.length()));
                        start = i + 1;
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    /**
     * The pairs in printed order, in one array: a frame has a few arguments, and a large listing parses those of a
     * few frames of every thread (a map of entries per frame was most of what the analysis allocated).
     */
    private static final class Pairs extends AbstractMap<String, String> {
        private String[] pairs = new String[8];
        private int size;

        /** The pair text[from, to) ("name=value", spaces around either ignored); the first of a name counts. */
        void add(String text, int from, int to) {
            int eq = text.indexOf('=', from);
            if (eq < 0 || eq >= to) {
                return;
            }
            int nameFrom = skipSpaces(text, from, eq);
            int nameTo = trimSpaces(text, nameFrom, eq);
            if (nameTo == nameFrom) {
                return;
            }
            String name = text.substring(nameFrom, nameTo);
            if (get(name) != null) {
                return;
            }
            int valueFrom = skipSpaces(text, eq + 1, to);
            // gdb's name@entry= prefix: the value at entry, equal to the current one
            if (text.startsWith(name, valueFrom) && text.startsWith("@entry=", valueFrom + name.length())) {
                valueFrom += name.length() + "@entry=".length();
            }
            String value = text.substring(valueFrom, Math.max(valueFrom, trimSpaces(text, valueFrom, to)));
            if (size == pairs.length) {
                pairs = java.util.Arrays.copyOf(pairs, 2 * size);
            }
            pairs[size++] = name;
            pairs[size++] = value;
        }

        @Override
        public String get(Object key) {
            for (int i = 0; i < size; i += 2) {
                if (pairs[i].equals(key)) {
                    return pairs[i + 1];
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        /** The pairs in printed order, read from the array (a set hashing each entry on every call was 7 % of a hang's analysis). */
        @Override
        public Set<Entry<String, String>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Entry<String, String>> iterator() {
                    return new java.util.Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, String> next() {
                            if (next >= size) {
                                throw new java.util.NoSuchElementException();
                            }
                            next += 2;
                            return new SimpleImmutableEntry<>(pairs[next - 2], pairs[next - 1]);
                        }
                    };
                }

                @Override
                public int size() {
                    return size / 2;
                }
            };
        }
    }

    private static int skipSpaces(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimSpaces(String text, int from, int to) {
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /** A usable value: not {@code <optimized out>} and not empty. */
    static boolean known(String value) {
        return value != null && !value.isEmpty() && !value.startsWith("<optimized out>") && !value.equals("...");
    }

    /** A null pointer as debuggers print it: gdb's "0x0", LLDB's "0x0000000000000000". */
    static boolean nullPointer(String value) {
        if (value == null || !value.startsWith("0x") || value.length() < 3) {
            return false;
        }
        for (int i = 2; i < value.length(); i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
