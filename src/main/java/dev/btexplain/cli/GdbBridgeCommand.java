package dev.btexplain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.btexplain.Btexplain;
import dev.btexplain.capture.OwnerQueries;
import dev.btexplain.model.Backtrace;
import dev.btexplain.model.ProcessFacts;
import dev.btexplain.parse.GdbParser;
import dev.btexplain.report.Report;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code btexplain gdb-bridge}: the other end of the gdb command that {@code gdb-init} writes, on standard input and
 * output, one JSON object a line: gdb sends the listing it printed ({@code listing}, {@code listing_ms}, {@code target}
 * "process" or "core", {@code pid}, {@code executable}); btexplain answers the expressions that read the owners of
 * the locks its threads wait on ({@code queries}: lock, expression); gdb sends their values ({@code answers}, a number
 * or null each); btexplain writes the report and exits.
 */
@Command(name = "gdb-bridge", hidden = true, mixinStandardHelpOptions = true,
        description = "The protocol behind the gdb command of 'btexplain gdb-init' (not for use by hand).")
public final class GdbBridgeCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    KnowledgeOptions knowledge = new KnowledgeOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        JsonNode request = read(in, json, "the listing");
        String listing = request.path("listing").asText("");
        Btexplain.Options options = new Btexplain.Options(Btexplain.Options.DEFAULT_MAX_INPUT_BYTES,
                knowledge.load());
        // with the runtime's view of the threads gdb printed after the listing (py-bt), joined
        Backtrace bt = dev.btexplain.knowledge.DumpJoin.join(new GdbParser().parse(listing, options.maxInputBytes()), options.knowledge());
        if (bt.snapshots().isEmpty()) {
            throw new InputException("gdb printed no stack (\"thread apply all bt\" gave " + listing.lines().count() + " lines)");
        }
        boolean core = request.path("target").asText().equals("core");
        String executable = request.path("executable").isTextual() ? request.path("executable").asText() : null;
        String command = (request.path("full").asBoolean() ? "thread apply all bt full" : "thread apply all bt")
                + " in gdb, " + (core ? "on a core of " + executable : "on process " + request.path("pid").asText());
        // the same flow as attach and core: the owners are read by the user's gdb, through this protocol
        ProcessFacts facts = new ProcessFacts(Map.of(), Map.of(), executable);
        Report report = Btexplain.captured(bt, facts, (Btexplain.OwnerReader<Exception>) queries -> {
            ObjectNode ask = json.createObjectNode(); // sent even with no query: gdb waits for it
            ArrayNode list = ask.putArray("queries");
            queries.forEach(q -> list.addObject().put("lock", q.lock()).put("expression", q.expression()));
            out.println(json.writeValueAsString(ask));
            out.flush();
            List<Long> answers = new ArrayList<>();
            for (JsonNode a : read(in, json, "the lock owners").path("answers")) {
                answers.add(a.canConvertToLong() ? a.asLong() : null);
            }
            List<String> notes = new ArrayList<>();
            Map<String, Long> owners = OwnerQueries.owners(queries, answers, "gdb could not evaluate it here", notes);
            return new Btexplain.OwnersRead(owners, new Report.CaptureSummary(command, request.path("listing_ms").asLong(),
                    queries.isEmpty() ? 1 : 2, notes, false));
        }, options);
        output.write(report, out);
        return 0;
    }

    private static JsonNode read(BufferedReader in, ObjectMapper json, String what) throws InputException, IOException {
        String line = in.readLine();
        if (line == null) {
            throw new InputException("gdb-bridge: gdb sent no " + what);
        }
        try {
            return json.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException("gdb-bridge: " + what + " is not a JSON line (" + e.getOriginalMessage() + ")");
        }
    }
}
