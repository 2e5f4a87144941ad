package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads a large gdb file on two cores: the file is cut at a thread header near its middle, each half is
 * parsed on its own thread, and the halves are merged in order ({@link GdbPart#merge}); the second half's
 * line numbers are shifted by the first half's line count ({@link GdbPart#shiftedBy}). Smaller files, and anything that cannot be cut cleanly, are read in one pass.
 *
 * <p>Why: a 150 MB "thread apply all bt" of 75,000 threads is what a large process gives, and the parse is
 * CPU-bound. TODO: a headerless "bt" in the second half takes its thread identity from
 * "[Switching to ...]" lines of that half only.
 */
public final class SplitFileParser {
    /** Below this size one pass is fast enough and the thread costs more than it saves. */
    static final long MIN_SPLIT_BYTES = 32L << 20;
    /** How far past the middle a thread header is looked for. */
    private static final int SEARCH_BYTES = 8 << 20;
    private static final byte[] HEADER = "\nThread ".getBytes(StandardCharsets.US_ASCII);

    private SplitFileParser() {
    }

    public static Backtrace parse(Path file, long maxBytes) throws IOException {
        return parse(file, maxBytes, MIN_SPLIT_BYTES);
    }

    static Backtrace parse(Path file, long maxBytes, long minSplitBytes) throws IOException {
        long size = Files.size(file);
        long cut = size >= minSplitBytes && size <= maxBytes ? findCut(file, size / 2) : -1;
        if (cut < 0) {
            try (InputStream in = Files.newInputStream(file)) {
                return new GdbParser().parse(new LineSource(in, maxBytes));
            }
        }
        CompletableFuture<GdbPart> second = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(cut);
                return GdbParser.parsePart(new LineSource(in, Long.MAX_VALUE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        GdbPart first;
        try (InputStream in = new Bounded(Files.newInputStream(file), cut)) {
            first = GdbParser.parsePart(new LineSource(in, Long.MAX_VALUE));
        }
        try {
            // The second half counted its lines from 1; it starts where the first half's lines end.
            return first.merge(second.join().shiftedBy(Math.toIntExact(first.stats().linesRead()))).toBacktrace();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    /** Offset of the first "Thread N" header line at or after {@code from}, or -1. */
    static long findCut(Path file, long from) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            byte[] window = new byte[64 * 1024];
            long offset = from;
            int keep = 0;
            while (offset - from < SEARCH_BYTES) {
                int n = in.readNBytes(window, keep, window.length - keep) + keep;
                if (n <= keep) {
                    return -1;
                }
                for (int i = 0; i + HEADER.length < n; i++) {
                    if (window[i] == '\n' && matches(window, i) && Character.isDigit(window[i + HEADER.length])) {
                        return offset + i + 1;
                    }
                }
                // keep the window's tail: a header may straddle two reads
                keep = Math.min(n, HEADER.length + 1);
                System.arraycopy(window, n - keep, window, 0, keep);
                offset += n - keep;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] w, int i) {
        for (int k = 0; k < HEADER.length; k++) {
            if (w[i + k] != HEADER[k]) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
