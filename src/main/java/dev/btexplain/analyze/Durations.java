package dev.btexplain.analyze;

import java.util.Locale;

/** A timeout argument in its real unit, for a person: 499000000 ns → "timeout about 0.5 s", -1 → "no timeout". */
final class Durations {
    private Durations() {
    }

    /**
     * Null when the value is not a number (a pointer to a timespec, for example). A "deadline" is a pointer to the
     * absolute time the call returns at if nothing wakes it first (its caller may wait again): 0x0 is none.
     */
    static String describe(String value, String unit) {
        if (!isTime(unit)) {
            return null; // a count or a list of descriptors
        }
        if (unit.equals("deadline")) {
            String v = value.strip();
            return Arguments.nullPointer(v) ? "no timeout: it waits until woken"
                    : v.startsWith("0x") ? "with a deadline: the call returns at the time its abstime points to, if nothing wakes it first" : null;
        }
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (n < 0) {
            return "no timeout: it waits until an event";
        }
        if (n == 0) {
            return "timeout 0: it returns at once";
        }
        double ns = switch (unit) {
            case "nanoseconds" -> n;
            case "microseconds" -> n * 1e3;
            case "milliseconds" -> n * 1e6;
            case "seconds" -> n * 1e9;
            default -> -1;
        };
        if (ns < 0) {
            return null;
        }
        String about;
        if (ns < 1e3) {
            about = String.format(Locale.ROOT, "%d ns", (long) ns);
        } else if (ns < 1e6) {
            about = String.format(Locale.ROOT, "%d µs", Math.round(ns / 1e3));
        } else if (ns < 1e8) {
            about = String.format(Locale.ROOT, "%d ms", Math.round(ns / 1e6));
        } else if (ns < 1e10) {
            about = String.format(Locale.ROOT, "%.1f s", ns / 1e9);
        } else {
            about = String.format(Locale.ROOT, "%d s", Math.round(ns / 1e9));
        }
        return "timeout about " + about;
    }

    /** A unit of time (or a deadline), which describe words; other argument units (descriptors) are not durations. */
    static boolean isTime(String unit) {
        return switch (unit) {
            case "nanoseconds", "microseconds", "milliseconds", "seconds", "deadline" -> true;
            default -> false;
        };
    }
}
