package dev.btexplain.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The reports in files and folders, in a fixed order: a file is one report (any format btexplain reads), gzip'd or not;
 * a .ndjson or .jsonl file is one report per line ({"report": TEXT, "time", "host", "version"}); a folder is every such
 * file under it, by name. What cannot be read is counted and said, never dropped silently.
 */
public final class FleetInput {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest report read whole from a file: a fleet's reports are listings, not disk images. */
    public static final long MAX_REPORT_BYTES = 64L << 20;

    private FleetInput() {
    }

    /** Why reports were not read: each cause with how many. */
    public interface Skips {
        void skip(String source, String why);
    }

    /** Every report of these paths to {@code sink}, in order; what cannot be read to {@code skips}. */
    public static void read(List<Path> paths, Consumer<FleetReport> sink, Skips skips) throws IOException {
        for (Path f : files(paths)) {
            file(f, sink, skips);
        }
    }

    /** The files of these paths in order: a folder's by name, all the way down. */
    private static List<Path> files(List<Path> paths) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    out.addAll(walk.filter(Files::isRegularFile).sorted().toList());
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IOException(p + ": no such file or folder");
            }
        }
        return out;
    }

    /**
     * The files of these paths in the order {@link #read} takes them, in batches an engine hands to its workers: up to
     * {@code perBatch} report files together (a task per small file would cost more than the file), an NDJSON file alone
     * (its lines are numbered from its start, so one worker reads it whole).
     */
    public static List<List<String>> batches(List<Path> paths, int perBatch) throws IOException {
        List<List<String>> out = new java.util.ArrayList<>();
        List<String> batch = new java.util.ArrayList<>();
        for (Path f : files(paths)) {
            if (ndjson(f)) {
                out.add(List.of(f.toString()));
            } else {
                batch.add(f.toString());
                if (batch.size() == perBatch) {
                    out.add(List.copyOf(batch));
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            out.add(List.copyOf(batch));
        }
        return out;
    }

    private static boolean ndjson(Path f) {
        String name = f.getFileName().toString();
        String inner = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return inner.endsWith(".ndjson") || inner.endsWith(".jsonl");
    }

    private static void file(Path f, Consumer<FleetReport> sink, Skips skips) throws IOException {
        boolean gzip = f.getFileName().toString().endsWith(".gz");
        boolean lines = ndjson(f);
        if (Files.size(f) > MAX_REPORT_BYTES && !lines) {
            skips.skip(f.toString(), "larger than " + (MAX_REPORT_BYTES >> 20) + " MB");
            return;
        }
        try (InputStream raw = Files.newInputStream(f); InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
            if (lines) {
                lines(f.toString(), in, sink, skips);
            } else {
                sink.accept(new FleetReport(f.toString(), new String(in.readNBytes((int) MAX_REPORT_BYTES), StandardCharsets.UTF_8),
                        null, null, null));
            }
        } catch (java.util.zip.ZipException e) {
            skips.skip(f.toString(), "not gzip data: " + e.getMessage());
        }
    }

    private static void lines(String source, InputStream in, Consumer<FleetReport> sink, Skips skips) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        int n = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Field> o;
            try {
                o = fields(line);
            } catch (IOException e) {
                skips.skip(source + ":" + n, "not a JSON object");
                continue;
            }
            Field report = o.get("report");
            if (report == null || !report.string()) {
                skips.skip(source + ":" + n, "no \"report\" text");
                continue;
            }
            sink.accept(new FleetReport(source + ":" + n, report.text(), text(o, "time"), text(o, "host"), text(o, "version")));
        }
    }

    /** A top-level field's value as text (a number's digits, an object or array as ""), and whether it was a string. */
    public record Field(String text, boolean string) {
    }

    private static String text(Map<String, Field> fields, String name) {
        Field f = fields.get(name);
        return f == null ? null : f.text();
    }

    /**
     * The top-level fields of one NDJSON line, JSON null as none, read by Jackson's streaming parser (a tree per line
     * cost a fleet more than some reports' signing). Not an object: no fields. Broken JSON: an IOException.
     */
    public static Map<String, Field> fields(String line) throws IOException {
        Map<String, Field> out = new HashMap<>();
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    out.put(name, new Field("", false));
                } else if (v == JsonToken.VALUE_NULL) {
                    out.remove(name);
                } else {
                    out.put(name, new Field(p.getText(), v == JsonToken.VALUE_STRING));
                }
            }
        }
        return out;
    }

}
