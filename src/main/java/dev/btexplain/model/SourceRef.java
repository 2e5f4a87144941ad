package dev.btexplain.model;

/**
 * A source location as the debugger printed it: {@code at ../util/rcu.c:278}.
 *
 * @param file the path exactly as printed
 * @param line the line number, or 0 when the debugger printed a file without a line
 */
public record SourceRef(String file, int line) {
    public SourceRef {
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException("file must not be empty");
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    public boolean hasLine() {
        return line > 0;
    }

    @Override
    public String toString() {
        return hasLine() ? file + ":" + line : file;
    }
}
