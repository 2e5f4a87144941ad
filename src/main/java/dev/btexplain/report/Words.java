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
}
