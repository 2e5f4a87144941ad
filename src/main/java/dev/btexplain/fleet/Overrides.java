package dev.btexplain.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A user's decisions about buckets, kept in a file so that a re-run keeps them: buckets merged into one (two signatures
 * the user knows are one bug: {"merge": [{"into": SIGNATURE, "from": [SIGNATURE, ...]}]}) and a bucket split (a signature
 * too short to tell bugs apart, walked further for its reports: {"split": [{"signature": SIGNATURE, "max_frames": 6}]}).
 */
public final class Overrides {
    private final Map<String, String> mergedInto;
    private final Map<String, Integer> splitFrames;

    private Overrides(Map<String, String> mergedInto, Map<String, Integer> splitFrames) {
        this.mergedInto = Map.copyOf(mergedInto);
        this.splitFrames = Map.copyOf(splitFrames);
    }

    public static final Overrides NONE = new Overrides(Map.of(), Map.of());

    public static Overrides read(Path file) throws IOException {
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(dev.btexplain.knowledge.JsonProblem.of(file.toString(), e));
        }
        Map<String, String> merged = new HashMap<>();
        for (JsonNode m : tree.path("merge")) {
            if (!m.path("into").isTextual()) {
                throw new IllegalArgumentException(file + ": each merge names the signature it goes \"into\"");
            }
            m.path("from").forEach(from -> merged.put(from.asText(), m.get("into").asText()));
        }
        Map<String, Integer> split = new HashMap<>();
        for (JsonNode sp : tree.path("split")) {
            if (!sp.path("signature").isTextual() || sp.path("max_frames").asInt(0) < 1) {
                throw new IllegalArgumentException(file + ": each split names a \"signature\" and its \"max_frames\" (1 or more)");
            }
            split.put(sp.get("signature").asText(), sp.get("max_frames").asInt());
        }
        return new Overrides(merged, split);
    }

    /** The report's signature under the rules, then the user's decisions: split further, or merged into another. */
    public Fleet.Signed apply(Fleet.Read read, Signer signer) {
        Fleet.Signed s = read.sign(signer);
        if (s.signature() == null) {
            return s;
        }
        Integer deeper = splitFrames.get(s.signature().text());
        if (deeper != null) {
            s = read.sign(signer.walkingFurther(deeper));
        }
        String into = mergedInto.get(s.signature().text());
        if (into != null) {
            Signature from = s.signature();
            s = new Fleet.Signed(new Signature(from.kind(), into, from.frames(), Signer.id(signer.rules().version(), into),
                    "merged from: " + from.text()), s.verdict(), null);
        }
        return s;
    }
}
