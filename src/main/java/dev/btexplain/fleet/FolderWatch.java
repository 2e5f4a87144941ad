package dev.btexplain.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files that arrived in watched folders since the last look: a report is taken once it has not changed for one
 * interval (a file still being written is left for the next look), and each file once.
 */
public final class FolderWatch {
    private final List<Path> folders;
    private final Duration settled;
    private final Set<Path> taken = new HashSet<>();

    public FolderWatch(List<Path> folders, Duration settled) {
        this.folders = List.copyOf(folders);
        this.settled = settled;
    }

    /** The files not taken yet whose last change is at least one interval old, by name; they are taken now. */
    public List<Path> arrived() throws IOException {
        List<Path> out = new ArrayList<>();
        FileTime before = FileTime.fromMillis(System.currentTimeMillis() - settled.toMillis());
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (!taken.contains(f) && Files.getLastModifiedTime(f).compareTo(before) <= 0) {
                        out.add(f);
                    }
                }
            }
        }
        taken.addAll(out);
        return out;
    }
}
