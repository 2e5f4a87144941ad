package dev.btexplain.knowledge;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes decorations that do not change which function a frame is ({@code __GI_} aliases, symbol versions,
 * {@code @plt}, gcc's {@code .isra.0}-style clones), before lookup only: the printed name is never changed.
 * The lists are data: {@code knowledge/normalize/strip-prefixes.txt} and {@code strip-suffixes.txt}.
 */
public final class NameNormalizer {
    private final List<String> prefixes;
    private final List<Pattern> suffixes;

    NameNormalizer(List<String> prefixes, List<Pattern> suffixes) {
        this.prefixes = List.copyOf(prefixes);
        this.suffixes = List.copyOf(suffixes);
    }

    /** Longer names are not normalized: the patterns' loops recurse per group, and no real name is this long. */
    private static final int LONGEST_NAME = 8192;

    /**
     * The name without template or generic arguments: {@code CachedParkThread::block_on<tokio_server::main::{async_block_env#0}>}
     * → {@code CachedParkThread::block_on}, {@code posix_event::wait<scoped_lock>} → {@code posix_event::wait}. Knowledge names
     * a function once, whatever it was instantiated with. An {@code operator<}, {@code operator<<} or {@code operator->} keeps
     * its characters; a name whose brackets do not balance is returned as it is.
     */
    public static String withoutGenerics(String name) {
        return withGenericsAs(name, "");
    }

    /**
     * The name with each outermost list of template or generic arguments written as {@code stand}: "" for lookups, "&lt;T&gt;"
     * for a crash signature (Socorro's way: {@code std::vector<int>::push_back} → {@code std::vector<T>::push_back}).
     */
    public static String withGenericsAs(String name, String stand) {
        if (name.indexOf('<') < 0) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        int depth = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (depth == 0 && (c == '<' || c == '>' || c == '=' || c == '-') && endsWithOperator(name, i)) {
                b.append(c); // operator<, operator<<, operator<=, operator->: part of the name
                continue;
            }
            if (c == '<') {
                if (depth++ == 0) {
                    b.append(stand);
                }
            } else if (c == '>' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                b.append(c);
            }
        }
        return depth == 0 ? b.toString() : name;
    }

    /** The characters before index i end an operator's name: "operator", "operator<", "operator-". */
    private static boolean endsWithOperator(String name, int i) {
        int j = i;
        while (j > 0 && "<>=-".indexOf(name.charAt(j - 1)) >= 0 && i - j < 2) {
            j--;
        }
        return name.startsWith("operator", j - "operator".length());
    }

    /** "__GI___poll" → "__poll", "pthread_cond_wait@@GLIBC_2.3.2" → "pthread_cond_wait", "os::PlatformEvent::park(long)" → "os::PlatformEvent::park". */
    public String normalize(String name) {
        String n = name;
        for (String p : prefixes) {
            if (n.startsWith(p) && n.length() > p.length()) {
                n = n.substring(p.length());
            }
        }
        if (n.length() > LONGEST_NAME) {
            return n; // no function is named like this: a mangled or corrupted line, left as printed
        }
        for (Pattern s : suffixes) {
            if (!withoutSuffixes(n)) {
                n = s.matcher(n).replaceFirst("");
            }
        }
        return n;
    }

    /**
     * No suffix can apply: every suffix list entry holds '.', '@' or a parameter list, and other names skip the
     * patterns (the hot path; such a name is normalized at no cost worth remembering).
     */
    public boolean withoutSuffixes(String name) {
        return name.indexOf('.') < 0 && name.indexOf('@') < 0 && name.indexOf('(') < 0;
    }

    /** Nothing applies: the name is its own normalized form (most names: no copy made, nothing remembered). */
    public boolean unchanged(String name) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return false;
            }
        }
        return withoutSuffixes(name);
    }
}
