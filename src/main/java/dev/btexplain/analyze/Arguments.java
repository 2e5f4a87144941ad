package dev.btexplain.analyze;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code name=value} pairs of a frame's argument text, split at top-level commas:
 * {@code "ev=ev@entry=0x55d4c1b4a6e8 <rcu_call_ready_event>, f=<optimized out>"}. gdb's
 * {@code name@entry=} prefix (the value at entry, equal to the current one) is dropped.
 */
final class Arguments {
    private Arguments() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
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
                        add(out, text.substring(start, Math.min(i, text.length())).strip());
                        start = i + 1;
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    private static void add(Map<String, String> out, String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        String entry = name + "@entry=";
        if (value.startsWith(entry)) {
            value = value.substring(entry.length());
        }
        out.putIfAbsent(name, value);
    }

    /** A usable value: not {@code <optimized out>} and not empty. */
    static boolean known(String value) {
        return value != null && !value.isEmpty() && !value.startsWith("<optimized out>") && !value.equals("...");
    }
}
