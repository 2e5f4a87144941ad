package dev.btexplain.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pack files' records: bound by their fields' snake-case names, from JSON and from the build's prepared form alike. */
class PackJsonTest {
    private static final String ROLES = "{\"roles\":[{\"id\":\"mine.loop\",\"label\":\"my loop\",\"summary\":\"S.\","
            + "\"source\":\"example/mine: src/main.c\",\"who\":\"The loop\",\"kernel_task\":true,"
            + "\"clues\":[{\"frames_all\":[\"mine_loop\"],\"thread_number\":1,\"confidence\":\"likely\",\"why\":\"W.\"}]}]}";

    @Test
    @DisplayName("a file's fields fill its record's components, absent lists read empty and absent values null or false")
    void bindsByName() throws Exception {
        for (byte[] bytes : List.of(ROLES.getBytes(StandardCharsets.UTF_8),
                CompactTree.write(new ObjectMapper().readTree(ROLES)))) {
            PackJson.Roles.Role role = PackJson.read("roles.json", bytes, PackJson.Roles.class).roles().get(0);
            assertEquals("mine.loop", role.id());
            assertTrue(role.kernelTask());
            assertEquals(false, role.nameFirst());
            assertNull(role.nameConfidence());
            assertEquals(List.of(), role.names());
            assertEquals(List.of("mine_loop"), role.clues().get(0).framesAll());
            assertEquals(1, role.clues().get(0).threadNumber());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an unknown field in a nested object | \"why\":\"W.\" | \"why\":\"W.\",\"frames\":[] | roles.json: /roles/0/clues/0: unknown field \"frames\"",
        "text for a boolean | \"kernel_task\":true | \"kernel_task\":\"yes\" | roles.json: /roles/0/kernel_task: must be true or false",
        "a fraction for a whole number | \"thread_number\":1 | \"thread_number\":1.5 | roles.json: /roles/0/clues/0/thread_number: must be a whole number",
        "an object for text | \"label\":\"my loop\" | \"label\":{} | roles.json: /roles/0/label: must be text",
        "a list for an object | \"clues\":[{ | \"clues\":[[{ | roles.json: /roles/0/clues/0: must be an object"})
    @DisplayName("a value of the wrong kind is refused with the file and the path to it")
    void refusesWithThePath(String what, String from, String to, String message) {
        byte[] bytes = ROLES.replace(from, to).replace("}]}]}", to.endsWith("[{") ? "}]]}]}" : "}]}]}").getBytes(StandardCharsets.UTF_8);
        KnowledgeException e = assertThrows(KnowledgeException.class, () -> PackJson.read("roles.json", bytes, PackJson.Roles.class), what);
        assertEquals(message, e.getMessage());
    }
}
