package dev.btexplain.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** The largest report read whole from a file or an NDJSON line: a fleet's reports are listings, not disk images. */
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
     * The files of these paths in the order {@link #read} takes them, in batches an engine hands to its workers
     * ({@link #readBatch}): up to {@code perBatch} report files together (a task per small file would cost more than the
     * file), a gzip'd NDJSON file alone, and an uncompressed one larger than {@link #SLICE_BYTES} in slices, each from a
     * line's start to another's, with the number of its first line (one worker per slice).
     */
    public static List<List<String>> batches(List<Path> paths, int perBatch) throws IOException {
        return batches(paths, perBatch, SLICE_BYTES);
    }

    /** A large NDJSON file's share for one worker. */
    static final long SLICE_BYTES = 32L << 20;

    static List<List<String>> batches(List<Path> paths, int perBatch, long sliceBytes) throws IOException {
        List<List<String>> out = new java.util.ArrayList<>();
        List<String> batch = new java.util.ArrayList<>();
        for (Path f : files(paths)) {
            if (readAsItGrows(f) && Files.size(f) > sliceBytes) {
                slices(f, sliceBytes).forEach(slice -> out.add(List.of(slice.entry())));
            } else if (ndjson(f)) {
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

    /** Bytes [start, end) of an NDJSON file, whose first line is the file's line {@code firstLine}. */
    record Slice(Path file, long start, long end, int firstLine) {
        private static final String MARK = "\u0000slice\t";

        /** As a batch's entry (a NUL, which no path holds, tells it from a file's path). */
        String entry() {
            return MARK + start + "\t" + end + "\t" + firstLine + "\t" + file;
        }

        static Slice of(String entry) {
            if (!entry.startsWith(MARK)) {
                return null;
            }
            String[] f = entry.substring(MARK.length()).split("\t", 4);
            return new Slice(Path.of(f[3]), Long.parseLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]));
        }
    }

    /**
     * The file cut after a line feed every {@code sliceBytes} or so, its line ends counted as {@link Ndjson#read} counts them
     * (LF, CR LF, CR), so that each slice's lines keep their numbers in the file.
     */
    private static List<Slice> slices(Path f, long sliceBytes) throws IOException {
        return tail(f, 0, Files.size(f), 1, true, sliceBytes).slices();
    }

    /** The whole lines from a place in an NDJSON file, in slices; where the next read starts, and its first line's number. */
    record Tail(List<Slice> slices, long end, int nextLine) {
    }

    /**
     * The lines of bytes [{@code from}, {@code to}) of an NDJSON file (the first is line {@code firstLine}) that are whole,
     * in slices of about {@code sliceBytes}: those ended by a LF, or by a CR that something other than a LF follows; with
     * {@code settled} (its writer was done when its size was read) the last line too. A file that is still written to is
     * read this way as it grows: what is appended after its size was read waits for the next look.
     */
    static Tail tail(Path f, long from, long to, int firstLine, boolean settled, long sliceBytes) throws IOException {
        List<Slice> out = new java.util.ArrayList<>();
        long start = from;
        int startLine = firstLine;
        int lineEnds = firstLine - 1;
        long at = from;
        long whole = from; // after the last line end that is sure to be one
        int wholeLines = lineEnds;
        boolean afterCr = false;
        byte[] buf = new byte[1 << 20];
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(f)) {
            c.position(from);
            InputStream in = java.nio.channels.Channels.newInputStream(c);
            while (at < to) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, to - at));
                if (n <= 0) {
                    break; // shorter than its size said (rewritten meanwhile): a later look reads it again
                }
                for (int i = 0; i < n; i++, at++) {
                    byte b = buf[i];
                    if (afterCr && b != '\n') {
                        whole = at; // a CR alone ended the line before this byte
                        wholeLines = lineEnds;
                    }
                    if (b == '\r' || b == '\n' && !afterCr) {
                        lineEnds++;
                    }
                    afterCr = b == '\r';
                    if (b == '\n') {
                        whole = at + 1;
                        wholeLines = lineEnds;
                        if (whole - start >= sliceBytes) {
                            out.add(new Slice(f, start, whole, startLine));
                            start = whole;
                            startLine = lineEnds + 1;
                        }
                    }
                }
            }
        }
        long end = settled ? at : whole;
        if (start < end) {
            out.add(new Slice(f, start, end, startLine));
        }
        // a settled file's last line is read whether or not it ended (the count of line ends misses an unended one)
        return new Tail(out, end, settled ? lineEnds + (end > whole && !afterCr ? 1 : 0) + 1 : wholeLines + 1);
    }

    /** The reports of one of {@link #batches}' batches: files, and slices of large NDJSON files. */
    public static void readBatch(List<String> entries, Consumer<FleetReport> sink, Skips skips) throws IOException {
        for (String e : entries) {
            Slice slice = Slice.of(e);
            if (slice == null) {
                read(List.of(Path.of(e)), sink, skips);
                continue;
            }
            byte[] bytes = new byte[Math.toIntExact(slice.end() - slice.start())];
            try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(slice.file())) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                while (b.hasRemaining() && c.read(b, slice.start() + b.position()) > 0) {
                    // read on
                }
            }
            lines(slice.file().toString(), new java.io.ByteArrayInputStream(bytes), slice.firstLine() - 1, sink, skips);
        }
    }

    /** An NDJSON file that is not gzip'd: read in slices when large, and as it grows when watched. */
    static boolean readAsItGrows(Path f) {
        return ndjson(f) && !f.getFileName().toString().endsWith(".gz");
    }

    static boolean ndjson(Path f) {
        String name = f.getFileName().toString();
        String inner = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return inner.endsWith(".ndjson") || inner.endsWith(".jsonl");
    }

    /** The file's bytes, unpacked when its name ends in .gz. */
    private static InputStream open(Path f) throws IOException {
        InputStream raw = Files.newInputStream(f);
        if (!f.getFileName().toString().endsWith(".gz")) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException notGzip) {
            raw.close();
            throw notGzip;
        }
    }

    private static void file(Path f, Consumer<FleetReport> sink, Skips skips) throws IOException {
        boolean lines = ndjson(f);
        String tooLarge = "larger than " + (MAX_REPORT_BYTES >> 20) + " MB";
        try (InputStream in = open(f)) {
            if (Files.size(f) > MAX_REPORT_BYTES && !lines) {
                skips.skip(f.toString(), tooLarge);
            } else if (lines) {
                lines(f.toString(), in, 0, sink, skips);
            } else {
                byte[] text = in.readNBytes((int) MAX_REPORT_BYTES);
                if (in.read() >= 0) {
                    skips.skip(f.toString(), tooLarge); // a gzip'd report, unpacked
                } else {
                    sink.accept(new FleetReport(f.toString(), text, null, null, null));
                }
            }
        } catch (java.util.zip.ZipException e) {
            skips.skip(f.toString(), "not gzip data: " + e.getMessage());
        } catch (java.io.EOFException e) {
            // the reports before the cut were read: a file cut short (a copy, or a writer that died) costs only its rest
            skips.skip(f.toString(), "gzip data cut short: the reports before the cut are read");
        } catch (java.nio.file.AccessDeniedException e) {
            skips.skip(f.toString(), "not readable (permission denied)");
        } catch (java.nio.file.NoSuchFileException e) {
            skips.skip(f.toString(), "gone before it was read");
        }
    }

    /** An NDJSON stream's reports, each named by its line: the stream's own numbers after {@code linesBefore}. */
    private static void lines(String source, InputStream in, int linesBefore, Consumer<FleetReport> sink, Skips skips)
            throws IOException {
        Ndjson.read(in, new Ndjson.Line() {
            @Override
            public void accept(int number, Map<String, Ndjson.Field> o) {
                int n = linesBefore + number;
                if (o == null) {
                    skips.skip(source + ":" + n, "not a JSON object");
                    return;
                }
                FleetReport r = report(source + ":" + n, o);
                if (r == null) {
                    skips.skip(source + ":" + n, "no \"report\" text");
                    return;
                }
                sink.accept(r);
            }

            @Override
            public void tooLong(int number) {
                skips.skip(source + ":" + (linesBefore + number), "a line longer than " + (MAX_REPORT_BYTES >> 20) + " MB");
            }
        });
    }

    /**
     * The reports on these lines of an NDJSON file (gzip'd or not): only those lines' JSON decoded, and the file read no
     * further than the last of them.
     */
    static void reportsOnLines(Path f, java.util.Set<Integer> wanted, Consumer<FleetReport> sink) throws IOException {
        try (InputStream in = open(f)) {
            Ndjson.read(in, new Ndjson.Line() {
                private int read;

                @Override
                public boolean wanted(int number) {
                    return wanted.contains(number);
                }

                @Override
                public void accept(int number, Map<String, Ndjson.Field> fields) {
                    if (!wanted.contains(number)) {
                        return; // a line too long to read, which no wanted one is
                    }
                    read++;
                    FleetReport r = fields == null ? null : report(f + ":" + number, fields);
                    if (r != null) {
                        sink.accept(r);
                    }
                }

                @Override
                public boolean done() {
                    return read == wanted.size();
                }
            });
        }
    }

    /** The report an NDJSON object holds (its "report" text and the sender's metadata), or null when it holds none. */
    private static FleetReport report(String source, Map<String, Ndjson.Field> o) {
        Ndjson.Field report = o.get("report");
        return report == null || !report.string() ? null
                : new FleetReport(source, report.utf8(), text(o, "time"), text(o, "host"), text(o, "version"));
    }

    /**
     * One message of a stream (a Kafka record's value): an NDJSON object with its "report" text and metadata, or else
     * the report's text itself.
     */
    public static FleetReport message(String source, String text) {
        if (text.stripLeading().startsWith("{")) {
            try {
                FleetReport r = report(source, Ndjson.fields(text));
                if (r != null) {
                    return r;
                }
            } catch (IOException notJson) {
                // a report's text that starts with a brace
            }
        }
        return new FleetReport(source, text, null, null, null);
    }

    private static String text(Map<String, Ndjson.Field> fields, String name) {
        Ndjson.Field f = fields.get(name);
        return f == null ? null : f.text();
    }
}
