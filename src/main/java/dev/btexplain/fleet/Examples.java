package dev.btexplain.fleet;

import dev.btexplain.Btexplain;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.ReportFormat;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.zip.ZipException;

/**
 * The buckets' examples read again and explained, so that a page of buckets carries each example's full report (a
 * link to a file opens only where that file is, and an NDJSON line's file is every report of the fleet).
 */
public final class Examples {
    private static final String NOT_HERE = "(not on this page: its file is not here, or changed since it was bucketed)";
    /** An example larger than this is linked, not explained on the page: a page of 300 buckets stays quick to make. */
    static final long EXPLAINED_UP_TO_BYTES = 4L << 20;

    private Examples() {
    }

    /** Each example's text report by its source, or why it is not on the page; each file read once. */
    public static Map<String, String> reports(List<Bucket> buckets, Btexplain.Options options) throws IOException {
        Map<Path, Set<String>> byFile = new TreeMap<>();
        for (Bucket b : buckets) {
            byFile.computeIfAbsent(fileOf(b.example()), f -> new HashSet<>()).add(b.example());
        }
        // each example explained as it is read: only its report is kept, not its text (up to 64 MB each)
        Map<String, String> explained = new HashMap<>();
        for (Map.Entry<Path, Set<String>> e : byFile.entrySet()) {
            Path f = e.getKey();
            if (!Files.isRegularFile(f)) {
                continue;
            }
            if (FleetInput.ndjson(f)) {
                lines(f, e.getValue(), (source, text) -> explained.put(source, explained(text, options)));
            } else {
                FleetInput.read(List.of(f), r -> explained.put(r.source(), explained(r.utf8(), options)), (source, why) -> { });
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Bucket b : buckets) {
            out.put(b.example(), explained.getOrDefault(b.example(), NOT_HERE));
        }
        return out;
    }

    /** The reports of these sources ("FILE:LINE") of one NDJSON file; those past a cut in its gzip data are not here. */
    private static void lines(Path f, Set<String> sources, BiConsumer<String, byte[]> texts) throws IOException {
        Set<Integer> wanted = new HashSet<>();
        sources.forEach(s -> wanted.add(Integer.parseInt(s.substring(s.lastIndexOf(':') + 1))));
        try {
            FleetInput.reportsOnLines(f, wanted, r -> texts.accept(r.source(), r.utf8()));
        } catch (EOFException | ZipException cut) {
            // the examples before the cut were read
        }
    }

    /** The file an example's source names: the source itself, or an NDJSON file's before its ":LINE". */
    static Path fileOf(String source) {
        try {
            Path whole = Path.of(source);
            return Files.exists(whole) || !source.matches("(?s).*:\\d+") ? whole : Path.of(source.substring(0, source.lastIndexOf(':')));
        } catch (java.nio.file.InvalidPathException notAFile) {
            return Path.of(""); // not a file's name (a stream's message): not here
        }
    }

    private static String explained(byte[] bytes, Btexplain.Options options) {
        if (bytes.length > EXPLAINED_UP_TO_BYTES) {
            return "(" + (bytes.length >> 20) + " MB: run btexplain on it for its report)";
        }
        try {
            StringWriter w = new StringWriter();
            Btexplain.render(Btexplain.explain(bytes, options), ReportFormat.TEXT, w, false);
            return w.toString();
        } catch (UnusableInputException | IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
