package dev.btexplain.cli;

import dev.btexplain.Btexplain;
import dev.btexplain.fleet.Examples;
import dev.btexplain.fleet.Fleet;
import dev.btexplain.fleet.FleetEngine;
import dev.btexplain.fleet.FleetRenderer;
import dev.btexplain.fleet.FleetSettings;
import dev.btexplain.fleet.Overrides;
import dev.btexplain.fleet.SignatureRules;
import dev.btexplain.fleet.Signer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code btexplain fleet INPUT...}: many reports bucketed by signature, on every core of this machine. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Buckets many crash and hang reports by signature: files (any format btexplain reads, gzip too), folders "
                + "of them, NDJSON (one {\"report\": TEXT, \"time\", \"host\", \"version\"} per line). Each bucket: its count, first "
                + "and last seen, versions, hosts, an example and its verdict.")
public final class FleetCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "INPUT", description = "Report files, folders of them, NDJSON files.")
    List<Path> inputs = new java.util.ArrayList<>();

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "Buckets shown in the text table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (the top buckets), json, ndjson (one bucket per line) or html (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--rules", paramLabel = "FILE", description = "Signature rules of your own, added to the built-in ones "
            + "(the same JSON as knowledge/signature/rules.json: sentinel, irrelevant, prefix, rename, max_frames, version).")
    Path rules;

    @Option(names = "--overrides", paramLabel = "FILE", description = "Your decisions about buckets, kept for every re-run: "
            + "{\"merge\": [{\"into\": SIGNATURE, \"from\": [SIGNATURE...]}], \"split\": [{\"signature\": SIGNATURE, \"max_frames\": N}]}.")
    Path overrides;

    @Option(names = "--diff-rules", arity = "2", paramLabel = "RULES",
            description = "Instead of buckets: which signatures change from the first rules to the second over these reports "
                    + "(each a --rules file, or 'builtin' for the built-in rules alone), as Original / New with counts.")
    List<String> diffRules;

    @Option(names = "--watch", paramLabel = "TIME", converter = CaptureOptions.DurationConverter.class,
            description = "Keep watching the INPUT folders: every TIME (2s, 1m), the reports that arrived (unchanged for TIME) "
                    + "join the buckets and the top buckets are printed again (an NDJSON file's lines as they are appended); "
                    + "Ctrl-C stops. With --engine flink, a streaming "
                    + "job reads each file moved into the folders once.")
    java.time.Duration watch;

    @Option(names = "--polls", paramLabel = "N", hidden = true, description = "With --watch: stop after N looks (for scripts and tests).")
    Integer polls;

    @Option(names = "--kafka", paramLabel = "SERVERS/TOPIC", description = "With --engine flink and --watch: the reports are "
            + "the messages of a Kafka topic (each a report's text, or an NDJSON object with one), from its start and as they "
            + "come, e.g. kafka1:9092,kafka2:9092/crashes.")
    String kafka;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "in-process",
            description = "Where the reports are bucketed: in-process (every core of this machine, the default) or flink (an "
                    + "Apache Flink job: on a local MiniCluster with java -jar btexplain-flink.jar, on a cluster with flink run; "
                    + "docs/fleet.md). The same buckets either way.")
    String engine;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the buckets to FILE instead of standard output.")
    Path output;

    @Mixin
    KnowledgeOptions knowledge = new KnowledgeOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!List.of("text", "json", "ndjson", "html").contains(format)) {
            throw new InputException("fleet: unknown format '" + format + "' (text, json, ndjson, html)");
        }
        if (top < 1) {
            throw new InputException("fleet --top " + top + ": at least 1 bucket (--format json lists them all)");
        }
        if (polls != null && polls < 1) {
            throw new InputException("fleet --polls " + polls + ": at least 1 look");
        }
        FleetSettings settings = new FleetSettings(knowledge.files.stream().map(Path::toString).toList(),
                rules == null ? null : rules.toString(), overrides == null ? null : overrides.toString());
        FleetSettings.Prepared prepared;
        try {
            prepared = settings.prepare();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        FleetEngine bucketing = FleetEngine.named(engine);
        if (bucketing == null) {
            throw new InputException("fleet --engine " + engine + ": " + (engine.equals("flink") ? "the Flink engine is not on the "
                    + "class path: run java -jar flink/target/btexplain-flink.jar fleet --engine flink ... (built by "
                    + "mvn -f flink/pom.xml package; docs/fleet.md)" : "unknown engine (in-process, flink)"));
        }
        if (kafka == null && inputs.isEmpty()) {
            throw new InputException("fleet: no INPUT (report files, folders of them, NDJSON files)");
        }
        if (kafka != null && (bucketing == FleetEngine.IN_PROCESS || watch == null || !inputs.isEmpty())) {
            throw new InputException("fleet --kafka SERVERS/TOPIC reads a topic with --engine flink and --watch TIME, instead of INPUT");
        }
        if (kafka != null && (kafka.indexOf('/') <= 0 || kafka.endsWith("/"))) {
            throw new InputException("fleet --kafka " + kafka + ": not SERVERS/TOPIC (e.g. localhost:9092/crashes)");
        }
        if (bucketing != FleetEngine.IN_PROCESS && diffRules != null) {
            throw new InputException("fleet: --diff-rules runs in-process only (without --engine)");
        }
        Btexplain.Options options = prepared.options();
        int workers = Runtime.getRuntime().availableProcessors();
        Writer out = output == null ? spec.commandLine().getOut()
                : new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8);
        try {
            if (diffRules != null) {
                SignatureRules original = rules(diffRules.get(0));
                SignatureRules changed = rules(diffRules.get(1));
                FleetRenderer.diff(Fleet.diff(inputs, new Signer(original, options.knowledge()), new Signer(changed, options.knowledge()),
                        options, workers), original.version(), changed.version(), format.equals("json"), out);
                return 0;
            }
            String version = prepared.rulesVersion();
            if (watch != null) {
                watch(bucketing, settings, version, out);
                return 0;
            }
            Fleet.Result result = bucketing.run(inputs, settings);
            switch (format) {
                case "json" -> FleetRenderer.json(result, version, out, false);
                case "ndjson" -> FleetRenderer.json(result, version, out, true);
                case "html" -> FleetRenderer.html(result, version, Examples.reports(result.buckets().sorted(), options), out);
                default -> FleetRenderer.text(result, version, top, out);
            }
        } catch (IOException e) {
            throw new InputException("fleet: " + e.getMessage());
        } finally {
            if (output != null) {
                out.close();
            }
        }
        return 0;
    }

    /** The folders read, then watched: each look that finds new reports prints the top buckets again. */
    private void watch(FleetEngine bucketing, FleetSettings settings, String version, Writer out) throws Exception {
        for (Path p : inputs) {
            if (!Files.isDirectory(p)) {
                throw new InputException("fleet --watch: " + p + " is not a folder");
            }
        }
        int[] looks = {0};
        FleetEngine.Look look = (result, joined) -> {
            if (joined == null || !joined.isEmpty()) {
                if (joined != null) {
                    out.write(String.format(java.util.Locale.ROOT, "%n--- %s: %s%n", java.time.LocalTime.now().withNano(0), joined));
                }
                FleetRenderer.text(result, version, top, out);
                out.flush();
            }
            return polls == null || ++looks[0] <= polls;
        };
        if (kafka != null) {
            int slash = kafka.lastIndexOf('/');
            bucketing.watchKafka(kafka.substring(0, slash), kafka.substring(slash + 1), settings, watch, look);
        } else {
            bucketing.watch(inputs, settings, watch, look);
        }
    }

    /** Rules named on the command line: "builtin", or a file added to the built-in rules. */
    private static SignatureRules rules(String name) throws InputException {
        if (name.equals("builtin")) {
            return SignatureRules.builtIn();
        }
        try {
            return SignatureRules.builtIn().with(Path.of(name));
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("--diff-rules " + name + ": " + e.getMessage());
        }
    }
}
