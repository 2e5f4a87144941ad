package dev.btexplain.parse;

import dev.btexplain.model.SourceRef;

/**
 * One SourceRef per distinct file and line: the same few hundred locations repeat across thousands of
 * threads. File names arrive interned, so the table compares them by identity; lookups allocate nothing.
 */
final class SourceRefs {
    private static final int MAX_ENTRIES = 1 << 20;
    private String[] files = new String[1 << 6];
    private int[] lines = new int[1 << 6];
    private SourceRef[] refs = new SourceRef[1 << 6];
    private int size;

    SourceRef get(String file, int line) {
        int mask = refs.length - 1;
        int slot = hash(file, line) & mask;
        while (refs[slot] != null) {
            if (files[slot] == file && lines[slot] == line) {
                return refs[slot];
            }
            slot = (slot + 1) & mask;
        }
        SourceRef ref = new SourceRef(file, line);
        if (size < MAX_ENTRIES) {
            files[slot] = file;
            lines[slot] = line;
            refs[slot] = ref;
            if (++size * 2 > refs.length) {
                grow();
            }
        }
        return ref;
    }

    private static int hash(String file, int line) {
        int h = System.identityHashCode(file) * 31 + line;
        return h ^ (h >>> 16);
    }

    private void grow() {
        String[] oldFiles = files;
        int[] oldLines = lines;
        SourceRef[] oldRefs = refs;
        files = new String[oldRefs.length * 2];
        lines = new int[oldRefs.length * 2];
        refs = new SourceRef[oldRefs.length * 2];
        int mask = refs.length - 1;
        for (int k = 0; k < oldRefs.length; k++) {
            if (oldRefs[k] != null) {
                int slot = hash(oldFiles[k], oldLines[k]) & mask;
                while (refs[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                files[slot] = oldFiles[k];
                lines[slot] = oldLines[k];
                refs[slot] = oldRefs[k];
            }
        }
    }
}
