package dev.btexplain.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where a fleet's reports are bucketed: in this process ({@link #IN_PROCESS}, the default), or by another engine found
 * on the class path (java.util.ServiceLoader; btexplain-flink's jar brings "flink"). Every engine runs the same steps
 * (FleetInput, {@link Fleet#sign}, {@link Buckets.Part#merge}) and so gives the same buckets.
 */
public interface FleetEngine {
    /** The name --engine takes. */
    String name();

    /** The buckets of these inputs' reports, signed as the settings say. */
    Fleet.Result run(List<Path> inputs, FleetSettings settings) throws IOException;

    /** What a watch hands on at each look: the buckets so far, and what joined them since the last look (null: the first). */
    interface Look {
        /** False: stop watching. */
        boolean seen(Fleet.Result soFar, String joined) throws IOException;
    }

    /**
     * The folders' reports, then those that arrive in them: every {@code every}, when reports joined, the buckets so far
     * to {@code look}, until it says stop or the thread is interrupted.
     */
    default void watch(List<Path> folders, FleetSettings settings, Duration every, Look look) throws IOException, InterruptedException {
        throw new UnsupportedOperationException(name() + " does not watch folders");
    }

    /**
     * The messages of a Kafka topic (each a report's text, or an NDJSON object with one), from its start and as they
     * come, as {@link #watch} does for folders.
     */
    default void watchKafka(String servers, String topic, FleetSettings settings, Duration every, Look look)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException(name() + " does not read Kafka");
    }

    /** This process, on every core. */
    FleetEngine IN_PROCESS = new FleetEngine() {
        @Override
        public String name() {
            return "in-process";
        }

        @Override
        public Fleet.Result run(List<Path> inputs, FleetSettings settings) throws IOException {
            FleetSettings.Prepared p = settings.prepare();
            return Fleet.run(inputs, p.signer(), p.overrides(), p.options(), Runtime.getRuntime().availableProcessors());
        }

        @Override
        public void watch(List<Path> folders, FleetSettings settings, Duration every, Look look) throws IOException, InterruptedException {
            FleetSettings.Prepared p = settings.prepare();
            int workers = Runtime.getRuntime().availableProcessors();
            FolderWatch watched = new FolderWatch(folders, every);
            Fleet.Result result = Fleet.addArrived(new Fleet.Result(new Buckets(), new java.util.TreeMap<>()), watched.arrived().entries(),
                    p.signer(), p.overrides(), p.options(), workers);
            if (!look.seen(result, null)) {
                return;
            }
            while (true) {
                Thread.sleep(every.toMillis());
                FolderWatch.Arrivals arrived = watched.arrived();
                if (!arrived.isEmpty()) {
                    Fleet.addArrived(result, arrived.entries(), p.signer(), p.overrides(), p.options(), workers);
                }
                for (String f : arrived.changed()) {
                    result.skipped().merge(CHANGED, new Fleet.Skipped(1, f), Fleet.Skipped::merge);
                }
                if (!look.seen(result, arrivals(arrived))) {
                    return;
                }
            }
        }
    };

    /** Why a watched file's new content is not read: a report file, or gzip'd NDJSON, is read once, whole. */
    String CHANGED = "changed after it was read, not read again: only an uncompressed NDJSON file is read as it grows";

    /** What a look found, in words for the line above the table ("" when nothing). */
    private static String arrivals(FolderWatch.Arrivals a) {
        List<String> parts = new java.util.ArrayList<>();
        if (a.files() > 0) {
            parts.add(a.files() + " new report file" + (a.files() == 1 ? "" : "s"));
        }
        if (a.grown() > 0) {
            parts.add("new lines in " + a.grown() + " NDJSON file" + (a.grown() == 1 ? "" : "s"));
        }
        if (!a.changed().isEmpty()) {
            parts.add(a.changed().size() == 1 ? "1 file changed after it was read" : a.changed().size() + " files changed after they were read");
        }
        return String.join(", ", parts);
    }

    /** The engine of that name: this process, or one the class path brings; null when none has it. */
    static FleetEngine named(String name) {
        if (name.equals(IN_PROCESS.name())) {
            return IN_PROCESS;
        }
        for (FleetEngine e : java.util.ServiceLoader.load(FleetEngine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
