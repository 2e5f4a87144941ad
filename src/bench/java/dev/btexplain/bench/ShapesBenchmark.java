package dev.btexplain.bench;

import dev.btexplain.Btexplain;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import java.io.IOException;
import java.io.Writer;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The shapes that expose a quadratic path, each explained and rendered as text whole: 16,000 threads waiting for
 * one mutex, 16,000 threads each waiting for a mutex of its own, 50,000 identical stacks, one thread of 100,000 frames
 * (TraceGenerator.shape). Each must take under 2 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseParallelGC", "-XX:NewRatio=1"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class ShapesBenchmark {
    @Param({"one-mutex:16000", "mutex-chain:16000", "identical:50000", "deep:100000"})
    public String shape;

    private Path file;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        file = Files.createTempFile("btexplain-shape", ".txt");
        String[] s = shape.split(":");
        long size = TraceGenerator.shape(file, s[0], Integer.parseInt(s[1]));
        System.out.printf("%ninput: %s, %.1f MB%n", shape, size / 1e6);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public int explainAndRender() throws Exception {
        Report r = Btexplain.explain(file, new Btexplain.Options(Long.MAX_VALUE));
        Writer none = Writer.nullWriter();
        Btexplain.render(r, ReportFormat.TEXT, none, false);
        return r.analysis().diagnosis().frames();
    }
}
