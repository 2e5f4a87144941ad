package dev.btexplain.cli;

import dev.btexplain.Btexplain;
import dev.btexplain.fleet.Fleet;
import dev.btexplain.fleet.SignatureRules;
import dev.btexplain.fleet.Signer;
import dev.btexplain.fleet.FleetRenderer;
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
    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Report files, folders of them, NDJSON files.")
    List<Path> inputs;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "Buckets shown in the text table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (the top buckets), json, ndjson (one bucket per line) or html (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--rules", paramLabel = "FILE", description = "Signature rules of your own, added to the built-in ones "
            + "(the same JSON as knowledge/signature/rules.json: sentinel, irrelevant, prefix, rename, max_frames, version).")
    Path rules;

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
        SignatureRules signatureRules = SignatureRules.builtIn();
        if (rules != null) {
            try {
                signatureRules = signatureRules.with(rules);
            } catch (IOException | IllegalArgumentException e) {
                throw new InputException("--rules " + rules + ": " + e.getMessage());
            }
        }
        Btexplain.Options options = new Btexplain.Options(Btexplain.Options.DEFAULT_MAX_INPUT_BYTES, knowledge.load());
        Fleet.Result result;
        try {
            result = Fleet.run(inputs, new Signer(signatureRules, options.knowledge()), options,
                    Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            throw new InputException("fleet: " + e.getMessage());
        }
        Writer out = output == null ? spec.commandLine().getOut()
                : new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8);
        try {
            switch (format) {
                case "json" -> FleetRenderer.json(result, signatureRules.version(), out, false);
                case "ndjson" -> FleetRenderer.json(result, signatureRules.version(), out, true);
                case "html" -> FleetRenderer.html(result, signatureRules.version(), out);
                default -> FleetRenderer.text(result, signatureRules.version(), top, out);
            }
        } finally {
            if (output != null) {
                out.close();
            }
        }
        return 0;
    }
}
