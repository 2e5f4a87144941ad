package dev.btexplain.knowledge;

import dev.btexplain.model.Frame;
import dev.btexplain.model.SourceRef;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which knowledge library a frame belongs to, from the library gdb printed ("from /lib/.../libc.so.6") or
 * its source file ("../sysdeps/..."), so that a name of one project does not match another's entry
 * (satyr pairs a function with its file for the same reason). Data: the {@code library} of each pack.json.
 */
public final class LibraryMap {
    /** One library (a pack id) and the paths that identify its frames. */
    public record Rule(String library, List<Pattern> paths, List<Pattern> sources) {
    }

    private final List<Rule> rules;

    LibraryMap(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The library id of the frame, or null when nothing printed with it says. */
    public String libraryOf(Frame f) {
        return libraryOf(f.library(), f.source());
    }

    /** The library id of a frame printed with this library path and source (either null when not printed), or null. */
    public String libraryOf(String library, SourceRef source) {
        if (library != null) {
            String byPath = cached(pathCache, library, Rule::paths);
            if (byPath != null) {
                return byPath;
            }
        }
        return source == null ? null : cached(sourceCache, source.file(), Rule::sources);
    }

    /** A large listing repeats a few hundred library paths and source files: each is matched against the rules once. */
    private final java.util.Map<String, String> pathCache = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, String> sourceCache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final String NONE = "";

    /** The library whose patterns (paths or sources) find {@code text}, matched once per distinct text. */
    private String cached(java.util.Map<String, String> cache, String text, java.util.function.Function<Rule, List<Pattern>> patterns) {
        String id = SharedCache.get(cache, text, t -> {
            for (Rule r : rules) {
                for (Pattern p : patterns.apply(r)) {
                    if (p.matcher(t).find()) {
                        return r.library();
                    }
                }
            }
            return NONE;
        });
        return id.isEmpty() ? null : id;
    }
}
