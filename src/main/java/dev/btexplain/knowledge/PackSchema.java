package dev.btexplain.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of the pack files (knowledge/schema, one per file kind, shipped in the jar and described in
 * docs/knowledge.md): what a pack author writes against. A pack from outside the jar is checked against them before it
 * is read, so that an error names its file and the path to the field; the loader then checks what a schema cannot
 * (regular expressions compile, ids refer to roles and states that exist).
 */
public final class PackSchema {
    private static final String BASE = "https://btexplain.dev/schema/";
    private static final ObjectMapper JSON = new ObjectMapper();
    // messages in English whatever the machine's locale, paths as JSON pointers, and a schema's own "message" where the
    // library's words would not say what to write
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:knowledge/schema/"))
                    .schemaRegistryConfig(com.networknt.schema.SchemaRegistryConfig.builder().locale(java.util.Locale.ROOT)
                            .pathType(com.networknt.schema.path.PathType.JSON_POINTER).errorMessageKeyword("message").build()));
    private static final Map<String, Schema> SCHEMAS = new HashMap<>();

    private PackSchema() {
    }

    /**
     * Each error of a pack folder's files, or of a file of function entries, as "FILE: /path/to/field: what is
     * wrong"; empty when everything holds to its schema.
     */
    public static List<String> errors(Path packOrFile) throws KnowledgeException {
        if (Files.isDirectory(packOrFile)) {
            return errors(KnowledgeLoader.folder(packOrFile));
        }
        try {
            return errors("functions.json", packOrFile.toString(), Files.readAllBytes(packOrFile));
        } catch (IOException e) {
            throw new KnowledgeException(packOrFile + ": cannot read: " + e.getMessage());
        }
    }

    static List<String> errors(KnowledgeLoader.PackFiles files) throws KnowledgeException {
        List<String> out = new ArrayList<>();
        for (String name : KnowledgeLoader.PACK_FILES) {
            byte[] bytes = name.endsWith(".json") ? files.read(name) : null;
            if (bytes != null) {
                out.addAll(errors(name, files.where(name), bytes));
            }
        }
        return out;
    }

    private static List<String> errors(String kind, String where, byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of(JsonProblem.of(where, e));
        } catch (IOException e) {
            return List.of(where + ": cannot read: " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        for (Error e : schema(kind).validate(node)) {
            String path = e.getInstanceLocation().toString();
            out.add(where + ": " + (path.isEmpty() ? "/" : path) + ": " + e.getMessage());
        }
        return out;
    }

    /** Refuses what does not hold to its schema, naming the first error and how many more. */
    static void check(List<String> errors) throws KnowledgeException {
        if (!errors.isEmpty()) {
            throw new KnowledgeException(errors.get(0) + (errors.size() == 1 ? ""
                    : " (and " + (errors.size() - 1) + " more: btexplain packs check lists them)"));
        }
    }

    private static synchronized Schema schema(String file) {
        return SCHEMAS.computeIfAbsent(file, f -> REGISTRY.getSchema(
                com.networknt.schema.SchemaLocation.of(BASE + f.replace(".json", ".schema.json"))));
    }
}
