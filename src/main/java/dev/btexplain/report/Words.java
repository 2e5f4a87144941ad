package dev.btexplain.report;

import dev.btexplain.analyze.CallPath;
import dev.btexplain.analyze.Detail;
import dev.btexplain.analyze.Evidence;
import dev.btexplain.analyze.WaitsOn;
import dev.btexplain.analyze.Worded;
import java.util.Locale;

/** The words of each fact the analysis records for the report to word. */
public final class Words {
    private Words() {
    }

    public static String of(Worded w) {
        if (w instanceof Evidence e) {
            return EvidenceText.of(e);
        }
        if (w instanceof WaitsOn o) {
            return WaitsOnText.of(o);
        }
        if (w instanceof CallPath.Who who) {
            return who(who);
        }
        Detail.ProcessClue c = (Detail.ProcessClue) w;
        return c.function() != null
                ? String.format(Locale.ROOT, "%s is at 0x%x in listing %d and at 0x%x in listing %d", c.function(), c.before(),
                        c.listing(), c.after(), c.listing() + 1)
                : "listing " + (c.listing() + 1) + " shares no thread (LWP) with listing " + c.listing();
    }

    /** A frame's name, or "an unnamed function of libevent-2.1.so.7 at 0x7f6b7df84f34" (of "the program" with no library). */
    static String who(CallPath.Who who) {
        return who.name() != null ? who.name() : "an unnamed function of " + (who.module() == null ? "the program" : who.module())
                + (who.address() == null ? "" : " at " + who.address());
    }

    /** How many numbers or ranges a sentence lists before it says how many more there are. */
    private static final int RANGES_SHOWN = 40;

    /**
     * Thread numbers in ascending order, runs of three or more as ranges: "100, 99, 98, 7, LWP 12" → "7, 98–100, LWP 12"
     * (an en dash: "4-2" read as a subtraction). Ids that are not numbers follow in their order.
     */
    public static String ranges(java.util.List<String> ids) {
        java.util.List<Long> numbers = new java.util.ArrayList<>();
        java.util.List<String> others = new java.util.ArrayList<>();
        for (String id : ids) {
            try {
                numbers.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                others.add(id);
            }
        }
        java.util.Collections.sort(numbers);
        StringBuilder b = new StringBuilder();
        int written = 0;
        int i = 0;
        while (i < numbers.size()) {
            if (written++ == RANGES_SHOWN) {
                // a person reads a few dozen; the JSON report lists every thread
                return b.append(" and ").append(numbers.size() - i + others.size()).append(" more").toString();
            }
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            b.append(b.length() == 0 ? "" : ", ").append(numbers.get(i));
            if (j >= i + 2) {
                b.append('\u2013').append(numbers.get(j));
                i = j + 1;
            } else {
                i++;
            }
        }
        for (int k = 0; k < others.size(); k++) {
            if (written++ == RANGES_SHOWN) {
                return b.append(" and ").append(others.size() - k).append(" more").toString();
            }
            b.append(b.length() == 0 ? "" : ", ").append(others.get(k));
        }
        return b.toString();
    }
}
