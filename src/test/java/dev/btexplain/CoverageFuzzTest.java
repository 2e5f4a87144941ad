package dev.btexplain;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Coverage-guided fuzzing with Jazzer of the whole pipeline, as FuzzTest checks it (a report in every format or the
 * one-line refusal, within a time bound). Its input picks one of our captures (and the shared corpus's, when it is
 * there) and splices the fuzzer's bytes into it, so the fuzzer starts from real backtraces of every format. In ./test
 * it replays what it has found (src/test/resources/dev/btexplain/CoverageFuzzTestInputs); the fuzz profile
 * (JAZZER_FUZZ=1 mvn -Pfuzz test) fuzzes for the time given below.
 */
class CoverageFuzzTest {
    private static final List<byte[]> SEEDS = dev.btexplain.FuzzTest.seedPaths().stream().map(CoverageFuzzTest::read).toList();

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "3m")
    void capturesSplicedWithFuzzedBytes(FuzzedDataProvider data) {
        byte[] seed = SEEDS.get(data.consumeInt(0, SEEDS.size() - 1));
        int at = data.consumeInt(0, seed.length);
        int replaced = data.consumeInt(0, Math.min(seed.length - at, 4096));
        byte[] inserted = data.consumeRemainingAsBytes();
        byte[] input = new byte[seed.length - replaced + inserted.length];
        System.arraycopy(seed, 0, input, 0, at);
        System.arraycopy(inserted, 0, input, at, inserted.length);
        System.arraycopy(seed, at + replaced, input, at + inserted.length, seed.length - at - replaced);
        dev.btexplain.FuzzTest.explainEverywhere(input);
    }
}
