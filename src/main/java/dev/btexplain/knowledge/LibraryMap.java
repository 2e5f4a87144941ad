package dev.btexplain.knowledge;

import dev.btexplain.model.Frame;
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
        if (f.library() != null) {
            for (Rule r : rules) {
                for (Pattern p : r.paths()) {
                    if (p.matcher(f.library()).find()) {
                        return r.library();
                    }
                }
            }
        }
        if (f.source() != null) {
            for (Rule r : rules) {
                for (Pattern p : r.sources()) {
                    if (p.matcher(f.source().file()).find()) {
                        return r.library();
                    }
                }
            }
        }
        return null;
    }
}
