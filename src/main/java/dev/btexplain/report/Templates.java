package dev.btexplain.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one filler of the packs' sentence templates ("{who} waits in {wait}{timeout}"): a thread's explanation, a
 * pack's check. A placeholder the caller has no value for is printed as written.
 */
final class Templates {
    /** Each template cut at its placeholders once: a large listing fills the same few templates per thread. */
    private static final Map<String, List<String>> PARTS = new ConcurrentHashMap<>();

    private Templates() {
    }

    /** The template with each "{name}" replaced by {@code values.apply("{name}")}, or kept when that is null. */
    static String fill(String template, Function<String, String> values) {
        StringBuilder text = new StringBuilder(template.length() + 64);
        for (String part : parts(template)) {
            String value = isPlaceholder(part) ? values.apply(part) : null;
            text.append(value == null ? part : value);
        }
        return text.toString();
    }

    private static List<String> parts(String template) {
        return PARTS.computeIfAbsent(template, t -> {
            List<String> parts = new ArrayList<>();
            int from = 0;
            for (int open = t.indexOf('{'); open >= 0; open = t.indexOf('{', from)) {
                int close = t.indexOf('}', open);
                if (close < 0) {
                    break;
                }
                parts.add(t.substring(from, open));
                parts.add(t.substring(open, close + 1));
                from = close + 1;
            }
            parts.add(t.substring(from));
            return List.copyOf(parts);
        });
    }

    private static boolean isPlaceholder(String part) {
        return part.length() > 2 && part.charAt(0) == '{' && part.charAt(part.length() - 1) == '}';
    }
}
