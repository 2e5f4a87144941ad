package dev.btexplain.bench;

import dev.btexplain.Btexplain;
import dev.btexplain.fleet.Fleet;
import dev.btexplain.fleet.FleetReport;
import dev.btexplain.fleet.Ndjson;
import dev.btexplain.fleet.SignatureRules;
import dev.btexplain.fleet.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * How well and how fast the fleet's signatures bucket FleetGenerator's reports, whose true shapes it knows: reports per
 * CPU-second (the whole process: JVM, reading, parsing, signing), peak RSS, purity (the share of reports in a bucket whose
 * majority shape is theirs) and buckets per true shape.
 *
 * <p>{@code java -XX:+UseSerialGC -XX:MaxTenuringThreshold=1 -XX:InlineSmallCode=500 -XX:FreqInlineSize=100 -XX:MaxInlineLevel=9 -cp target/benchmarks.jar dev.btexplain.bench.FleetPurity REPORTS.ndjson[.gz] [WORKERS]}
 * (the launcher's flags for {@code fleet})
 */
public final class FleetPurity {
    private FleetPurity() {
    }

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]);
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Btexplain.Options options = Btexplain.Options.defaults();
        Signer signer = new Signer(SignatureRules.builtIn(), options.knowledge());
        // per bucket (signature text): reports per true shape; per shape: its buckets
        Map<String, Map<Integer, Long>> byBucket = new HashMap<>();
        Map<Integer, Set<String>> byShape = new HashMap<>();
        long[] counts = new long[2]; // reports, skipped
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        var raw = Files.newInputStream(input);
        var in = input.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(4 * workers);
        List<Map<String, Ndjson.Field>> batch = new ArrayList<>();
        java.util.function.Consumer<List<Map<String, Ndjson.Field>>> submit = mine -> {
            inFlight.acquireUninterruptibly();
            running.add(pool.submit(() -> {
                try {
                    for (Map<String, Ndjson.Field> n : mine) {
                        FleetReport report = new FleetReport("r", n.get("report").text(), null, null, null);
                        Fleet.Signed s = Fleet.sign(report, signer, options);
                        int shape = Integer.parseInt(n.get("shape").text());
                        synchronized (byBucket) {
                            counts[0]++;
                            if (s.signature() == null) {
                                counts[1]++;
                                continue;
                            }
                            byBucket.computeIfAbsent(s.signature().text(), k -> new HashMap<>()).merge(shape, 1L, Long::sum);
                            byShape.computeIfAbsent(shape, k -> new HashSet<>()).add(s.signature().text());
                        }
                    }
                } finally {
                    inFlight.release();
                }
            }));
            running.removeIf(java.util.concurrent.Future::isDone);
        };
        try (in) {
            Ndjson.read(in, (number, fields) -> {
                batch.add(fields);
                if (batch.size() == 256) {
                    submit.accept(List.copyOf(batch));
                    batch.clear();
                }
            });
        }
        if (!batch.isEmpty()) {
            submit.accept(List.copyOf(batch));
        }
        for (var f : running) {
            f.get();
        }
        pool.shutdown();
        long majority = 0;
        long bucketed = 0;
        for (Map<Integer, Long> shapes : byBucket.values()) {
            majority += shapes.values().stream().mapToLong(Long::longValue).max().orElse(0);
            bucketed += shapes.values().stream().mapToLong(Long::longValue).sum();
        }
        double cpu = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis() / 1000.0;
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?");
        System.out.printf(Locale.ROOT, "reports %d (not read %d), buckets %d, true shapes %d%n", counts[0], counts[1], byBucket.size(),
                byShape.size());
        System.out.printf(Locale.ROOT, "purity %.4f, buckets per true shape %.3f (the worst: %d)%n", (double) majority / bucketed,
                byShape.values().stream().mapToInt(Set::size).average().orElse(0),
                byShape.values().stream().mapToInt(Set::size).max().orElse(0));
        System.out.printf(Locale.ROOT, "CPU %.1f s: %.0f reports per CPU-second; peak RSS %s%n", cpu, counts[0] / cpu, hwm.replaceAll("\\s+", " "));
        // the first few shapes split over several buckets, to see why
        byShape.entrySet().stream().filter(e -> e.getValue().size() > 1).limit(Integer.getInteger("show", 3))
                .forEach(e -> System.out.println("shape " + e.getKey() + " in " + e.getValue().size() + " buckets: " + e.getValue()));
    }
}
