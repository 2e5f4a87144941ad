package dev.btexplain.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What arrived in watched folders since the last look. A report file is taken once it has not changed for one interval
 * (a file still being written is left for the next look), and each file once. An NDJSON file that is not gzip'd is
 * read as it grows, as a collector appends reports to it: its whole lines at each look, the rest at a later one.
 */
public final class FolderWatch {
    private final List<Path> folders;
    private final Duration settled;
    /** The report files read, each as it was then: one that changes afterwards is said once, not read again. */
    private final Map<Path, FileTime> taken = new HashMap<>();
    private final Set<Path> changedSaid = new HashSet<>();
    /** For each NDJSON file read as it grows: which file it was (another under the same name starts again), and how far. */
    private final Map<Path, Read> appended = new HashMap<>();

    private record Read(Object fileKey, long end, int nextLine) {
    }

    public FolderWatch(List<Path> folders, Duration settled) {
        this.folders = List.copyOf(folders);
        this.settled = settled;
    }

    /**
     * What a look found: the entries {@link FleetInput#readBatch} reads (files, and the new lines of NDJSON files), how
     * many whole files, how many NDJSON files grew, and the files read before that have changed since (not read again).
     */
    public record Arrivals(List<String> entries, int files, int grown, List<String> changed) {
        public boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    /** The files not taken yet whose last change is at least one interval old, by name, and the NDJSON files' new lines. */
    public Arrivals arrived() throws IOException {
        List<String> out = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        int files = 0;
        int grown = 0;
        FileTime before = FileTime.fromMillis(System.currentTimeMillis() - settled.toMillis());
        for (Path folder : folders) {
            try (Stream<Path> listed = Files.walk(folder)) {
                for (Path f : listed.filter(Files::isRegularFile).sorted().toList()) {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    boolean still = a.lastModifiedTime().compareTo(before) <= 0;
                    if (FleetInput.readAsItGrows(f)) {
                        List<String> lines = newLines(f, a, still);
                        out.addAll(lines);
                        grown += lines.isEmpty() ? 0 : 1;
                    } else if (taken.containsKey(f)) {
                        if (!a.lastModifiedTime().equals(taken.get(f)) && changedSaid.add(f)) {
                            changed.add(f.toString());
                        }
                    } else if (still) {
                        taken.put(f, a.lastModifiedTime());
                        out.add(f.toString());
                        files++;
                    }
                }
            }
        }
        return new Arrivals(out, files, grown, changed);
    }

    /** The lines of an NDJSON file that are whole and not read yet, as slices; a file that shrank or was replaced, again. */
    private List<String> newLines(Path f, BasicFileAttributes a, boolean still) throws IOException {
        Read last = appended.get(f);
        if (last == null || !Objects.equals(last.fileKey(), a.fileKey()) || a.size() < last.end()) {
            last = new Read(a.fileKey(), 0, 1);
        }
        if (a.size() == last.end()) {
            appended.put(f, last);
            return List.of();
        }
        FleetInput.Tail tail = FleetInput.tail(f, last.end(), a.size(), last.nextLine(), still, FleetInput.SLICE_BYTES);
        appended.put(f, new Read(a.fileKey(), tail.end(), tail.nextLine()));
        return tail.slices().stream().map(FleetInput.Slice::entry).toList();
    }
}
