package dev.btexplain.parse;

import dev.btexplain.model.SourceRef;
import java.util.HashMap;
import java.util.Map;

/**
 * One SourceRef per distinct file and line: the same few hundred locations repeat across thousands of
 * threads. File names arrive interned, so the key can use the name's identity.
 */
final class SourceRefs {
    private static final int MAX_ENTRIES = 1 << 20;
    private final Map<Key, SourceRef> refs = new HashMap<>();

    private record Key(String file, int line) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.file == file && k.line == line;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(file) * 31 + line;
        }
    }

    SourceRef get(String file, int line) {
        Key key = new Key(file, line);
        SourceRef ref = refs.get(key);
        if (ref == null) {
            ref = new SourceRef(file, line);
            if (refs.size() < MAX_ENTRIES) {
                refs.put(key, ref);
            }
        }
        return ref;
    }
}
