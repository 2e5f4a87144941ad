package dev.btexplain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.analyze.Finding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The findings say what they found, once each, and never claim more than their data. */
class WordingTest {
    private static Report report(String path) throws Exception {
        return Btexplain.explain(Path.of(path), Btexplain.Options.defaults());
    }

    @Test
    @DisplayName("every finding of every capture made here has a sentence (the rest are said with their siblings)")
    void everyFindingIsSaid() throws Exception {
        for (String f : List.of("gcc/deadlock-three-cycle", "gcc/self-deadlock", "gcc/join-on-hung", "jvm/monitor-deadlock-openjdk17",
                "postgresql/backend-row-lock-wait-2samples", "qemu/qemu72-main-loop-drain-vm-stop-2samples", "qemu/qemu72-smp2-prelaunch")) {
            Report r = report("src/test/resources/captures/" + f + ".txt");
            for (Finding x : r.analysis().diagnosis().findings()) {
                if (x.kind() != Finding.Kind.TO_BE_CERTAIN) {
                    String s = Wording.sentence(x);
                    assertTrue(s != null && !s.isBlank() && !s.contains("null") && !s.contains("{"), f + ": " + x.kind() + ": " + s);
                }
            }
        }
    }

    @Test
    @DisplayName("a closed-world deadlock names its threads, says the locks are not named, and names who waits behind them")
    void closedWorldDeadlock() throws Exception {
        Report r = report("src/test/resources/captures/jvm/monitor-deadlock-openjdk17.txt");
        Finding d = r.analysis().diagnosis().findings(Finding.Kind.CLOSED_WORLD_DEADLOCK).get(0);
        String s = Wording.sentence(d);
        assertTrue(s.startsWith("Deadlock: thread 20 (auditor, Java thread) and thread 2 (java, Java main thread) wait for 2 locks "
                + "their frames do not name"), s);
        assertTrue(s.contains("as thread 1 (java, java launcher thread) does"), s);
    }

    @Test
    @DisplayName("idle is said only when every thread is at home; never 'none is blocked' while a thread waits inside work")
    void idleOnlyWhenProven() throws Exception {
        String idle = String.join(" ", Wording.observations(report("src/test/resources/captures/qemu/qemu72-smp2-prelaunch.txt").analysis().diagnosis()));
        assertTrue(idle.contains("Every thread waits at its home wait"), idle);
        String hung = String.join(" ", Wording.observations(report("src/test/resources/captures/qemu/qemu72-main-loop-drain-vm-stop-2samples.txt")
                .analysis().diagnosis()));
        assertFalse(hung.contains("Every thread waits at its home wait") || hung.contains("none is blocked"), hung);
        assertEquals("idle", report("src/test/resources/captures/qemu/qemu72-smp2-prelaunch.txt").analysis().diagnosis().verdict().id());
    }
}
