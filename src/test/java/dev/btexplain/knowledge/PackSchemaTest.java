package dev.btexplain.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pack files' JSON Schemas: every built-in pack holds to them, and a broken pack is refused with file and field. */
class PackSchemaTest {
    private static final Path PACKS = Path.of("src/main/resources/knowledge/packs");

    @Test
    void everyBuiltInPackHoldsToTheSchemas() throws Exception {
        List<String> errors = new ArrayList<>();
        try (var packs = Files.list(PACKS)) {
            for (Path pack : packs.filter(Files::isDirectory).sorted().toList()) {
                errors.addAll(PackSchema.errors(pack));
            }
        }
        assertEquals(List.of(), errors);
        assertEquals(List.of(), PackSchema.errors(Path.of("docs/example-pack/workq")));
    }

    @Test
    void aBrokenPackIsRefusedWithItsFileAndField(@TempDir Path dir) throws Exception {
        Path pack = dir.resolve("mine");
        Files.createDirectories(pack);
        Files.writeString(pack.resolve("pack.json"), "{\"id\": \"mine\", \"label\": \"Mine\", \"summary\": \"s\", \"kind\": \"program\","
                + " \"applies\": \"recognised\", \"source\": \"me/mine: main.c\"}");
        Files.writeString(pack.resolve("functions.json"), "[{\"id\": \"mine.a\", \"names\": [\"a\"], \"category\": \"idle-poll\","
                + " \"meaning\": \"m\", \"source\": \"me/mine: a.c\", \"needs_known_caller\": \"yes\"},"
                + " {\"id\": \"mine.b\", \"names\": [\"b\"], \"category\": \"idle-poll\", \"meening\": \"m\", \"source\": \"a.c\"}]");
        Files.writeString(pack.resolve("next-steps.json"), "{\"next_step\": []}");
        List<String> errors = PackSchema.errors(pack);
        String all = String.join("\n", errors);
        assertTrue(all.contains(pack.resolve("pack.json") + ": /: ") && all.contains("recognise"), all);
        assertTrue(all.contains(pack.resolve("functions.json") + ": /0/needs_known_caller: "), all);
        assertTrue(all.contains(pack.resolve("functions.json") + ": /1: ") && all.contains("meening"), all);
        assertTrue(all.contains(pack.resolve("functions.json") + ": /1/source: "), all);
        assertTrue(all.contains(pack.resolve("next-steps.json") + ": /: ") && all.contains("next_step"), all);
        KnowledgeException refused = assertThrows(KnowledgeException.class, () -> KnowledgeLoader.loadWith(List.of(pack)));
        assertTrue(refused.getMessage().startsWith(errors.get(0)) && refused.getMessage().contains("more: btexplain packs check"),
                refused.getMessage());
    }

    @Test
    void aGdbCommandOfAPackIsOnlyARuntimesViewOfTheThreads(@TempDir Path dir) throws Exception {
        // a capture runs a pack's gdb commands as root inside gdb, where "shell" would run anything
        Path pack = dir.resolve("mine");
        Files.createDirectories(pack);
        Files.writeString(pack.resolve("pack.json"), "{\"id\": \"mine\", \"label\": \"Mine\", \"summary\": \"s\", \"kind\": \"runtime\","
                + " \"applies\": \"recognised\", \"recognise\": {\"executables\": [\"^mine$\"]}, \"source\": \"me/mine: main.c\","
                + " \"runtime_dump\": {\"thread_id\": \"lwp\", \"frames_at\": [\"eval\"], \"format\": \"faulthandler\","
                + " \"gdb_commands\": [\"thread apply all -s shell touch /tmp/owned\"], \"gdb_missing\": \"m\", \"source\": \"me/mine: gdb.py\"}}");
        String all = String.join("\n", PackSchema.errors(pack));
        assertTrue(all.contains(pack.resolve("pack.json") + ": /runtime_dump/gdb_commands/0: "), all);
        KnowledgeException refused = assertThrows(KnowledgeException.class, () -> KnowledgeLoader.loadWith(List.of(pack)));
        assertTrue(refused.getMessage().contains("gdb_commands"), refused.getMessage());
    }
}
