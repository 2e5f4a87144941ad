package dev.btexplain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.analyze.Activity;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.knowledge.KnowledgeLoader;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.report.Report;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** btexplain learn: a pack from a program's healthy captures, which then proves idle and names threads away from home. */
class LearnCommandTest {
    private static final Path CAPTURES = Path.of("src/test/resources/captures/learn");

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(status), out.toString(), err.toString()};
    }

    private static Report explain(String capture, Path pack) throws Exception {
        KnowledgeBase kb = KnowledgeLoader.loadWith(List.of(pack));
        return Btexplain.explain(CAPTURES.resolve(capture), new Btexplain.Options(Btexplain.Options.DEFAULT_MAX_INPUT_BYTES, kb));
    }

    private static ThreadExplanation thread(Report r, String name) {
        for (ThreadTrace t : r.backtrace().threads()) {
            if (name.equals(t.name())) {
                return r.analysis().of(t);
            }
        }
        throw new AssertionError("no thread " + name);
    }

    @Test
    @DisplayName("learned from two healthy captures: the same program idle is idle at home waits; a stuck worker is named away from its home")
    void learnsHomeWaits(@TempDir Path dir) throws Exception {
        Path pack = dir.resolve("learn-demo");
        String[] r = run("learn", CAPTURES.resolve("learn-demo-idle.txt").toString(), CAPTURES.resolve("learn-demo-idle-later.txt").toString(),
                "-o", pack.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("learned 4 thread families of learn-demo"), r[1]);
        for (String f : List.of("pack.json", "roles.json", "README.md")) {
            assertTrue(Files.exists(pack.resolve(f)), f);
        }
        Report idle = explain("learn-demo-idle.txt", pack);
        assertEquals("idle", idle.analysis().diagnosis().verdict().id());
        ThreadExplanation worker = thread(idle, "jobs-0");
        assertEquals("learn-demo.jobs-n", worker.role().id());
        assertEquals("activity.home-wait", worker.activityWhy().rule(), "a learned home wait, not the stack's shape");
        assertEquals("learn-demo.main", thread(idle, "learn-demo").role().id());
        Report stuck = explain("learn-demo-stuck.txt", pack);
        assertEquals("hung", stuck.analysis().diagnosis().verdict().id());
        ThreadExplanation away = thread(stuck, "jobs-1");
        assertEquals(Activity.WAITING, away.activity());
        assertEquals("activity.not-home", away.activityWhy().rule());
        assertTrue(dev.btexplain.report.EvidenceText.of(away.activityWhy()).contains("write_result"), "it says what work the thread waits inside: " + away.activityWhy());
        Report busy = explain("learn-demo-busy.txt", pack);
        assertEquals("busy", busy.analysis().diagnosis().verdict().id());
    }

    @Test
    @DisplayName("one line and exit 2: a folder that is not empty, a folder whose name is no pack id, a missing capture")
    void refusals(@TempDir Path dir) throws Exception {
        Path full = dir.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("x"), "x");
        String capture = CAPTURES.resolve("learn-demo-idle.txt").toString();
        String[] notEmpty = run("learn", capture, "-o", full.toString());
        assertEquals("2", notEmpty[0]);
        assertTrue(notEmpty[2].startsWith("btexplain: learn: ") && notEmpty[2].contains("not an empty folder"), notEmpty[2]);
        String[] badName = run("learn", capture, "-o", dir.resolve("My Pack").toString());
        assertEquals("2", badName[0]);
        assertTrue(badName[2].contains("for example -o learn-demo"), badName[2]);
        String[] missing = run("learn", dir.resolve("nope.txt").toString(), "-o", dir.resolve("x").toString());
        assertEquals("2", missing[0]);
        assertEquals(1, missing[2].strip().lines().count(), missing[2]);
    }
}
