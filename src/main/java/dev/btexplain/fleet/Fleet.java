package dev.btexplain.fleet;

import dev.btexplain.Btexplain;
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

    /** One report explained, signed and added; one that is not a backtrace is counted with why. */
    static void bucket(FleetReport r, Signer signer, Btexplain.Options options, Buckets buckets, FleetInput.Skips skip) {
        Report report;
        try {
            report = Btexplain.explain(new ByteArrayInputStream(r.text().getBytes(StandardCharsets.UTF_8)), options);
        } catch (UnusableInputException e) {
            skip.skip(r.source(), e.getMessage().replaceAll("[:(].*", "").strip()); // the kind of failure, not its counts
            return;
        } catch (IOException e) {
            skip.skip(r.source(), "cannot read: " + e.getMessage());
            return;
        }
        buckets.add(signer.sign(report), r, report.analysis().diagnosis().verdict().id());
    }
}
