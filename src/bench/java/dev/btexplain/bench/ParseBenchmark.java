package dev.btexplain.bench;

import dev.btexplain.Btexplain;
import dev.btexplain.model.Backtrace;
import dev.btexplain.parse.GdbParser;
import dev.btexplain.parse.LineSource;
import dev.btexplain.parse.SplitFileParser;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse throughput on a generated ~150 MB "thread apply all bt" (75,000 threads, ~15 frames each), read
 * from a file as the CLI does, with the launcher's collector (ParallelGC). The fork's heap is capped at 512 MB, so a run that finishes shows the model
 * fits; each iteration also prints the heap's peak. Each iteration is one parse on a heap just collected, as a
 * CLI run is (single-shot after warm-up), so one parse does not pay for the previous one's garbage.
 * MB/s = input MB (printed at set-up) / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Xms512m", "-XX:+UseParallelGC", "-XX:NewRatio=1"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class ParseBenchmark {
    private Path file;
    private long size;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        file = Files.createTempFile("btexplain-bench", ".txt");
        size = TraceGenerator.write(file, 75_000, 15, 42);
        System.out.printf("%ninput: %s, %.1f MB%n", file, size / 1e6);
    }

    @Setup(Level.Iteration)
    public void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    @TearDown(Level.Iteration)
    public void reportPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("  heap peak (sum of pool peaks): %.0f MB%n", peak / 1e6);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The parser on the CLI's path for a file argument: a file this size is read on two cores. */
    @Benchmark
    public int parseFile() throws Exception {
        return SplitFileParser.parse(file, Long.MAX_VALUE).frameCount();
    }

    /** The parser on standard input: one pass on one core. */
    @Benchmark
    public int parseStream() throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            Backtrace bt = new GdbParser().parse(new LineSource(in, Long.MAX_VALUE));
            return bt.frameCount();
        }
    }

    /** The whole explanation of a file (parse, then roles, states, locks, groups, diagnosis), for reference. */
    @Benchmark
    public int explainFile() throws Exception {
        return Btexplain.explain(file, new Btexplain.Options(Long.MAX_VALUE)).analysis().diagnosis().frames();
    }
}
