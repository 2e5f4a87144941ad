package dev.btexplain.parse;

import dev.btexplain.model.TextBlock;

/**
 * Appends frames' argument text to large shared blocks. A block is 1 MiB: in a 512 MiB heap the
 * collector allocates an array that size outside the young generation, so the text is never copied again.
 */
final class TextBlocks {
    private static final int BLOCK_BYTES = (4 << 20) - 64;
    private byte[] bytes = new byte[0];
    private TextBlock block;
    private int used;
    private TextBlock lastBlock;

    /** Copies {@code src[from, to)} and returns its offset in {@link #block()}. */
    int append(byte[] src, int from, int to) {
        int len = to - from;
        if (block == null || used + len > bytes.length) {
            bytes = new byte[Math.max(BLOCK_BYTES, len)];
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
