package dev.btexplain.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.btexplain.knowledge.FunctionEntry;
import dev.btexplain.knowledge.KnowledgeBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The knowledge base as MCP resources: {@code btexplain://knowledge/{function}} gives every entry that describes a
 * function (its meaning, the upstream file it was checked against, the versions it holds for), and
 * {@code btexplain://knowledge} the index of the functions each pack describes. An assistant cites these instead of
 * inventing what a function does.
 */
final class KnowledgeResources {
    static final String INDEX = "btexplain://knowledge";
    static final String TEMPLATE = INDEX + "/{function}";

    private final KnowledgeBase kb;
    private final ObjectMapper json = new ObjectMapper();

    KnowledgeResources(KnowledgeBase kb) {
        this.kb = kb;
    }

    /** The entries for the function a resource URI names (percent-decoded), as JSON; null when no entry describes it. */
    String function(String uri) {
        String function = decode(uri.substring(INDEX.length() + 1));
        String normalized = kb.normalize(function);
        List<FunctionEntry> matching = new ArrayList<>();
        for (FunctionEntry e : kb.entries()) {
            boolean byName = e.names().contains(function) || e.names().contains(normalized);
            boolean byPattern = e.isPattern() && (e.pattern().matcher(function).matches() || e.pattern().matcher(normalized).matches());
            if (byName || byPattern) {
                matching.add(e);
            }
        }
        if (matching.isEmpty()) {
            return null;
        }
        ObjectNode root = json.createObjectNode();
        root.put("function", function);
        ArrayNode entries = root.putArray("entries");
        for (FunctionEntry e : matching) {
            ObjectNode o = entries.addObject();
            o.put("id", e.id());
            o.put("pack", e.library());
            o.put("category", e.category().id());
            o.put("meaning", e.meaning());
            o.put("source", e.source());
            o.put("versions", e.versions());
            o.put("checked", e.checked());
            if (e.isPattern()) {
                o.put("pattern", e.pattern().pattern());
            }
            if (e.roleHint() != null) {
                o.put("role", e.roleHint());
            }
            if (e.waitsFor() != null) {
                o.put("waits_for", e.waitsFor());
            }
        }
        return write(root);
    }

    /** Each pack and the function names (or patterns) it describes. */
    String index() {
        Map<String, List<String>> byPack = new LinkedHashMap<>();
        for (FunctionEntry e : kb.entries()) {
            List<String> names = byPack.computeIfAbsent(e.library(), k -> new ArrayList<>());
            if (e.isPattern()) {
                names.add("/" + e.pattern().pattern() + "/");
            } else {
                names.addAll(e.names());
            }
        }
        ObjectNode root = json.createObjectNode();
        root.put("read_one", TEMPLATE);
        ObjectNode packs = root.putObject("packs");
        byPack.forEach((pack, names) -> names.forEach(packs.withArray(pack)::add));
        return write(root);
    }

    private String write(ObjectNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** %XX escapes decoded as UTF-8; a '+' stays a '+' (operator+ is a C++ name); a malformed escape is kept as it is. */
    static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
