package dev.btexplain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watched folder: report files once they settle, NDJSON files as they grow, each report once, lines numbered as in the file. */
class FolderWatchTest {
    /** What a look's entries read as: each report's source and text, and each skip's source and why. */
    private static List<String> read(List<String> entries) throws IOException {
        List<String> out = new ArrayList<>();
        FleetInput.readBatch(entries, r -> out.add(r.source() + " " + r.text()), (source, why) -> out.add(source + " " + why));
        return out;
    }

    private static void append(Path f, String text, long modifiedMillisAgo) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - modifiedMillisAgo));
    }

    private static String report(int i) {
        return "{\"report\":\"#0  f" + i + " ()\"}";
    }

    @Test
    void anNdjsonFileIsReadAsItGrowsWholeLinesOnlyEachOnce(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("reports.ndjson");
        FolderWatch watch = new FolderWatch(List.of(dir), Duration.ofSeconds(60));
        // being written (changed just now): the whole lines are read, the one still open waits; a CR at the end may be a CR LF's
        append(f, report(1) + "\n" + report(2) + "\r\n\n" + report(3) + "\r" + report(4) + "\r", 0);
        FolderWatch.Arrivals first = watch.arrived();
        assertEquals(1, first.grown());
        assertEquals(List.of(f + ":1 #0  f1 ()", f + ":2 #0  f2 ()", f + ":4 #0  f3 ()"), read(first.entries()));
        append(f, "\n" + report(5).substring(0, 10), 0);
        assertEquals(List.of(f + ":5 #0  f4 ()"), read(watch.arrived().entries()), "the CR LF ended line 5; line 6 is still open");
        assertTrue(watch.arrived().isEmpty(), "nothing new");
        append(f, report(5).substring(10) + "\n" + report(6), 120_000);
        assertEquals(List.of(f + ":6 #0  f5 ()", f + ":7 #0  f6 ()"), read(watch.arrived().entries()),
                "settled: the last line too, though no line end follows it");

        // the lines read look by look are the file's lines, as one read of the whole file gives them
        List<String> whole = new ArrayList<>();
        FleetInput.read(List.of(f), r -> whole.add(r.source() + " " + r.text()), (source, why) -> whole.add(source + " " + why));
        assertEquals(List.of(f + ":1 #0  f1 ()", f + ":2 #0  f2 ()", f + ":4 #0  f3 ()", f + ":5 #0  f4 ()", f + ":6 #0  f5 ()",
                f + ":7 #0  f6 ()"), whole);
    }

    @Test
    void aReplacedOrShortenedNdjsonFileIsReadFromItsStartAndReportFilesOnceSettled(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("reports.jsonl");
        FolderWatch watch = new FolderWatch(List.of(dir), Duration.ofSeconds(60));
        append(f, report(1) + "\n" + report(2) + "\n", 0);
        assertEquals(2, read(watch.arrived().entries()).size());
        Files.writeString(f, report(3) + "\n"); // rewritten shorter: another file under the same name
        assertEquals(List.of(f + ":1 #0  f3 ()"), read(watch.arrived().entries()));
        Path other = dir.resolve("other.jsonl");
        append(other, report(4) + "\n" + report(5) + "\n" + report(6) + "\n", 0);
        Files.move(other, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // moved over it: longer, but not the same file
        assertEquals(3, read(watch.arrived().entries()).size());

        Path single = dir.resolve("core.txt");
        append(single, "#0  main () at m.c:1\n", 0);
        assertTrue(watch.arrived().isEmpty(), "a report file being written waits");
        Files.setLastModifiedTime(single, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        FolderWatch.Arrivals settled = watch.arrived();
        assertEquals(List.of(single.toString()), settled.entries());
        assertEquals(1, settled.files());
        assertTrue(watch.arrived().isEmpty(), "taken once");
        append(single, "#1  0x1 in start ()\n", 60_000); // changed after it was read: said once, not read again
        FolderWatch.Arrivals changed = watch.arrived();
        assertEquals(List.of(), changed.entries());
        assertEquals(List.of(single.toString()), changed.changed());
        assertEquals(List.of(), watch.arrived().changed());
    }

    @Test
    void aLargeNdjsonFileIsReadInSlicesThatKeepItsLineNumbers(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big.ndjson");
        StringBuilder b = new StringBuilder();
        String[] ends = {"\n", "\r\n", "\r", "\n\n"};
        for (int i = 0; i < 300; i++) {
            b.append(report(i)).append(ends[i % ends.length]);
        }
        append(f, b.toString(), 0);
        List<String> sliced = new ArrayList<>();
        long from = 0;
        int line = 1;
        // read as a growing file is: slices of about 400 bytes, from where the last one ended
        for (int look = 0; look < 3; look++) {
            FleetInput.Tail t = FleetInput.tail(f, from, Files.size(f), line, look == 2, 400);
            assertTrue(look > 0 || t.slices().size() > 10, "sliced: " + t.slices().size());
            sliced.addAll(read(t.slices().stream().map(FleetInput.Slice::entry).toList()));
            from = t.end();
            line = t.nextLine();
            if (look == 0) {
                append(f, report(300) + "\r", 0);
            }
        }
        List<String> whole = new ArrayList<>();
        FleetInput.read(List.of(f), r -> whole.add(r.source() + " " + r.text()), (source, why) -> whole.add(source + " " + why));
        assertEquals(whole, sliced);
        assertEquals(301, whole.size());
    }
}
