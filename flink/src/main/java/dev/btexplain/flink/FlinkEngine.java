package dev.btexplain.flink;

import dev.btexplain.fleet.Buckets;
import dev.btexplain.fleet.Fleet;
import dev.btexplain.fleet.FleetEngine;
import dev.btexplain.fleet.FleetInput;
import dev.btexplain.fleet.FleetSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
 * {@code flink run}, whose task managers must then see the input paths (a shared file system).
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
        try (CloseableIterator<String> out = reduced.executeAndCollect("btexplain fleet")) {
            while (out.hasNext()) {
                String r = out.next();
                String body = r.substring(r.indexOf('\t', 2) + 1);
                if (r.startsWith(PART)) {
                    buckets.add(Buckets.Part.fromJson(body));
                } else {
                    String why = r.substring(2, r.indexOf('\t', 2));
                    int tab = body.indexOf('\t');
                    skipped.merge(why, new Fleet.Skipped(Long.parseLong(body.substring(0, tab)), body.substring(tab + 1)),
                            Fleet.Skipped::merge);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the Flink job failed: " + rootCause(e), e);
        }
        return new Fleet.Result(buckets, skipped);
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

    /** A task's work: each batch's reports read and signed, one record per report. */
    static final class SignBatches extends RichFlatMapFunction<String, String> {
        private final FleetSettings settings;
        private transient FleetSettings.Prepared prepared;

        SignBatches(FleetSettings settings) {
            this.settings = settings;
        }

        @Override
        public void open(OpenContext context) {
            prepared = settings.prepare();
        }

        @Override
        public void flatMap(String batch, Collector<String> out) throws IOException {
            // the batch's reports merged here first (a combiner): a batch of 5,000 reports leaves as a part per signature
            Map<String, Buckets.Part> parts = new java.util.HashMap<>();
            Map<String, Fleet.Skipped> notRead = new java.util.HashMap<>();
            FleetInput.Skips skips = (source, why) -> notRead.merge(oneLine(why), new Fleet.Skipped(1, source), Fleet.Skipped::merge);
            List<Path> files = java.util.Arrays.stream(batch.split("\n")).map(Path::of).toList();
            FleetInput.read(files, r -> {
                Fleet.Signed s = Fleet.sign(r, prepared.signer(), prepared.overrides(), prepared.options());
                if (s.signature() == null) {
                    skips.skip(r.source(), s.skipped());
                } else {
                    parts.merge(oneLine(s.signature().text()), Buckets.Part.of(s.signature(), r, s.verdict()), Buckets.Part::merge);
                }
            }, skips);
            parts.forEach((key, part) -> out.collect(PART + "\t" + key + "\t" + part.toJson()));
            notRead.forEach((why, n) -> out.collect(SKIPPED + "\t" + why + "\t" + n.count() + "\t" + n.first()));
        }

        /** A key holds no tab or line break (the record's separators); a signature or a reason never should. */
        private static String oneLine(String s) {
            return s.replace('\t', ' ').replace('\n', ' ');
        }
    }
}
