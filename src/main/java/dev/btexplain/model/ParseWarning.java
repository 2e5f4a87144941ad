package dev.btexplain.model;

/**
 * Something the parser could not use or had to guess, with where it was.
 *
 * @param line    1-based input line, 0 when the warning is about the whole input
 * @param column  1-based column where the problem starts, 0 when the whole line
 * @param code    a short stable code, e.g. "unparsed-line", "truncated-frame", "invalid-utf8"
 * @param message one sentence for a person
 * @param excerpt the start of the offending line (at most 120 characters), or "" when none
 */
public record ParseWarning(int line, int column, String code, String message, String excerpt) {
    public ParseWarning {
        if (code == null || message == null) {
            throw new IllegalArgumentException("code and message are required");
        }
        excerpt = excerpt == null ? "" : excerpt;
    }

    /** "line 12: unparsed line: Foo bar" — the one-line form the reports print. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (line > 0) {
            sb.append("line ").append(line);
            if (column > 0) {
                sb.append(", column ").append(column);
            }
            sb.append(": ");
        }
        sb.append(message);
        if (!excerpt.isEmpty()) {
            sb.append(": ").append(excerpt);
        }
        return sb.toString();
    }
}
