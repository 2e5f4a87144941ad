package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads a large gdb file on two cores: the file is cut at a thread header near its middle, each half is
 * parsed on its own thread, and the halves are merged in order ({@link GdbPart#merge}), line numbers and
 * all. Smaller files, and anything that cannot be cut cleanly, are read in one pass.
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
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
            try {
                int linesBefore = countLines(file, cut);
                try (InputStream in = Files.newInputStream(file)) {
                    in.skipNBytes(cut);
                    return GdbParser.parsePart(new LineSource(in, Long.MAX_VALUE, linesBefore));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        GdbPart first;
        try (InputStream in = new Bounded(Files.newInputStream(file), cut)) {
            first = GdbParser.parsePart(new LineSource(in, Long.MAX_VALUE));
        }
        try {
            return first.merge(second.join()).toBacktrace();
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
            byte[] window = in.readNBytes(SEARCH_BYTES);
            for (int i = 0; i + HEADER.length < window.length; i++) {
                if (window[i] == '\n' && matches(window, i) && Character.isDigit(window[i + HEADER.length])) {
                    return from + i + 1;
                }
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

    /** Newlines in the first {@code end} bytes, eight bytes at a step. */
    static int countLines(Path file, long end) throws IOException {
        byte[] buf = new byte[1 << 20];
        long count = 0;
        long left = end;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
                if (n <= 0) {
                    break;
                }
                int i = 0;
                for (; i + 8 <= n; i += 8) {
                    long x = (long) LONGS.get(buf, i) ^ 0x0A0A0A0A0A0A0A0AL;
                    // exact count of zero bytes: no borrow from a lower byte can set a higher byte's bit here
                    long zeros = ~(((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x | 0x7F7F7F7F7F7F7F7FL);
                    count += Long.bitCount(zeros);
                }
                for (; i < n; i++) {
                    if (buf[i] == '\n') {
                        count++;
                    }
                }
                left -= n;
            }
        }
        return Math.toIntExact(count);
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
