package dev.btexplain.parse;

import java.nio.charset.StandardCharsets;

/** ASCII bytes of the input seen as characters, so that a String-reading helper can read them in place. */
final class AsciiChars implements CharSequence {
    private byte[] bytes;
    private int from;
    private int to;

    AsciiChars of(byte[] b, int start, int end) {
        bytes = b;
        from = start;
        to = end;
        return this;
    }

    @Override
    public int length() {
        return to - from;
    }

    @Override
    public char charAt(int index) {
        return (char) bytes[from + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(bytes, from + start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
