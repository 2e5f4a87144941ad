package dev.btexplain.report;

import java.util.Locale;

/** The forms a report can be written in; {@link #id()} is the {@code --format} value. */
public enum ReportFormat {
    TEXT,
    MARKDOWN,
    JSON,
    HTML,
    FOLDED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
