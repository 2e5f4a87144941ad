package dev.btexplain.fleet;

import dev.btexplain.Btexplain;
import dev.btexplain.analyze.Analyzer;
import dev.btexplain.analyze.Crash;
import dev.btexplain.analyze.Verdict;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Buckets a fleet's reports in this process, on every core: the reports are read in order, each batch explained and
 * signed by a worker, and added to the buckets (whose merge does not depend on order). The classes it runs (FleetInput,
 * Signer, Buckets) hold no engine's types: another engine runs the same steps.
 */
public final class Fleet {
    /** Reports handed to a worker at once: a small report's explanation is short, a task per report is not. */
    static final int BATCH = 64;

    /** The buckets and what was not read, by why (each reason with how many, and its first source). */
    public record Result(Buckets buckets, Map<String, Skipped> skipped) {
    }

    /** Reports not read for one reason: how many, and the first of them. */
    public record Skipped(long count, String first) {
    }

    private Fleet() {
    }

    public static Result run(List<Path> inputs, Signer signer, Btexplain.Options options, int workers) throws IOException {
        Buckets buckets = new Buckets();
        Map<String, Skipped> skipped = new TreeMap<>();
        FleetInput.Skips skip = (source, why) -> {
            synchronized (skipped) {
                skipped.merge(why, new Skipped(1, source), (a, b) -> new Skipped(a.count() + 1,
                        a.first().compareTo(b.first()) <= 0 ? a.first() : b.first()));
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "btexplain-fleet");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(2 * workers); // reading waits for the workers: memory stays bounded
        List<Future<?>> running = new ArrayList<>();
        List<FleetReport> batch = new ArrayList<>(BATCH);
        try {
            FleetInput.read(inputs, r -> {
                batch.add(r);
                if (batch.size() == BATCH) {
                    running.add(submit(pool, inFlight, List.copyOf(batch), signer, options, buckets, skip));
                    batch.clear();
                    running.removeIf(Future::isDone);
                }
            }, skip);
            if (!batch.isEmpty()) {
                running.add(submit(pool, inFlight, List.copyOf(batch), signer, options, buckets, skip));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(buckets, skipped);
    }

    private static Future<?> submit(ExecutorService pool, Semaphore inFlight, List<FleetReport> batch, Signer signer,
                                    Btexplain.Options options, Buckets buckets, FleetInput.Skips skip) {
        inFlight.acquireUninterruptibly();
        return pool.submit(() -> {
            try {
                for (FleetReport r : batch) {
                    bucket(r, signer, options, buckets, skip);
                }
            } finally {
                inFlight.release();
            }
        });
    }

    /** A report's signature and its verdict; or, when it could not be read, why (the signature then null). */
    public record Signed(Signature signature, String verdict, String skipped) {
    }

    /**
     * One report read and signed. A listing with gdb's fatal signal line is a crash whatever its other threads do: it
     * is signed from the crashing thread's frames without explaining the threads (a crash fleet's fast path); any other
     * is explained whole.
     */
    public static Signed sign(FleetReport r, Signer signer, Btexplain.Options options) {
        Report read;
        try {
            read = Btexplain.explain(new ByteArrayInputStream(r.text().getBytes(StandardCharsets.UTF_8)),
                    new Btexplain.Options(options.maxInputBytes(), options.knowledge(), options.inputFormat(), true));
        } catch (UnusableInputException e) {
            return new Signed(null, null, e.getMessage().replaceAll("[:(].*", "").strip()); // the kind of failure, not its counts
        } catch (IOException e) {
            return new Signed(null, null, "cannot read: " + e.getMessage());
        }
        Analyzer analyzer = new Analyzer(options.knowledge());
        Crash crash = analyzer.fatalSignal(read.backtrace());
        if (crash != null) {
            return new Signed(signer.crash(crash), Verdict.CRASH.id(), null);
        }
        Report report = new Report(read.tool(), read.backtrace(), analyzer.analyze(read.backtrace()));
        return new Signed(signer.sign(report), report.analysis().diagnosis().verdict().id(), null);
    }

    /** One report signed and added; one that is not a backtrace is counted with why. */
    static void bucket(FleetReport r, Signer signer, Btexplain.Options options, Buckets buckets, FleetInput.Skips skip) {
        Signed s = sign(r, signer, options);
        if (s.signature() == null) {
            skip.skip(r.source(), s.skipped());
        } else {
            buckets.add(s.signature(), r, s.verdict());
        }
    }
}
