package dev.btexplain.analyze;

import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.model.FrameList;
import dev.btexplain.model.SourceRef;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the knowledge says of the frames one worker reads, asked once per distinct name. The parser keeps one String
 * per distinct function, library and file, so these maps compare references: the million frames of a large listing
 * are answered without hashing their text again, and without two workers contending for the knowledge's shared caches
 * (which made reading the frames on two cores barely faster than on one). Names a parser did not share (or too
 * many) are answered by the knowledge itself, remembering at most {@link #REMEMBERED} of each kind. Not thread-safe:
 * one per worker.
 */
final class FrameLookups {
    private static final String NONE = "\u0000none";
    private static final int REMEMBERED = 1 << 14;
    private final KnowledgeBase kb;
    private final Map<String, String> normalized = new IdentityHashMap<>();
    /** Library id by the library path printed (NONE: none printed), then by the source file (NONE: none). */
    private final Map<String, Map<String, String>> libraries = new IdentityHashMap<>();
    /** Entry by library id (NONE: none), then by function name. */
    private final Map<String, Map<String, Optional<FunctionEntry>>> entries = new IdentityHashMap<>();

    FrameLookups(KnowledgeBase kb) {
        this.kb = kb;
    }

    KnowledgeBase knowledge() {
        return kb;
    }

    /** As {@link KnowledgeBase#normalize}. */
    String normalize(String function) {
        String n = normalized.get(function);
        if (n == null) {
            n = kb.normalize(function);
            remember(normalized, function, n);
        }
        return n;
    }

    /** As {@link KnowledgeBase#lookup(dev.btexplain.model.Frame)} for frame i, read without making the frame. */
    FunctionEntry lookup(FrameList frames, int i) {
        if (frames.signalHandler(i)) {
            return kb.signalHandlerEntry();
        }
        String library = libraryOf(frames.library(i), frames.source(i));
        Map<String, Optional<FunctionEntry>> byFunction = inner(entries, library == null ? NONE : library);
        String function = frames.function(i);
        Optional<FunctionEntry> e = byFunction.get(function);
        if (e == null) {
            e = Optional.ofNullable(kb.lookup(function, library));
            remember(byFunction, function, e);
        }
        return e.orElse(null);
    }

    private String libraryOf(String path, SourceRef source) {
        Map<String, String> bySource = inner(libraries, path == null ? NONE : path);
        String file = source == null ? NONE : source.file();
        String id = bySource.get(file);
        if (id == null) {
            id = kb.libraryOf(path, source);
            id = id == null ? NONE : id;
            remember(bySource, file, id);
        }
        return id == NONE ? null : id;
    }

    private static <V> Map<String, V> inner(Map<String, Map<String, V>> outer, String key) {
        Map<String, V> m = outer.get(key);
        if (m == null) {
            m = new IdentityHashMap<>();
            remember(outer, key, m);
        }
        return m;
    }

    private static <V> void remember(Map<String, V> map, String key, V value) {
        if (map.size() < REMEMBERED) {
            map.put(key, value);
        }
    }
}
