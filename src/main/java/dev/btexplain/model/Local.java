package dev.btexplain.model;

/**
 * One local variable printed by {@code bt full}: {@code ts = {tv_sec = 1, tv_nsec = 0}}.
 * Multi-line values (structs printed with {@code set print pretty on}) are kept whole, lines joined by '\n'.
 */
public record Local(String name, String value) {
    public Local {
        if (name == null || value == null) {
            throw new IllegalArgumentException("name and value are required");
        }
    }
}
