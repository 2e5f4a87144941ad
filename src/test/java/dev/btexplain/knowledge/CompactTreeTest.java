package dev.btexplain.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The build's prepared knowledge is the knowledge: every JSON file of src/main/resources/knowledge, tree for tree. */
class CompactTreeTest {
    @Test
    void theBundleHoldsEveryKnowledgeFileAsTheSameTree() throws Exception {
        Map<String, byte[]> bundle = CompactTree.bundle();
        assertNotNull(bundle, "the build (process-classes) wrote knowledge-prepared.bin");
        Path root = Path.of("src/main/resources/knowledge");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertEquals(files.size(), bundle.size(), "one prepared file per JSON file");
        ObjectMapper json = new ObjectMapper();
        for (Path f : files) {
            String name = root.relativize(f).toString();
            byte[] prepared = bundle.get(name);
            assertNotNull(prepared, name);
            assertTrue(CompactTree.isCompact(prepared), name);
            assertEquals(json.readTree(f.toFile()), CompactTree.read(prepared), name);
        }
    }

    @Test
    void valuesOfEveryKindSurvive() throws Exception {
        String text = "{\"a\": [1, -2, 3000000000, 1.5, true, false, null, \"é\\u0000x\"], \"b\": {}, \"c\": []}";
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(text), CompactTree.read(CompactTree.write(json.readTree(text))));
    }
}
