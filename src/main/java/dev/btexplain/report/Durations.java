package dev.btexplain.report;

import dev.btexplain.analyze.Timeout;
import java.util.Locale;

/** A timeout for a person: 499000000 ns → "timeout about 0.5 s", -1 → "no timeout: it waits until an event". */
public final class Durations {
    private Durations() {
    }

    public static String describe(Timeout t) {
        return switch (t.kind()) {
            case UNTIL_WOKEN -> "no timeout: it waits until woken";
            case DEADLINE -> "with a deadline: the call returns at the time its abstime points to, if nothing wakes it first";
            case UNTIL_EVENT -> "no timeout: it waits until an event";
            case NOW -> "timeout 0: it returns at once";
            case AFTER -> "timeout about " + about(t.nanos());
        };
    }

    private static String about(double ns) {
        if (ns < 1e3) {
            return String.format(Locale.ROOT, "%d ns", (long) ns);
        } else if (ns < 1e6) {
            return String.format(Locale.ROOT, "%d µs", Math.round(ns / 1e3));
        } else if (ns < 1e8) {
            return String.format(Locale.ROOT, "%d ms", Math.round(ns / 1e6));
        } else if (ns < 1e10) {
            return String.format(Locale.ROOT, "%.1f s", ns / 1e9);
        }
        return String.format(Locale.ROOT, "%d s", Math.round(ns / 1e9));
    }
}
