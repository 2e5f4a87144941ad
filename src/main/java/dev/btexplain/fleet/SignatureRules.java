package dev.btexplain.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules that make a signature from frames (knowledge/signature/rules.json, and a user's --rules file added to them),
 * with their version: a signature's id includes it, so a change of rules never silently merges old and new buckets.
 *
 * @param version    the rules' version (the built-in one, plus the user's file's when given)
 * @param maxFrames  how many frames that are neither irrelevant nor prefix end the walk
 * @param sentinel   a frame matching one: the frames before it (further in) are dropped
 * @param irrelevant skipped
 * @param prefix     kept, and the walk goes on
 * @param renames    normalizations of a name, in order
 */
public record SignatureRules(String version, int maxFrames, List<Pattern> sentinel, List<Pattern> irrelevant, List<Pattern> prefix,
                             List<Rename> renames) {

    /** A name matching {@code match} (whole) becomes {@code to} ($1 the first group). */
    public record Rename(Pattern match, String to) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The built-in rules: rules.json, then each pack's own (packs.txt lists them), their versions joined. */
    public static SignatureRules builtIn() {
        try {
            SignatureRules rules = read(resource("rules.json"), "knowledge/signature/rules.json");
            String index = new String(SignatureRules.class.getResourceAsStream("/knowledge/signature/packs.txt").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (String line : index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
                rules = rules.and(read(resource(line), "knowledge/signature/" + line));
            }
            return rules;
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("the built-in signature rules cannot be read: " + e.getMessage(), e);
        }
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = SignatureRules.class.getResourceAsStream("/knowledge/signature/" + name)) {
            if (in == null) {
                throw new IOException("no " + name);
            }
            return JSON.readTree(in);
        }
    }

    /** These rules with a user's file's added after them (its lists extend, its max_frames replaces); its version joins. */
    public SignatureRules with(Path file) throws IOException {
        SignatureRules mine;
        try {
            mine = read(JSON.readTree(Files.readAllBytes(file)), file.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(dev.btexplain.knowledge.JsonProblem.of(file.toString(), e));
        }
        return and(mine);
    }

    /** These rules with others added after them (their lists extend, their max_frames replaces); the versions joined. */
    SignatureRules and(SignatureRules mine) {
        return new SignatureRules(version + "+" + mine.version(), mine.maxFrames() > 0 ? mine.maxFrames() : maxFrames,
                join(sentinel, mine.sentinel()), join(irrelevant, mine.irrelevant()), join(prefix, mine.prefix()),
                join(renames, mine.renames()));
    }

    private static <T> List<T> join(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static SignatureRules read(JsonNode tree, String where) {
        if (!tree.path("version").isTextual()) {
            throw new IllegalArgumentException(where + ": \"version\" must name the rules' version");
        }
        List<Rename> renames = new ArrayList<>();
        for (JsonNode r : tree.path("rename")) {
            // anchored: the rename is of the whole name (unanchored, "__strlen_avx2" would match as "__strlen_avx" + "2")
            renames.add(new Rename(pattern("^(?:" + r.path("match").asText() + ")$", where), r.path("to").asText()));
        }
        return new SignatureRules(tree.get("version").asText(), tree.path("max_frames").asInt(0),
                patterns(tree.path("sentinel"), where), patterns(tree.path("irrelevant"), where), patterns(tree.path("prefix"), where),
                List.copyOf(renames));
    }

    private static List<Pattern> patterns(JsonNode list, String where) {
        List<Pattern> out = new ArrayList<>();
        list.forEach(p -> out.add(pattern(p.asText(), where)));
        return List.copyOf(out);
    }

    private static Pattern pattern(String regex, String where) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": not a regular expression: " + regex);
        }
    }

    static boolean any(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
