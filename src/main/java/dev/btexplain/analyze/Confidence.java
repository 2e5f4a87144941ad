package dev.btexplain.analyze;

import java.util.Locale;

/** How strongly the evidence decides a conclusion: certain, likely or possible. */
public enum Confidence {
    CERTAIN, LIKELY, POSSIBLE;

    private final String id = name().toLowerCase(Locale.ROOT);

    public String id() {
        return id;
    }

    public static Confidence fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
