package dev.btexplain.report;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Human text with every control character shown, not obeyed: a thread or function name that carries ESC or BEL
 * (clear the screen, set the title, move the cursor) or a bidirectional override (text that reads other than it is
 * stored) reaches the terminal as {@code \x1b}, {@code \x07}, {@code \u202e}. Newlines are the renderer's own and
 * pass; so do the renderer's own colour codes, which are the only escapes it writes.
 */
final class VisibleWriter extends FilterWriter {
    private final List<String> own;

    /** @param palette the colours the renderer writes, which pass as they are */
    VisibleWriter(Writer out, Palette palette) {
        super(out);
        this.own = java.util.stream.Stream.of(palette.bold(), palette.dim(), palette.function(), palette.warning(),
                palette.reset()).filter(s -> !s.isEmpty()).distinct().toList();
    }

    @Override
    public void write(int c) throws IOException {
        if (shown((char) c)) {
            out.write(escape((char) c));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        write(new String(chars, off, len), 0, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        int end = off + len;
        int clean = off;
        for (int i = off; i < end; i++) {
            char c = s.charAt(i);
            if (!shown(c)) {
                continue;
            }
            String colour = c == '\u001b' ? ownAt(s, i, end) : null;
            out.write(s, clean, i - clean);
            if (colour != null) {
                out.write(colour);
                i += colour.length() - 1;
            } else {
                out.write(escape(c));
            }
            clean = i + 1;
        }
        out.write(s, clean, end - clean);
    }

    private String ownAt(String s, int at, int end) {
        for (String colour : own) {
            if (s.startsWith(colour, at) && at + colour.length() <= end) {
                return colour;
            }
        }
        return null;
    }

    /** Whether a character is shown as an escape: C0 and C1 controls but the newline, DEL, and the bidi controls. */
    static boolean shown(char c) {
        return (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    static String escape(char c) {
        return c <= 0xff ? String.format(java.util.Locale.ROOT, "\\x%02x", (int) c) : String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
    }
}
