package dev.btexplain.parse;

import dev.btexplain.model.TextBlock;

/**
 * Appends frames' argument text to large shared blocks of up to about 4 MiB, so that the text of a million frames
 * is a few dozen arrays rather than two million Strings. The first block is small and each next one twice the last:
 * a small input (one of a fleet's million reports) does not clear 4 MiB, which was nine tenths of what a fleet
 * allocated. (Tried: direct buffers outside the heap; no measurable gain on the parse benchmark, so the text stays on
 * the heap.)
 */
final class TextBlocks {
    private static final int BLOCK_BYTES = (4 << 20) - 64;
    private static final int FIRST_BLOCK_BYTES = 1 << 10;
    private byte[] bytes = new byte[0];
    private TextBlock block;
    private int used;
    private TextBlock lastBlock;

    /** Copies {@code src[from, to)} and returns its offset in {@link #block()}. */
    int append(byte[] src, int from, int to) {
        int len = to - from;
        if (block == null || used + len > bytes.length) {
            int next = block == null ? FIRST_BLOCK_BYTES : Math.min(BLOCK_BYTES, 2 * bytes.length);
            bytes = new byte[Math.max(next, len)];
            block = new TextBlock(bytes);
            used = 0;
        }
        System.arraycopy(src, from, bytes, used, len);
        int offset = used;
        used += len;
        lastBlock = block;
        return offset;
    }

    /** The block the last {@link #append} wrote into. */
    TextBlock block() {
        return lastBlock;
    }
}
