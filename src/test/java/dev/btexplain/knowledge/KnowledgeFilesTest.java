package dev.btexplain.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.model.Frame;
import dev.btexplain.model.SourceRef;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every shipped knowledge file loads and validates; each kind of broken entry is refused with its file and entry. */
class KnowledgeFilesTest {
    private static final Set<String> ROLES = Set.of("qemu.rcu", "unknown");

    @Test
    @DisplayName("the built-in knowledge loads: at least the 231 researched functions plus the roles")
    void builtInLoads() throws KnowledgeException {
        KnowledgeBase kb = KnowledgeLoader.loadBuiltIn();
        long names = kb.entries().stream().mapToLong(e -> e.isPattern() ? 1 : e.names().size()).sum();
        assertTrue(kb.entries().size() >= 225, "entries: " + kb.entries().size());
        assertTrue(names >= 231, "names and patterns: " + names);
        for (String role : List.of("qemu.main-loop", "qemu.vcpu-kvm", "qemu.vcpu-tcg", "qemu.vcpu-tcg-rr", "qemu.rcu",
                "qemu.thread-pool-worker", "qemu.iothread", "qemu.vnc-worker", "qemu.migration", "qemu.thread-context",
                "glib.gmain", "glib.gdbus", "glib.pool-worker", "glib.pool-spawner", "libvirt.main-loop",
                "libvirt.pool-worker", "process.main", "unknown")) {
            assertNotNull(kb.role(role), role);
        }
    }

    @Test
    @DisplayName("every built-in entry has a source of the form owner/repo: path, a meaning and how it was checked")
    void everyEntryIsSourced() throws KnowledgeException {
        Pattern shape = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+: \\S.*");
        for (FunctionEntry e : KnowledgeLoader.loadBuiltIn().entries()) {
            assertTrue(shape.matcher(e.source()).matches(), e.id() + ": " + e.source());
            assertTrue(e.meaning().endsWith(".") && e.meaning().length() >= 15, e.id() + ": " + e.meaning());
            assertNotNull(e.checked(), e.id() + " says nothing of how it was checked");
        }
    }

    @Test
    @DisplayName("each pack has its own function file, and entries of a file belong to its pack")
    void filesAreSplitByPack() throws KnowledgeException {
        for (FunctionEntry e : KnowledgeLoader.loadBuiltIn().entries()) {
            assertEquals("packs/" + e.library() + "/functions.json", e.file(), e.id());
        }
    }

    @Test
    @DisplayName("the founding mistake cannot come back: call_rcu_thread is the RCU thread, not a clock")
    void callRcuThreadIsRcu() {
        FunctionEntry e = KnowledgeBase.builtIn().lookup("call_rcu_thread", null);
        assertEquals("qemu.rcu", e.roleHint());
        assertTrue(e.meaning().contains("read-copy-update"));
        assertTrue(!e.meaning().contains("Real-Time Clock"));
    }

    @ParameterizedTest(name = "{0} ({1}) → {2}")
    @CsvSource(nullValues = "-", value = {
        "__GI___poll, /lib/x86_64-linux-gnu/libc.so.6, glibc.__poll",
        "pthread_cond_wait@@GLIBC_2.3.2, -, glibc.___pthread_cond_wait",
        "sem_wait@@GLIBC_2.2.5, -, glibc.__new_sem_wait",
        "__GI_raise, -, glibc.raise",
        "helper_le_ldq_mmu, -, qemu.helper-functions",
        "_L_lock_944, -, glibc.old-x86_64-lock-stubs",
        "qemu_poll_ns.constprop.0, -, qemu.qemu_poll_ns",
        "g_main_loop_run, /lib/x86_64-linux-gnu/libglib-2.0.so.0, glib.g_main_loop_run",
        "poll, /usr/lib/x86_64-linux-gnu/libglib-2.0.so.0, -",
        "some_function_nobody_knows, -, -",
        "futex_wait, -, glibc.futex_wait",
        "Perl_pp_lock, -, generic.named-lock",
        "AcquireLock, -, generic.named-lock",
        "std::mutex::lock, /tmp/build/app, generic.named-lock",
        "record_unlock, -, -",
        "try_lock, -, -",
        "read_clock, -, -",
        "lock_and_wait_for_job, -, -",
        "pthread_mutex_lock, /usr/lib/x86_64-linux-gnu/libtsan.so.2, -",
    })
    @DisplayName("lookup: exact, normalized, pattern, and never another library's entry")
    void lookup(String function, String library, String id) {
        Frame f = new Frame(0, 0x1000, 16, function, null, 0, -1, null, library, false, false, null, 1);
        FunctionEntry e = KnowledgeBase.builtIn().lookup(f);
        if (id == null) {
            assertNull(e, () -> "matched " + e.id());
        } else {
            assertNotNull(e, function);
            assertEquals(id, e.id());
        }
    }

    @Test
    @DisplayName("a source path of glibc keeps a glibc name from matching a QEMU entry of the same name")
    void sourcePathNamesTheLibrary() {
        Frame f = new Frame(0, 0, 0, "syscall", null, 0, -1, new SourceRef("../sysdeps/unix/sysv/linux/x86_64/syscall.S", 38),
                null, false, false, null, 1);
        assertEquals("glibc", KnowledgeBase.builtIn().libraryOf(f));
        assertEquals("glibc.syscall", KnowledgeBase.builtIn().lookup(f).id());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no source | [{\"id\":\"x.a\",\"names\":[\"a\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does a.\"}] | /0: required property 'source' not found",
        "bad source shape | [{\"id\":\"x.a\",\"names\":[\"a\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does a.\",\"source\":\"util/a.c\"}] | is not of the form",
        "bad regex | [{\"id\":\"x.a\",\"pattern\":\"^(a\",\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does a.\",\"source\":\"qemu/qemu: a.c\"}] | not a valid regular expression",
        "duplicate name | [{\"id\":\"x.a\",\"names\":[\"a\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does a.\",\"source\":\"qemu/qemu: a.c\"},{\"id\":\"x.b\",\"names\":[\"a\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does a.\",\"source\":\"qemu/qemu: a.c\"}] | claims \"a\" for qemu, already claimed by x.a",
        "duplicate id | [{\"id\":\"x.a\",\"names\":[\"a\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does a.\",\"source\":\"qemu/qemu: a.c\"},{\"id\":\"x.a\",\"names\":[\"b\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does b.\",\"source\":\"qemu/qemu: a.c\"}] | duplicate id \"x.a\"",
        "unknown category | [{\"id\":\"x.a\",\"names\":[\"a\"],\"library\":\"qemu\",\"category\":\"waiting\",\"meaning\":\"Does a.\",\"source\":\"qemu/qemu: a.c\"}] | unknown category \"waiting\"",
        "unknown role | [{\"id\":\"x.a\",\"names\":[\"a\"],\"library\":\"qemu\",\"category\":\"other\",\"role_hint\":\"qemu.clock\",\"meaning\":\"Does a.\",\"source\":\"qemu/qemu: a.c\"}] | role_hint \"qemu.clock\" is not a role",
        "no name | [{\"id\":\"x.a\",\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does a.\",\"source\":\"qemu/qemu: a.c\"}] | needs exactly one of",
        "unknown field | [{\"id\":\"x.a\",\"names\":[\"a\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does a.\",\"source\":\"qemu/qemu: a.c\",\"role\":\"x\"}] | /0: property 'role' is not defined",
        "not json | [{\"id\": | not valid JSON",
    })
    @DisplayName("a broken user file is refused with its file and entry")
    void brokenFilesAreRefused(String what, String json, String message, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        KnowledgeException e = assertThrows(KnowledgeException.class, () -> KnowledgeLoader.loadWith(List.of(file)));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    @DisplayName("built-in files must stay sorted by name")
    void unsortedIsRefused() {
        byte[] json = ("[{\"id\":\"x.b\",\"names\":[\"b\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does b.\",\"source\":\"qemu/qemu: a.c\"},"
                + "{\"id\":\"x.a\",\"names\":[\"a\"],\"library\":\"qemu\",\"category\":\"other\",\"meaning\":\"Does a.\",\"source\":\"qemu/qemu: a.c\"}]")
                .getBytes(StandardCharsets.UTF_8);
        KnowledgeException e = assertThrows(KnowledgeException.class,
                () -> PackReader.functions("packs/qemu/functions.json", json, "qemu", Set.of("qemu"), ROLES, true));
        assertTrue(e.getMessage().contains("packs/qemu/functions.json entry 2 (x.a): out of order"), e.getMessage());
    }

    @Test
    @DisplayName("a user file is merged over the built-in one: its entry replaces the one claiming the same name")
    void userFileOverrides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.json");
        Files.writeString(file, "[{\"id\":\"site.call_rcu_thread\",\"names\":[\"call_rcu_thread\"],\"library\":\"qemu\","
                + "\"category\":\"other\",\"role_hint\":\"qemu.rcu\",\"meaning\":\"Our patched RCU thread.\",\"source\":\"example/qemu-fork: util/rcu.c\"},"
                + "{\"id\":\"site.my_worker\",\"names\":[\"my_worker_main\"],\"library\":\"qemu\",\"category\":\"other\","
                + "\"meaning\":\"Our own worker.\",\"source\":\"example/qemu-fork: util/mine.c\"}]");
        KnowledgeBase kb = KnowledgeLoader.loadWith(List.of(file));
        assertEquals("Our patched RCU thread.", kb.lookup("call_rcu_thread", null).meaning());
        assertEquals("site.my_worker", kb.lookup("my_worker_main", null).id());
        assertEquals("qemu.qemu_event_wait", kb.lookup("qemu_event_wait", null).id());
        Set<String> ids = new HashSet<>();
        kb.entries().forEach(x -> assertTrue(ids.add(x.id()), x.id()));
    }

    @Test
    @DisplayName("states.json defines exactly the contract's states and every role template uses one")
    void statesAreTheContracts() {
        KnowledgeBase kb = KnowledgeBase.builtIn();
        assertEquals(Set.copyOf(KnowledgeLoader.STATES), kb.states().texts().keySet());
    }

    private static final String REPORT = "{\"id\":\"kernel.x\",\"formats\":[\"kernel\"],\"pattern\":\"BUG: x\",\"label\":\"x\","
            + "\"verdict\":\"hung\",\"confidence\":\"likely\",\"meaning\":\"M.\",\"read_first\":\"R.\","
            + "\"source\":\"torvalds/linux: kernel/x.c\",\"checked\":\"read\"}";

    @ParameterizedTest(name = "reports.json: {0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown verdict|\"verdict\":\"hung\"|\"verdict\":\"stuck\"|verdict \"stuck\" is not one of",
            "an unknown format|[\"kernel\"]|[\"dmesg\"]|unknown format \"dmesg\"",
            "a pattern that does not compile|BUG: x|BUG: (x|is not a valid regular expression",
            "a missing meaning|\"meaning\":\"M.\",||\"meaning\" is missing or empty",
            "a source not owner/repo: path|torvalds/linux: kernel/x.c|kernel/x.c|is not of the form \"owner/repo: path\""})
    @DisplayName("a broken report kind is refused, naming the file, the entry and what is wrong")
    void brokenReportKindsAreRefused(String what, String from, String to, String message) {
        byte[] json = ("{\"reports\":[" + REPORT.replace(from, to == null ? "" : to) + "]}").getBytes(StandardCharsets.UTF_8);
        KnowledgeException e = assertThrows(KnowledgeException.class, () -> ReportKind.read("reports.json", json), what);
        assertTrue(e.getMessage().startsWith("reports.json entry 0 (kernel.x)"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    @DisplayName("every built-in report kind names its source and how it was checked, and a line finds its kind")
    void reportKindsAreSourced() {
        KnowledgeBase kb = KnowledgeBase.builtIn();
        assertTrue(kb.reports().size() >= 30);
        kb.reports().forEach(k -> assertFalse(k.checked().isBlank(), k.id()));
        assertEquals("kernel.soft-lockup", kb.reportKind("kernel", "NMI watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [pulseaudio:1580]").id());
        assertEquals("asan.heap-use-after-free", kb.reportKind("asan", "==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x6").id());
        assertNull(kb.reportKind("asan", "NMI watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [pulseaudio:1580]"));
    }

    @Test
    @DisplayName("packs.txt lists every pack folder, and each folder holds only the files a pack may hold")
    void everyPackFolderIsListed() throws Exception {
        Path packs = Path.of("src/main/resources/knowledge/packs");
        Set<String> folders = new HashSet<>();
        try (var list = Files.list(packs)) {
            list.filter(Files::isDirectory).forEach(d -> folders.add(d.getFileName().toString()));
        }
        Set<String> listed = new HashSet<>();
        for (String line : Files.readAllLines(packs.resolve("packs.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                listed.add(line.strip());
            }
        }
        assertEquals(folders, listed);
        for (String f : folders) {
            try (var files = Files.list(packs.resolve(f))) {
                files.forEach(x -> assertTrue(KnowledgeLoader.PACK_FILES.contains(x.getFileName().toString()), x.toString()));
            }
        }
        assertEquals(listed.size(), KnowledgeBase.builtIn().packs().size());
    }

    private static final String MANIFEST = "{\"id\":\"mine\",\"label\":\"Mine\",\"summary\":\"My program.\",\"kind\":\"program\","
            + "\"applies\":\"recognised\",\"recognise\":{\"functions\":[\"mine_main_loop\"]},\"source\":\"example/mine: src/main.c\"}";
    private static final String ROLE = "{\"roles\":[{\"id\":\"mine.loop\",\"label\":\"my loop\",\"summary\":\"S.\",\"source\":\"example/mine: src/main.c\",\"who\":\"The loop\"}]}";

    /** Loading the pack fails with a message that says this. */
    private static void assertRefused(Path pack, String message) {
        KnowledgeException e = assertThrows(KnowledgeException.class, () -> KnowledgeLoader.loadWith(List.of(pack)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** The pack folder "mine" with its manifest. */
    private static Path minePack(Path dir) throws IOException {
        Path pack = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(pack.resolve("pack.json"), MANIFEST);
        return pack;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an id that is not the folder's | \"id\":\"mine\" | \"id\":\"yours\" | id \"yours\" differs from its folder's name \"mine\"",
        "an unknown kind | \"kind\":\"program\" | \"kind\":\"plugin\" | /kind: does not have a value in the enumeration",
        "recognised without saying how | ,\"recognise\":{\"functions\":[\"mine_main_loop\"]} | | /: required property 'recognise' not found",
        "an unknown field | \"label\" | \"lable\" | /: property 'lable' is not defined",
        "a bad executable pattern | \"functions\" | \"executables\":[\"(\"],\"functions\" | is not a valid regular expression",
        "an article that is not a or an | \"label\":\"Mine\" | \"label\":\"Mine\",\"article\":\"the\" | /article: does not have a value in the enumeration [\"a\", \"an\"]"})
    @DisplayName("a broken pack manifest is refused, naming its file")
    void brokenManifestsAreRefused(String what, String from, String to, String message, @TempDir Path dir) throws Exception {
        Path pack = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(pack.resolve("pack.json"), MANIFEST.replace(from, to == null ? "" : to));
        KnowledgeException e = assertThrows(KnowledgeException.class, () -> KnowledgeLoader.loadWith(List.of(pack)), what);
        assertTrue(e.getMessage().startsWith(pack.resolve("pack.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    @DisplayName("a pack may not name another program's role: that role is missing where only this pack is recognised")
    void crossProgramRolesAreRefused(@TempDir Path dir) throws Exception {
        Path pack = minePack(dir);
        Files.writeString(pack.resolve("roles.json"), ROLE);
        Files.writeString(pack.resolve("next-steps.json"), "{\"next_steps\":[{\"id\":\"x\",\"when\":{\"role\":\"qemu.rcu\"},\"text\":\"T.\"}]}");
        assertRefused(pack, "names the role \"qemu.rcu\" of the pack qemu");
    }

    @Test
    @DisplayName("a home wait's loop entry must be one of the functions it is reached through")
    void loopEntriesAreThroughFunctions(@TempDir Path dir) throws Exception {
        Path pack = minePack(dir);
        Files.writeString(pack.resolve("roles.json"), ROLE.replace("\"who\":\"The loop\"}", "\"who\":\"The loop\",\"home_waits\":[{"
                + "\"states\":[\"idle-poll\"],\"through\":[\"mine_iterate\"],\"loop_entries\":[\"mine_run\"],\"why\":\"W.\","
                + "\"source\":\"example/mine: src/main.c\"}]}"));
        assertRefused(pack, "every loop entry is also a function the wait is reached through");
    }

    @Test
    @DisplayName("a file a pack does not hold is refused, so that a misnamed file is not ignored")
    void unknownPackFilesAreRefused(@TempDir Path dir) throws Exception {
        Path pack = minePack(dir);
        Files.writeString(pack.resolve("function.json"), "[]");
        assertRefused(pack, "function.json: not a file a pack holds");
    }

    @Test
    @DisplayName("a user's pack folder loads beside the built-in packs, and applies only where it is recognised")
    void userPackLoads(@TempDir Path dir) throws Exception {
        Path pack = minePack(dir);
        Files.writeString(pack.resolve("roles.json"), ROLE);
        Files.writeString(pack.resolve("functions.json"), "[{\"id\":\"mine.mine_main_loop\",\"names\":[\"mine_main_loop\"],"
                + "\"category\":\"event-loop\",\"role_hint\":\"mine.loop\",\"meaning\":\"My main loop.\",\"source\":\"example/mine: src/main.c\"}]");
        KnowledgeBase kb = KnowledgeLoader.loadWith(List.of(pack));
        assertEquals("mine.mine_main_loop", kb.lookup("mine_main_loop", null).id());
        ProcessClues mine = new ProcessClues(Set.of(), Set.of(), Set.of("mine_main_loop", "__poll"), Set.of());
        ProcessClues other = new ProcessClues(Set.of("redis-server"), Set.of("worker"), Set.of("__poll"), Set.of());
        assertEquals(Set.of("mine"), kb.recognise(mine).keySet());
        assertNotNull(kb.forPacks(kb.recognise(mine).keySet()).role("mine.loop"));
        assertNull(kb.forPacks(kb.recognise(other).keySet()).role("mine.loop"));
        assertNull(kb.forPacks(kb.recognise(other).keySet()).role("qemu.thread-pool-worker"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "the core's executable | qemu-system-x86_64 | - | -",
        "the truncated thread name Linux gives it | - | qemu-system-x86 | -",
        "a function only QEMU has | - | - | main_loop_wait"})
    @DisplayName("QEMU is recognised by its executable, its thread names or its functions")
    void qemuIsRecognised(String what, String exe, String thread, String function) {
        ProcessClues clues = new ProcessClues(exe == null ? Set.of() : Set.of(exe), thread == null ? Set.of() : Set.of(thread),
                function == null ? Set.of("__poll") : Set.of(function, "__poll"), Set.of());
        assertEquals(Set.of("qemu"), KnowledgeBase.builtIn().recognise(clues).keySet(), what);
    }
}
