package dev.btexplain.fleet;

import dev.btexplain.Btexplain;
import dev.btexplain.analyze.Analyzer;
import dev.btexplain.analyze.Crash;
import dev.btexplain.analyze.Verdict;
import dev.btexplain.parse.UnusableInputException;
import dev.btexplain.report.Report;
import java.io.IOException;
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
        /** Both counts, and the first source of both in name order: the same whatever the order. */
        public Skipped merge(Skipped o) {
            return new Skipped(count + o.count, Buckets.SOURCES.compare(first, o.first) <= 0 ? first : o.first);
        }
    }

    private Fleet() {
    }

    public static Result run(List<Path> inputs, Signer signer, Btexplain.Options options, int workers) throws IOException {
        return run(inputs, signer, Overrides.NONE, options, workers);
    }

    /** The same, with a user's merges and splits applied to the signatures. */
    public static Result run(List<Path> inputs, Signer signer, Overrides overrides, Btexplain.Options options, int workers)
            throws IOException {
        return add(new Result(new Buckets(), new TreeMap<>()), inputs, signer, overrides, options, workers);
    }

    /** These inputs' reports added to buckets made before; the same result, grown. */
    public static Result add(Result into, List<Path> inputs, Signer signer, Overrides overrides, Btexplain.Options options,
                             int workers) throws IOException {
        return add(into, (sink, skips) -> FleetInput.read(inputs, sink, skips), signer, overrides, options, workers);
    }

    /** What a watch found ({@link FolderWatch.Arrivals}' entries: files, and NDJSON files' new lines) added likewise. */
    public static Result addArrived(Result into, List<String> entries, Signer signer, Overrides overrides, Btexplain.Options options,
                                    int workers) throws IOException {
        return add(into, (sink, skips) -> FleetInput.readBatch(entries, sink, skips), signer, overrides, options, workers);
    }

    private static Result add(Result into, Reports reports, Signer signer, Overrides overrides, Btexplain.Options options,
                              int workers) throws IOException {
        Buckets buckets = into.buckets();
        Map<String, Skipped> skipped = into.skipped();
        FleetInput.Skips skip = skips(skipped);
        each(reports, workers, skip, batch -> {
            List<Buckets.SignedReport> signed = new ArrayList<>(batch.size());
            for (FleetReport r : batch) {
                Signed s = sign(r, signer, overrides, options);
                if (s.signature() == null) {
                    skip.skip(r.source(), s.skipped());
                } else {
                    signed.add(new Buckets.SignedReport(s.signature(), r, s.verdict()));
                }
            }
            buckets.add(signed);
        });
        return into;
    }

    /** How two sets of rules sign the same reports: each change of signature with how many reports it moves, and how many stay. */
    public record Diff(Map<List<String>, Long> changed, long same, Map<String, Skipped> skipped) {
    }

    /** Socorro's "Original / New / Same" over a set of reports, for a change of rules before it is made. */
    public static Diff diff(List<Path> inputs, Signer original, Signer changed, Btexplain.Options options, int workers)
            throws IOException {
        Map<List<String>, Long> moved = new TreeMap<>(java.util.Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        long[] same = new long[1];
        Map<String, Skipped> skipped = new TreeMap<>();
        FleetInput.Skips skip = skips(skipped);
        each((sink, skips) -> FleetInput.read(inputs, sink, skips), workers, skip, batch -> batch.forEach(r -> {
            Read read = read(r, options);
            Signed a = read.sign(original);
            if (a.signature() == null) {
                skip.skip(r.source(), a.skipped());
                return;
            }
            Signed b = read.sign(changed);
            synchronized (moved) {
                if (a.signature().text().equals(b.signature().text())) {
                    same[0]++;
                } else {
                    moved.merge(List.of(a.signature().text(), b.signature().text()), 1L, Long::sum);
                }
            }
        }));
        return new Diff(moved, same[0], skipped);
    }

    private static FleetInput.Skips skips(Map<String, Skipped> skipped) {
        return (source, why) -> {
            synchronized (skipped) {
                skipped.merge(why, new Skipped(1, source), Skipped::merge);
            }
        };
    }

    /** How reports are read: each to {@code sink}, what cannot be read to {@code skips}. */
    private interface Reports {
        void read(java.util.function.Consumer<FleetReport> sink, FleetInput.Skips skips) throws IOException;
    }

    /** Every report read to {@code work}, in batches on {@code workers} threads; reading waits for them. */
    private static void each(Reports reports, int workers, FleetInput.Skips skip, java.util.function.Consumer<List<FleetReport>> work)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "btexplain-fleet");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(2 * workers); // memory stays bounded
        List<Future<?>> running = new ArrayList<>();
        List<FleetReport> batch = new ArrayList<>(BATCH);
        try {
            reports.read(r -> {
                batch.add(r);
                if (batch.size() == BATCH) {
                    running.add(submit(pool, inFlight, List.copyOf(batch), work));
                    batch.clear();
                    finished(running);
                }
            }, skip);
            if (!batch.isEmpty()) {
                running.add(submit(pool, inFlight, List.copyOf(batch), work));
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
    }

    /** The batches done so far let go of, each asked for its outcome: a worker's failure is never dropped unseen. */
    private static void finished(List<Future<?>> running) {
        for (java.util.Iterator<Future<?>> i = running.iterator(); i.hasNext(); ) {
            Future<?> f = i.next();
            if (f.isDone()) {
                try {
                    f.get();
                } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
                }
                i.remove();
            }
        }
    }

    private static Future<?> submit(ExecutorService pool, Semaphore inFlight, List<FleetReport> batch,
                                    java.util.function.Consumer<List<FleetReport>> work) {
        inFlight.acquireUninterruptibly();
        return pool.submit(() -> {
            try {
                work.accept(batch);
            } finally {
                inFlight.release();
            }
        });
    }

    /** A report's signature and its verdict; or, when it could not be read, why (the signature then null). */
    public record Signed(Signature signature, String verdict, String skipped) {
    }

    /**
     * A report as the signers need it: the crash gdb's fatal-signal line shows (its threads not explained: a crash
     * fleet's fast path), else the whole report; or why it could not be read.
     */
    public record Read(Crash crash, Report report, String skipped) {
        /** Its signature under these rules. */
        public Signed sign(Signer signer) {
            if (skipped != null) {
                return new Signed(null, null, skipped);
            }
            return crash != null ? new Signed(signer.crash(crash), Verdict.CRASH.id(), null)
                    : new Signed(signer.sign(report), report.analysis().diagnosis().verdict().id(), null);
        }
    }

    /**
     * One report read. A listing with gdb's fatal signal line is a crash whatever its other threads do: its crash is
     * located without explaining the threads; any other report is explained whole.
     */
    public static Read read(FleetReport r, Btexplain.Options options) {
        Report read;
        try {
            read = Btexplain.explain(r.utf8(),
                    new Btexplain.Options(options.maxInputBytes(), options.knowledge(), options.inputFormat(), true));
        } catch (UnusableInputException e) {
            return new Read(null, null, e.getMessage().replaceAll("[:(].*", "").strip()); // the kind of failure, not its counts
        } catch (IOException e) {
            return new Read(null, null, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            return internalError(e);
        }
        try {
            Analyzer analyzer = new Analyzer(options.knowledge());
            Crash crash = analyzer.fatalSignal(read.backtrace());
            return crash != null ? new Read(crash, null, null)
                    : new Read(null, new Report(read.tool(), read.backtrace(), analyzer.analyze(read.backtrace())), null);
        } catch (RuntimeException e) {
            return internalError(e);
        }
    }

    /**
     * A report btexplain failed on is counted among those not read, by the kind of failure: one such report must not
     * stop a million others, and is never lost unsaid.
     */
    private static Read internalError(RuntimeException e) {
        return new Read(null, null, "internal error: " + e.getClass().getSimpleName());
    }

    /** One report read and signed. */
    public static Signed sign(FleetReport r, Signer signer, Btexplain.Options options) {
        return read(r, options).sign(signer);
    }

    /** One report read and signed, then the user's merges and splits applied: what every engine does with a report. */
    public static Signed sign(FleetReport r, Signer signer, Overrides overrides, Btexplain.Options options) {
        return overrides.apply(read(r, options), signer);
    }

}
