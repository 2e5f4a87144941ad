package dev.btexplain.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.btexplain.Btexplain;
import dev.btexplain.fleet.Fleet;
import dev.btexplain.fleet.FleetReport;
import dev.btexplain.fleet.SignatureRules;
import dev.btexplain.fleet.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One fleet worker's cost per report, without the JVM's start, the compiler, the collector or gzip: 20,000 of
 * FleetGenerator's reports (300 shapes, seed 7) read, explained as far as the signature needs, and signed, one after
 * another on one thread (what each worker of {@code btexplain fleet} does). The launcher's fleet flags.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:MaxTenuringThreshold=1", "-XX:InlineSmallCode=500", "-XX:FreqInlineSize=100",
        "-XX:MaxInlineLevel=9"})
@Warmup(iterations = 8)
@Measurement(iterations = 8)
public class FleetSignBenchmark {
    private static final int REPORTS = 20_000;
    private final List<FleetReport> reports = new ArrayList<>();
    private Signer signer;
    private Btexplain.Options options;

    @Setup
    public void generate() throws IOException {
        Path file = Files.createTempFile("fleet", ".ndjson");
        try {
            FleetGenerator.write(file, REPORTS, 300, 7);
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(file)) {
                reports.add(new FleetReport("r", json.readTree(line).get("report").asText(), null, null, null));
            }
        } finally {
            Files.delete(file);
        }
        options = Btexplain.Options.defaults();
        signer = new Signer(SignatureRules.builtIn(), options.knowledge());
    }

    /** Microseconds per report. */
    @Benchmark
    @OperationsPerInvocation(REPORTS)
    public int sign() {
        int signed = 0;
        for (FleetReport r : reports) {
            signed += Fleet.sign(r, signer, options).signature() != null ? 1 : 0;
        }
        return signed;
    }
}
