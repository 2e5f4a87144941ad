package dev.btexplain.model;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text of many frames kept in one array: a million frames then cost a few hundred arrays instead of
 * two million String objects, which is most of the time a large parse spends in the garbage collector.
 * The parser fills a block from its start and never changes a range once a Frame refers to it.
 */
public final class TextBlock {
    private final byte[] bytes;

    public TextBlock(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The text at {@code [offset, offset + length)}. */
    public String text(int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
