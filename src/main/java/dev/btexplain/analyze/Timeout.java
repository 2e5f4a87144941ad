package dev.btexplain.analyze;

/**
 * A timeout argument read in its unit: how long the call may wait. 499000000 in nanoseconds is {@code AFTER}
 * 0.499 s; -1 {@code UNTIL_EVENT}; a deadline pointer (abstime) {@code DEADLINE}, or {@code UNTIL_WOKEN} when 0x0.
 *
 * @param kind  what the value says
 * @param nanos for {@code AFTER}: the time in nanoseconds
 */
public record Timeout(Kind kind, double nanos) {

    public enum Kind {
        /** A null deadline: it waits until woken. */
        UNTIL_WOKEN,
        /** A pointer to the absolute time the call returns at if nothing wakes it first (its caller may wait again). */
        DEADLINE,
        /** A negative timeout: it waits until an event. */
        UNTIL_EVENT,
        /** Zero: it returns at once. */
        NOW,
        /** It gives up after {@code nanos}. */
        AFTER
    }

    /** The timeout a value means in this unit (a function entry's "arguments"); null when it is not one (a pointer, a count). */
    static Timeout read(String value, String unit) {
        String v = value.strip();
        if (unit.equals("deadline")) {
            return Arguments.nullPointer(v) ? new Timeout(Kind.UNTIL_WOKEN, 0) : v.startsWith("0x") ? new Timeout(Kind.DEADLINE, 0) : null;
        }
        double scale = switch (unit) {
            case "nanoseconds" -> 1;
            case "microseconds" -> 1e3;
            case "milliseconds" -> 1e6;
            case "seconds" -> 1e9;
            default -> -1; // a count or a list of descriptors
        };
        if (scale < 0) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
        return n < 0 ? new Timeout(Kind.UNTIL_EVENT, 0) : n == 0 ? new Timeout(Kind.NOW, 0) : new Timeout(Kind.AFTER, n * scale);
    }
}
