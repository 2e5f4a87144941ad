package dev.btexplain.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.btexplain.analyze.PackLearner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A learned pack as the files of a pack folder (docs/knowledge.md): pack.json, roles.json, and a README.md that says
 * what was learned from what, and what is left for the program's people to write (labels, next steps).
 */
public final class PackWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PackWriter() {
    }

    public static void write(PackLearner.LearnedPack pack, Path dir) throws IOException {
        Files.createDirectories(dir);
        String program = pack.executable() == null ? pack.id() : pack.executable();
        String source = "learned/" + pack.id() + ": " + String.join(", ", pack.captures());
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("id", pack.id());
        manifest.put("label", program);
        manifest.put("kind", "program");
        manifest.put("applies", "recognised");
        manifest.put("summary", program + ", as btexplain learn saw it in healthy captures: its threads and where each waits "
                + "when it has nothing to do.");
        ObjectNode recognise = manifest.putObject("recognise");
        if (pack.executable() != null) {
            recognise.putArray("executables").add("^" + PackLearner.literal(pack.executable()) + "$");
        }
        ArrayNode names = recognise.putArray("thread_names");
        pack.roles().stream().filter(r -> r.namePattern() != null).forEach(r -> names.add(r.namePattern()));
        pack.roles().stream().filter(PackLearner.LearnedRole::main).findFirst().ifPresent(m -> {
            ObjectNode main = manifest.putObject("main_thread");
            main.put("role", m.id());
            main.put("confidence", "likely");
            main.put("why", "btexplain learn saw " + program + "'s main thread there");
        });
        manifest.put("source", source);
        ObjectNode roles = JSON.createObjectNode();
        ArrayNode list = roles.putArray("roles");
        for (PackLearner.LearnedRole r : pack.roles()) {
            ObjectNode o = list.addObject();
            o.put("id", r.id());
            o.put("label", r.label());
            o.put("summary", "Learned from " + r.threads() + (r.threads() == 1 ? " thread" : " threads") + " of healthy captures: "
                    + String.join("; ", r.seenIn()) + ". What it does is for " + program + "'s people to say here.");
            o.put("source", source);
            String who = "This " + r.label().replace(" thread of " + program, " thread");
            o.put("who", who);
            if (r.namePattern() != null) {
                o.putArray("names").addObject().put("pattern", r.namePattern()).put("who", who);
            } else if (r.entry() != null) {
                ObjectNode clue = o.putArray("clues").addObject();
                clue.putArray("frames_all").add(r.entry());
                clue.put("confidence", "likely");
                clue.put("why", "it starts in " + r.entry() + ", as the threads of this family did in the captures");
            }
            o.putArray("explain");
            ArrayNode homes = o.putArray("home_waits");
            for (PackLearner.LearnedHome h : r.homes()) {
                ObjectNode home = homes.addObject();
                h.states().forEach(home.putArray("states")::add);
                if (!h.waits().isEmpty()) {
                    h.waits().forEach(home.putArray("waits")::add);
                }
                h.through().forEach(home.putArray("through")::add);
                home.put("why", "where its threads waited in healthy captures" + (h.through().isEmpty() ? ""
                        : ", reached through " + String.join(", ", h.through())));
                home.put("source", source);
            }
        }
        Files.writeString(dir.resolve("pack.json"), JSON.writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("roles.json"), JSON.writeValueAsString(roles) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("README.md"), readme(pack, program), StandardCharsets.UTF_8);
    }

    private static String readme(PackLearner.LearnedPack pack, String program) {
        StringBuilder b = new StringBuilder("# " + program + ": a pack learned by btexplain learn\n\n")
                .append("Learned from healthy captures: ").append(String.join(", ", pack.captures())).append(".\n\n")
                .append("| role | threads | home waits |\n|---|---|---|\n");
        for (PackLearner.LearnedRole r : pack.roles()) {
            b.append("| ").append(r.id()).append(" | ").append(r.threads()).append(" | ");
            r.homes().forEach(h -> b.append(String.join(", ", h.waits())).append(h.through().isEmpty() ? "" : " via "
                    + String.join(", ", h.through())).append("; "));
            b.append(" |\n");
        }
        return b.append("\nUse it with `btexplain --knowledge ").append("<this folder> CAPTURE`: a later capture whose threads are ")
                .append("at these waits is idle, and the report names every thread that is away from its home wait.\n\n")
                .append("Left for you to write (docs/knowledge.md says how): each role's label, summary and sentences by state ")
                .append("(`explain`), and `next-steps.json`, what to run when a thread is away from its home, for example\n\n")
                .append("```json\n{\"next_steps\": [{\"id\": \"").append(pack.id()).append("-status\", \"when\": {\"role\": \"")
                .append(pack.roles().isEmpty() ? pack.id() + ".main" : pack.roles().get(0).id())
                .append("\", \"state\": \"io\"}, \"text\": \"Ask the program what it is doing: ...\"}]}\n```\n")
                .toString();
    }
}
