package dev.btexplain.report;

/** ANSI colours for a terminal, or none at all: the text renderer never checks where it writes. */
public record Palette(String bold, String dim, String function, String warning, String reset) {

    public static Palette ansi() {
        return new Palette("\u001b[1m", "\u001b[2m", "\u001b[36m", "\u001b[33m", "\u001b[0m");
    }

    public static Palette none() {
        return new Palette("", "", "", "", "");
    }
}
