package dev.btexplain.flink;

import dev.btexplain.fleet.Buckets;
import dev.btexplain.fleet.Fleet;
import dev.btexplain.fleet.FleetEngine;
import dev.btexplain.fleet.FleetInput;
import dev.btexplain.fleet.FleetReport;
import dev.btexplain.fleet.FleetSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * {@code btexplain fleet --engine flink}: the fleet's steps as a Flink batch job. The inputs are planned into batches
 * of files ({@link FleetInput#batches}: a task per small file would cost more than the file); each task reads its
 * batches and signs every report with the same code as the in-process engine ({@link Fleet#sign}), emitting one
 * bucket part per report; parts are reduced by signature ({@link Buckets.Part#merge}, commutative), and the reduced
 * parts come back to this process, which renders them as the in-process engine would. Records travel as text (JSON),
 * which Flink serializes natively: a report's signing costs a thousand times more than its part's JSON.
 *
 * <p>The execution environment is Flink's: a local MiniCluster under {@code java -jar}, the cluster's under
 * {@code flink run}, whose task managers must then see the input paths (a shared file system). A large uncompressed
 * NDJSON file is read in slices, one task each.
 */
public final class FlinkEngine implements FleetEngine {
    /** Report files handed to a task together. */
    static final int FILES_PER_BATCH = 64;
    /** Tags of the records: a bucket part, or a report not read. */
    private static final String PART = "p";
    private static final String SKIPPED = "s";

    @Override
    public String name() {
        return "flink";
    }

    @Override
    public Fleet.Result run(List<Path> inputs, FleetSettings settings) throws IOException {
        List<String> batches = FleetInput.batches(inputs, FILES_PER_BATCH).stream().map(b -> String.join("\n", b)).toList();
        Buckets buckets = new Buckets();
        Map<String, Fleet.Skipped> skipped = new TreeMap<>();
        if (batches.isEmpty()) {
            return new Fleet.Result(buckets, skipped);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        // the batches' parallelism set outright: Flink's adaptive batch scheduler would size it by the bytes it is handed (a
        // list of file names: one task), not by the work they are
        DataStream<String> records = env.fromData(batches).rebalance()
                .flatMap(new SignBatches(settings)).returns(Types.STRING).name("read and sign reports")
                .setParallelism(Math.max(1, Math.min(batches.size(), env.getParallelism())));
        DataStream<String> reduced = records.keyBy(FlinkEngine::key, Types.STRING).reduce(FlinkEngine::merge).name("merge by signature");
        Fleet.Result result = new Fleet.Result(buckets, skipped);
        try (CloseableIterator<String> out = reduced.executeAndCollect("btexplain fleet")) {
            out.forEachRemaining(r -> add(result, r));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the Flink job failed: " + rootCause(e), e);
        }
        return result;
    }

    /** A reduced record added to the result: a bucket part, or the count of reports not read for one reason. */
    private static void add(Fleet.Result result, String r) {
        String body = r.substring(r.indexOf('\t', 2) + 1);
        if (r.startsWith(PART)) {
            result.buckets().add(Buckets.Part.fromJson(body));
        } else {
            String why = r.substring(2, r.indexOf('\t', 2));
            int tab = body.indexOf('\t');
            result.skipped().merge(why, new Fleet.Skipped(Long.parseLong(body.substring(0, tab)), body.substring(tab + 1)),
                    Fleet.Skipped::merge);
        }
    }

    /**
     * A streaming job: Flink's file source lists the folders every {@code every} and reads each new file once (whole: a
     * file is signed as it is when listed, so a report is written elsewhere and moved in, as for any Flink file source);
     * each file's reports are signed and merged into parts by the same code as the batch job, reduced by signature,
     * and every {@code every} that something changed, the reduced parts so far come back here as one snapshot.
     */
    @Override
    public void watch(List<Path> folders, FleetSettings settings, Duration every, Look look) throws IOException, InterruptedException {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        FileSource<String> files = FileSource.forBulkFileFormat(new ReportFiles(settings),
                folders.stream().map(f -> new org.apache.flink.core.fs.Path(f.toAbsolutePath().toUri())).toArray(org.apache.flink.core.fs.Path[]::new))
                .monitorContinuously(every).build();
        stream(env.fromSource(files, WatermarkStrategy.noWatermarks(), "report files"), every, look, "btexplain fleet --watch");
    }

    /**
     * A streaming job on a Kafka topic: each message (a report's text, or an NDJSON object with one) is signed into a part
     * named by its topic, partition and offset, then reduced and sent back as {@link #watch} does.
     */
    @Override
    public void watchKafka(String servers, String topic, FleetSettings settings, Duration every, Look look)
            throws IOException, InterruptedException {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        KafkaSource<String> messages = KafkaSource.<String>builder().setBootstrapServers(servers).setTopics(topic)
                .setGroupId("btexplain-fleet").setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new Messages()).build();
        DataStream<String> parts = env.fromSource(messages, WatermarkStrategy.noWatermarks(), "kafka " + topic)
                .flatMap(new SignMessages(settings)).returns(Types.STRING).name("sign reports");
        stream(parts, every, look, "btexplain fleet --kafka");
    }

    /** A Kafka record as its source ("TOPIC:PARTITION:OFFSET"), a NUL, and its value's text. */
    static final class Messages implements KafkaRecordDeserializationSchema<String> {
        @Override
        public void deserialize(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
            String text = record.value() == null ? "" : new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
            out.collect(record.topic() + ":" + record.partition() + ":" + record.offset() + "\u0000" + text);
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    /** A task that signs reports: the settings travel to it, and are prepared there once. */
    abstract static class Signing extends RichFlatMapFunction<String, String> {
        private final FleetSettings settings;
        transient FleetSettings.Prepared prepared;

        Signing(FleetSettings settings) {
            this.settings = settings;
        }

        @Override
        public void open(OpenContext context) {
            prepared = settings.prepare();
        }
    }

    /** Each message read and signed into a part (or the reason it was not read), as a batch's reports are. */
    static final class SignMessages extends Signing {
        SignMessages(FleetSettings settings) {
            super(settings);
        }

        @Override
        public void flatMap(String message, Collector<String> out) {
            int nul = message.indexOf('\u0000');
            signed(List.of(FleetInput.message(message.substring(0, nul), message.substring(nul + 1))), prepared, out::collect);
        }
    }

    /** Parts reduced by signature and, every {@code every} that one changed, the parts so far back here to {@code look}. */
    private static void stream(DataStream<String> parts, Duration every, Look look, String job) throws IOException, InterruptedException {
        DataStream<String> snapshots = parts
                .keyBy(FlinkEngine::key, Types.STRING).reduce(FlinkEngine::merge).name("merge by signature")
                .keyBy(r -> "", Types.STRING).process(new Snapshots(every.toMillis())).returns(Types.STRING).name("snapshots")
                .setParallelism(1);
        long before = -1;
        try (CloseableIterator<String> out = snapshots.executeAndCollect(job)) {
            while (out.hasNext()) {
                Fleet.Result result = new Fleet.Result(new Buckets(), new TreeMap<>());
                out.next().lines().forEach(r -> add(result, r));
                long reports = result.buckets().reports() + result.skipped().values().stream().mapToLong(Fleet.Skipped::count).sum();
                String joined = before < 0 ? null : (reports - before) + " new report" + (reports - before == 1 ? "" : "s");
                before = reports;
                if (!look.seen(result, joined) || Thread.currentThread().isInterrupted()) {
                    return; // closing the iterator cancels the job
                }
            }
        } catch (IOException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the Flink job failed: " + rootCause(e), e);
        }
    }

    /**
     * The reduced parts so far, one record each with its key, sent on as one snapshot (a line per part) at most every
     * period, and only when a part changed since the last one. On one task: every part passes here.
     */
    static final class Snapshots extends KeyedProcessFunction<String, String, String> {
        private final long every;
        private transient Map<String, String> latest;
        private transient boolean changed;
        private transient boolean timerSet;

        Snapshots(long every) {
            this.every = every;
        }

        @Override
        public void open(OpenContext context) {
            latest = new TreeMap<>();
        }

        @Override
        public void processElement(String record, Context ctx, Collector<String> out) {
            latest.put(key(record), record);
            changed = true;
            if (!timerSet) {
                ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + every);
                timerSet = true;
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            timerSet = false;
            if (changed) {
                out.collect(String.join("\n", latest.values()));
                changed = false;
            }
        }
    }

    /** A file of reports (one report, or NDJSON, gzip'd or not), read whole by one task into its bucket parts. */
    static final class ReportFiles implements BulkFormat<String, FileSourceSplit> {
        private final FleetSettings settings;
        private transient FleetSettings.Prepared prepared;

        ReportFiles(FleetSettings settings) {
            this.settings = settings;
        }

        @Override
        public Reader<String> createReader(Configuration config, FileSourceSplit split) {
            if (prepared == null) {
                prepared = settings.prepare();
            }
            Path file = Path.of(split.path().toUri().getPath());
            return new Reader<>() {
                private boolean read;

                @Override
                public RecordIterator<String> readBatch() throws IOException {
                    if (read) {
                        return null;
                    }
                    read = true;
                    List<String> records = new java.util.ArrayList<>();
                    parts(List.of(file), prepared, records::add);
                    return new IteratorResultIterator<>(records.iterator(), 0L, 0L);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Reader<String> restoreReader(Configuration config, FileSourceSplit split) {
            return createReader(config, split);
        }

        @Override
        public boolean isSplittable() {
            return false;
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    private static String rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** "p\tSIGNATURE\tPART-JSON" by its signature, "s\tWHY\tCOUNT\tFIRST" by why it was not read. */
    private static String key(String record) {
        return record.substring(0, record.indexOf('\t', 2));
    }

    private static String merge(String a, String b) {
        if (a.startsWith(PART)) {
            String head = key(a);
            Buckets.Part merged = Buckets.Part.fromJson(a.substring(head.length() + 1)).merge(Buckets.Part.fromJson(b.substring(head.length() + 1)));
            return head + "\t" + merged.toJson();
        }
        String head = key(a);
        String[] x = a.substring(head.length() + 1).split("\t", 2);
        String[] y = b.substring(head.length() + 1).split("\t", 2);
        Fleet.Skipped s = new Fleet.Skipped(Long.parseLong(x[0]), x[1]).merge(new Fleet.Skipped(Long.parseLong(y[0]), y[1]));
        return head + "\t" + s.count() + "\t" + s.first();
    }

    /** A task's work: each batch's reports read, signed and merged into parts ({@link #parts}). */
    static final class SignBatches extends Signing {
        SignBatches(FleetSettings settings) {
            super(settings);
        }

        @Override
        public void flatMap(String batch, Collector<String> out) throws IOException {
            Merged merged = new Merged(prepared);
            FleetInput.readBatch(List.of(batch.split("\n")), merged::add, merged.skips);
            merged.emit(out::collect);
        }
    }

    /**
     * The files' reports read and signed, merged here first (a combiner: 5,000 reports leave as a part per signature),
     * each part and each count of reports not read as one record.
     */
    static void parts(List<Path> files, FleetSettings.Prepared prepared, java.util.function.Consumer<String> out) throws IOException {
        Merged merged = new Merged(prepared);
        FleetInput.read(files, merged::add, merged.skips);
        merged.emit(out);
    }

    /** These reports signed and merged into parts, as {@link #parts} does for files. */
    static void signed(List<FleetReport> reports, FleetSettings.Prepared prepared, java.util.function.Consumer<String> out) {
        Merged merged = new Merged(prepared);
        reports.forEach(merged::add);
        merged.emit(out);
    }

    /** Reports signed and merged by signature, and those not read counted by why. */
    private static final class Merged {
        private final FleetSettings.Prepared prepared;
        private final Map<String, Buckets.Part> parts = new java.util.HashMap<>();
        private final Map<String, Fleet.Skipped> notRead = new java.util.HashMap<>();
        final FleetInput.Skips skips = (source, why) -> notRead.merge(oneLine(why), new Fleet.Skipped(1, source), Fleet.Skipped::merge);

        Merged(FleetSettings.Prepared prepared) {
            this.prepared = prepared;
        }

        void add(FleetReport r) {
            Fleet.Signed s = Fleet.sign(r, prepared.signer(), prepared.overrides(), prepared.options());
            if (s.signature() == null) {
                skips.skip(r.source(), s.skipped());
            } else {
                parts.merge(oneLine(s.signature().text()), Buckets.Part.of(s.signature(), r, s.verdict()), Buckets.Part::merge);
            }
        }

        void emit(java.util.function.Consumer<String> out) {
            parts.forEach((key, part) -> out.accept(PART + "\t" + key + "\t" + part.toJson()));
            notRead.forEach((why, n) -> out.accept(SKIPPED + "\t" + why + "\t" + n.count() + "\t" + n.first()));
        }
    }

    /** A key holds no tab or line break (the record's separators); a signature or a reason never should. */
    private static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }
}
