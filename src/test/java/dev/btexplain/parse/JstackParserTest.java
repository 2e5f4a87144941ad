package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.model.Backtrace;
import dev.btexplain.model.DebuggerEvent;
import dev.btexplain.model.InputFormat;
import dev.btexplain.model.RuntimeView;
import dev.btexplain.model.ThreadTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HotSpot thread dumps: jstack's layouts from JDK 17 to 25, its lock lines and deadlock section, and jcmd's text dump. */
class JstackParserTest {
    private static final Path DUMPS = Path.of("src/test/resources/captures/jstack");

    private static Backtrace parse(String text) {
        return ParseFixtures.detected(InputFormat.JSTACK, new JstackParser(), text);
    }

    private static ThreadTrace named(Backtrace bt, String name) {
        return bt.threads().stream().filter(t -> name.equals(t.name())).findFirst().orElseThrow();
    }

    /**
     * A RUNNABLE thread whose innermost frame is a native method the packs do not know (here a made-up one) may be
     * blocked in a system call the dump does not print: its state is unknown, not running, and the process is not busy.
     */
    @Test
    void anUnknownNativeMethodOnTopIsNoProofOfRunning() throws Exception {
        String dump = """
                "main" #1 prio=5 os_prio=0 cpu=101.66ms elapsed=2.32s tid=0x00007fbab0017ed0 nid=0x5004 runnable  [0x00007fbab791e000]
                   java.lang.Thread.State: RUNNABLE
                \tat com.example.Device.waitForSignal0(Native Method)
                \tat com.example.Device.waitForSignal(Device.java:40)
                \tat com.example.Main.main(Main.java:12)
                """;
        Backtrace bt = ParseFixtures.detected(InputFormat.JSTACK, new JstackParser(), dump);
        assertTrue(bt.threads().get(0).runtime().nativeTop());
        dev.btexplain.report.Report r = dev.btexplain.Btexplain.explain(new java.io.ByteArrayInputStream(
                dump.getBytes(java.nio.charset.StandardCharsets.UTF_8)), dev.btexplain.Btexplain.Options.defaults());
        assertEquals("unknown", r.analysis().of(r.backtrace().threads().get(0)).state().id());
        assertTrue(!r.analysis().diagnosis().verdict().id().equals("busy"), r.analysis().diagnosis().verdict().id());
    }

    @Test
    void aJdk17DumpWithItsLocksAndTheDeadlockSectionReadOnce() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("monitor-deadlock-jdk17-l.txt")));
        assertEquals(20, bt.threads().size(), "the deadlock section's stacks are not threads again");
        assertEquals(0, bt.stats().unparsedLines());
        ThreadTrace main = named(bt, "main");
        assertEquals(1, main.number());
        assertEquals(0x1bc3L, main.lwp(), "nid=0x1bc3 is the kernel thread id");
        assertEquals("BLOCKED (on object monitor)", main.runtime().state());
        assertEquals(List.of(new RuntimeView.Lock(RuntimeView.Relation.WAITS_TO_LOCK, "0x000000069ec196a0", "java.lang.Object", 0),
                new RuntimeView.Lock(RuntimeView.Relation.HOLDS, "0x000000069ec19690", "java.lang.Object", 0)), main.runtime().locks());
        assertEquals("MonitorDeadlock.main", main.frames().get(0).function());
        assertEquals("MonitorDeadlock.java", main.frames().get(0).source().file());
        ThreadTrace finalizer = named(bt, "Finalizer");
        assertEquals("java.lang.Object.wait", finalizer.frames().get(0).function());
        assertEquals("java.base@17.0.15", finalizer.frames().get(0).library(), "the module a JDK frame is in");
        assertNull(finalizer.frames().get(0).source(), "Native Method is no file");
        ThreadTrace vm = named(bt, "VM Thread");
        assertNull(vm.number(), "a VM thread has no Java id");
        assertTrue(vm.frames().isEmpty());
        assertTrue(named(bt, "auditor").frames().stream().anyMatch(f -> f.function().startsWith("MonitorDeadlock$$Lambda$1/")),
                "a lambda's hidden class keeps its slash");
        List<String> reports = bt.events().stream().filter(e -> e.kind() == DebuggerEvent.Kind.RUNTIME_REPORT).map(DebuggerEvent::text).toList();
        assertEquals("Found one Java-level deadlock", reports.get(0));
        assertTrue(reports.get(1).startsWith("\"main\" waiting to lock monitor 0x00007fb2d012abb0") && reports.get(1).endsWith("held by \"auditor\""),
                reports.toString());
        assertEquals("Found 1 deadlock.", reports.get(reports.size() - 1));
    }

    @Test
    void jdk19AndLaterHeadersNameTheThreadInDecimal() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("monitor-deadlock-jdk25-l.txt")));
        ThreadTrace main = named(bt, "main");
        assertEquals(3, main.number());
        assertEquals(7363L, main.lwp(), "\"#3 [7363] ... nid=7363\"");
    }

    @Test
    void ownableSynchronizersAreHeldLocks() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("lock-deadlock-jdk17-l.txt")));
        RuntimeView mover = named(bt, "mover").runtime();
        assertEquals("WAITING (parking)", mover.state());
        assertEquals(RuntimeView.Relation.PARKED_ON, mover.waitsToTake().relation());
        assertTrue(mover.locks().stream().anyMatch(l -> l.relation() == RuntimeView.Relation.HOLDS && l.frame() == -1
                && l.type().equals("java.util.concurrent.locks.ReentrantLock$NonfairSync")), mover.locks().toString());
    }

    @Test
    void jcmdsTextDumpListsVirtualThreadsAndNamesObjectsByIdentity() throws Exception {
        Backtrace bt = parse(Files.readString(DUMPS.resolve("virtual-threads-jdk25-jcmd.txt")));
        assertEquals(0, bt.stats().unparsedLines(), bt.warnings().toString());
        assertEquals(61, bt.threads().size());
        ThreadTrace request = named(bt, "request-0");
        assertEquals(23, request.number());
        assertNull(request.lwp(), "a virtual thread runs on no thread of its own");
        assertEquals("WAITING", request.runtime().state());
        assertEquals("java.lang.VirtualThread.park", request.frames().get(0).function());
        assertEquals("java.base", request.frames().get(0).library());
        RuntimeView.Lock parked = request.runtime().waitsToTake();
        assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync@49eb6fe9", parked.address());
        assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync", parked.type());
    }

    @Test
    void jcmdThreadPrintAndKill3AroundTheDump() throws Exception {
        Backtrace print = parse(Files.readString(DUMPS.resolve("idle-server-jdk17-jcmd-print.txt")));
        Backtrace kill3 = parse(Files.readString(DUMPS.resolve("idle-server-jdk17-kill3.txt")));
        assertEquals(0, print.stats().unparsedLines(), "jcmd's pid line");
        assertEquals(0, kill3.stats().unparsedLines(), "the heap summary after the threads");
        assertEquals(print.threads().size(), kill3.threads().size());
        assertTrue(kill3.stats().skipped().get("heap-summary") >= 5, kill3.stats().skipped().toString());
    }
}
