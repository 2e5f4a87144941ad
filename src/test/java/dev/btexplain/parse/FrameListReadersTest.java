package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.knowledge.KnowledgeBase;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.Frame;
import dev.btexplain.model.FrameList;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The field readers of a frame list (what the analysis reads a million times without making frames) answer what the
 * frame made for the same index says, on every capture of every format the project has.
 */
class FrameListReadersTest {

    @Test
    void readersAgreeWithTheFramesOnEveryCapture() throws Exception {
        List<Path> captures;
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/captures"))) {
            captures = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertTrue(captures.size() > 50, "captures found: " + captures.size());
        int frames = 0;
        for (Path capture : captures) {
            for (ThreadTrace t : stacks(capture).threads()) {
                FrameList list = t.frameList();
                for (int i = 0; i < list.size(); i++) {
                    Frame f = list.get(i);
                    String where = capture + " thread " + t.number() + " frame " + i;
                    assertEquals(f.function(), list.function(i), where);
                    assertEquals(f.library(), list.library(i), where);
                    assertEquals(f.source(), list.source(i), where);
                    assertEquals(f.args(), list.args(i), where);
                    assertEquals(f.index(), list.index(i), where);
                    assertEquals(f.signalHandler(), list.signalHandler(i), where);
                    assertEquals(f.unreliable(), list.unreliable(i), where);
                    assertEquals(f.hasAddress(), list.hasAddress(i), where);
                    assertEquals(f.pc(), list.pc(i), where);
                    assertEquals(f.isUnknownFunction(), list.isUnknownFunction(i), where);
                    frames++;
                }
            }
        }
        assertTrue(frames > 1000, "frames read: " + frames);
    }

    /** The capture read as the CLI reads it (its format detected), stacks only. */
    private static Backtrace stacks(Path capture) throws IOException, UnusableInputException {
        Report r = Btexplain.explain(capture, new Btexplain.Options(Btexplain.Options.DEFAULT_MAX_INPUT_BYTES,
                KnowledgeBase.builtIn(), null, true));
        return r.backtrace();
    }
}
