package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.model.Backtrace;
import dev.btexplain.report.JsonRenderer;
import dev.btexplain.report.Report;
import dev.btexplain.report.ToolInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reading a file in two halves on two threads gives exactly the report of one pass: every capture, quirk
 * input and corpus file is cut at its middle header (whatever its size) and both reports are compared whole.
 */
class SplitFileParserTest {

    @TestFactory
    Stream<DynamicTest> twoHalvesEqualOnePass() throws IOException {
        List<Path> files = dev.btexplain.TestInputs.textFiles("src/test/resources/captures", "src/test/resources/parse");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            Backtrace whole;
            try (InputStream in = Files.newInputStream(f)) {
                whole = new GdbParser().parse(new LineSource(in, Long.MAX_VALUE));
            }
            Backtrace halves = SplitFileParser.parse(f, Long.MAX_VALUE, 0);
            String one = json(whole);
            String two = json(halves);
            assertTrue(one.equals(two), () -> dev.btexplain.golden.GoldenFiles.diff(one, two));
        }));
    }

    @org.junit.jupiter.api.Test
    void cutsAtAThreadHeader() throws IOException {
        Path f = Path.of("src/test/resources/captures/qemu/qemu72-smp2-running-2samples.txt");
        long cut = SplitFileParser.findCut(f, Files.size(f) / 2);
        assertTrue(cut > 0);
        String text = Files.readString(f);
        assertTrue(text.startsWith("Thread ", (int) cut), "cut at a header line");
    }

    private static String json(Backtrace bt) throws IOException {
        StringWriter w = new StringWriter();
        new JsonRenderer().render(new Report(new ToolInfo("btexplain", "test"), bt,
                new dev.btexplain.analyze.Analyzer(dev.btexplain.knowledge.KnowledgeBase.builtIn()).analyze(bt)), w);
        return w.toString();
    }
}
