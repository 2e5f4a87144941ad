package dev.btexplain.analyze;

import static dev.btexplain.analyze.Listing.joinWait;
import static dev.btexplain.analyze.Listing.pthread;
import static dev.btexplain.analyze.Listing.readWait;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.knowledge.NextStep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The packs' next steps: by a trigger of the capture or by a thread's role and state; a program's step replaces the generic one. */
class NextStepsTest {
    private static List<String> ids(Diagnosis d) {
        return d.nextSteps().stream().map(NextStep::id).toList();
    }

    private static Diagnosis capture(String path) throws Exception {
        return Btexplain.explain(Path.of(path), Btexplain.Options.defaults()).analysis().diagnosis();
    }

    @Test
    @DisplayName("one listing of an unknown program: take samples; no program's advice")
    void genericSteps() throws Exception {
        Diagnosis d = new Listing().thread(2, "reader", readWait(3, "read_request")).thread(1, "main", joinWait(pthread(2)))
                .explain().analysis().diagnosis();
        assertTrue(ids(d).contains("samples"), ids(d).toString());
        assertFalse(ids(d).stream().anyMatch(id -> id.startsWith("qemu") || id.startsWith("jvm") || id.startsWith("postgresql")), ids(d).toString());
    }

    @Test
    @DisplayName("a stripped QEMU: QEMU's own debug-symbol advice takes the place of the generic one")
    void programStepReplacesGeneric() throws Exception {
        Diagnosis d = capture("src/test/resources/captures/qemu/qemu72-smp2-prelaunch.txt");
        assertTrue(ids(d).contains("symbols-qemu"), ids(d).toString());
        assertFalse(ids(d).contains("symbols"), ids(d).toString());
    }

    @Test
    @DisplayName("a JVM: jstack, and never a debug-symbol package for its Java frames")
    void jvmSteps() throws Exception {
        Diagnosis d = capture("src/test/resources/captures/jvm/monitor-deadlock-openjdk17.txt");
        assertTrue(ids(d).contains("jvm-jstack"), ids(d).toString());
        assertFalse(ids(d).contains("symbols"), ids(d).toString());
    }

    @Test
    @DisplayName("a backend waiting for a database lock: ask the server who blocks it")
    void roleAndStateSteps() throws Exception {
        Diagnosis d = capture("src/test/resources/captures/postgresql/backend-row-lock-wait-2samples.txt");
        assertTrue(ids(d).contains("postgresql-locks"), ids(d).toString());
        assertFalse(ids(d).contains("samples"), "two samples were taken: " + ids(d));
    }
}
