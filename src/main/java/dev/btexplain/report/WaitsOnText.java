package dev.btexplain.report;

import dev.btexplain.analyze.WaitsOn;
import java.util.List;

/** What a wait is on, for a person: "mutex 0x… &lt;bql&gt;, the Big QEMU Lock (BQL)", "timeout about 0.5 s (ppoll timeout=…)". */
public final class WaitsOnText {
    private WaitsOnText() {
    }

    public static String of(WaitsOn w) {
        if (w instanceof WaitsOn.Object o) {
            return o.label() + " " + o.value() + (o.knownLock() == null ? "" : ", " + o.knownLock()
                    + (o.lockFunction() == null ? "" : ", which " + o.lockFunction() + (o.givesWait() ? " gives the wait" : " takes")));
        }
        if (w instanceof WaitsOn.Limit l) {
            return Durations.describe(l.timeout()) + " (" + l.function() + " " + l.argument() + "=" + l.value() + ")";
        }
        WaitsOn.Descriptors d = (WaitsOn.Descriptors) w;
        return d.count() + " file descriptors" + (d.list() == null ? "" : " (" + d.listArgument() + "=" + d.list() + ")");
    }

    /** Each of them, in order. */
    public static List<String> all(List<WaitsOn> waits) {
        return waits.stream().map(WaitsOnText::of).toList();
    }
}
