package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.btexplain.TestInputs;
import dev.btexplain.model.InputFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The detector's fast way (patterns tried only on the lines holding their literals) against searching every pattern everywhere. */
class FormatDetectorTest {
    private final FormatDetector detector = new FormatDetector();
    /** The formats whose presence decides: the fast way stops counting their lines at one. */
    private static final java.util.Set<InputFormat> PRESENCE_DECIDES = java.util.EnumSet.of(InputFormat.GDB, InputFormat.ASAN,
            InputFormat.TSAN, InputFormat.UBSAN, InputFormat.KERNEL);

    @Test
    void tryingOnlyTheLinesThatHoldALiteralDetectsWhatASearchOfTheWholeSampleDetects() throws Exception {
        int files = 0;
        int counted = 0;
        for (Path f : TestInputs.textFiles("src/test/resources", "examples")) {
            byte[] all = Files.readAllBytes(f);
            int length = Math.min(all.length, FormatDetector.SAMPLE_BYTES);
            FormatDetector.Detection fast = detector.detect(all, length);
            FormatDetector.Detection slow = detector.detectBySearch(all, length);
            assertEquals(slow.format(), fast.format(), f.toString());
            assertEquals(slow.scores().keySet(), fast.scores().keySet(), f.toString());
            assertEquals(slow.binary(), fast.binary(), f.toString());
            if (java.util.Collections.disjoint(slow.scores().keySet(), PRESENCE_DECIDES)) {
                assertEquals(slow.scores(), fast.scores(), f.toString()); // each line counted, where counts decide
                counted++;
            }
            files++;
        }
        assertEquals(true, files > 300, "inputs compared: " + files);
        assertEquals(true, counted > 50, "inputs whose counts were compared: " + counted);
    }

    @Test
    void aLiteralOnALineTheLineStartsOrEndsWithOrHoldsTwiceIsFound() {
        String text = "#0  0x00007f in f ()\r\n\n  \t#1  g (x=1) at a.c:2\nThread 2 (Thread 0x7f (LWP 5)):\nThread 2 (Thread 0x7f (LWP 5)):";
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        FormatDetector.Detection d = detector.detect(b, b.length);
        assertEquals(InputFormat.GDB, d.format());
        assertEquals(detector.detectBySearch(b, b.length).format(), d.format());
        // lines ended by CR alone (an old Mac's, or a terminal's capture)
        byte[] cr = "warning: a note\r#0  0x00007f in f ()\r#1  g () at a.c:2\r".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(InputFormat.GDB, detector.detect(cr, cr.length).format());
        // counted where the count decides: three goroutine headers against two jstack state lines
        String dumps = "goroutine 1 [running]:\n\ngoroutine 2 [chan receive]:\ngoroutine 3 [select]:\n"
                + "   java.lang.Thread.State: RUNNABLE\n   java.lang.Thread.State: WAITING (parking)\n";
        byte[] c = dumps.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(InputFormat.GO, detector.detect(c, c.length).format());
        assertEquals(3, detector.detect(c, c.length).scores().get(InputFormat.GO));
    }
}
