package dev.btexplain.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.analyze.Diagnosis;
import dev.btexplain.analyze.LockGraph;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.report.Report;
import dev.btexplain.report.ReportFormat;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real QEMU hang reports of the shared corpus whose cause is known from their bug threads (as PROVENANCE.md
 * sums them up): the report must say what the bug thread found. Skipped, by name, without ../shared.
 */
class PublicHangsTest {
    private static final Path QEMU = CorpusTest.CORPUS.resolve("public/qemu");

    /** A known case: the file, the verdicts that are right, and what must hold of the report. */
    private record Case(String file, List<String> verdicts, String bqlOwner, int thread, String role, String state,
                        String mustSay) {
    }

    /**
     * Only the verdicts the bug threads support: a hang is never idle or busy; one listing may leave it open, except
     * where a pack's hang pattern shows the operation a thread waits inside (a nested aio_poll): hung, possible.
     */
    private static final List<Case> CASES = List.of(
            // vCPUs blocked in qemu_mutex_lock_iothread while the main loop holds the BQL (polling inside libusb)
            new Case("lp1884684-usb-unplug-hang-9threads.txt", List.of("hung"), "1", 4, "qemu.vcpu-kvm", "wait-mutex",
                    "the Big QEMU Lock (BQL), probably held by thread 1 (QEMU main loop), which waits inside work"),
            // the main thread waits for the BQL in os_host_main_loop_wait while a vCPU holds it
            new Case("lp1888601-nested-virt-hang-bql-5threads.txt", List.of("unknown", "hung"), "4", 1, "qemu.main-loop",
                    "wait-mutex", "probably held by thread 4 (vCPU thread (KVM))"),
            // call_rcu_thread blocked in synchronize_rcu / wait_for_readers: a reader never leaves its section
            new Case("gitlab-1182-aarch64-hotplug-deadlock-rcu.txt", List.of("unknown", "hung"), null, 2, "qemu.rcu",
                    "wait-futex", "waiting for a grace period in wait_for_readers"),
            // a vCPU in mttcg_cpu_thread_fn waiting on the exclusive-section condition variable
            new Case("gitlab-2566-tcg-plugin-deadlock-3threads.txt", List.of("unknown", "hung", "deadlock"), null, 3, "qemu.vcpu-tcg",
                    "wait-condvar", "waits in start_exclusive"),
            // the main thread endlessly in aio_poll inside bdrv_do_drained_begin (QMP x-blockdev-change)
            new Case("qemu-devel-main-thread-hangs-ppoll-drain-email-wrapped.txt", List.of("hung"), null, -1,
                    "qemu.main-loop", "idle-poll", "nested aio_poll called from bdrv_do_drained_begin"),
            // the live-migration thread nests aio_poll -> bdrv_flush while the main thread waits for the BQL
            new Case("gitlab-780-mirror-exit-vm-stop-deadlock.txt", List.of("hung", "deadlock"), null, -1,
                    "qemu.migration", null, "nested aio_poll called from bdrv_flush"),
            // the main thread in aio_poll / bdrv drain during block-job completion
            new Case("gitlab-1215-block-stream-hang-main.txt", List.of("unknown", "hung"), null, 1, "qemu.main-loop", null,
                    "is not idle: it is inside a nested aio_poll"),
            // the IOThread blocked on a mutex inside aio_poll, in the same hang
            new Case("gitlab-1215-block-stream-hang-iothread.txt", List.of("unknown", "hung"), null, 3, "qemu.iothread",
                    "wait-mutex", "waits inside work"),
            // a vCPU waits in drain_call_rcu (for the RCU thread) inside a nested aio_poll: the same hang as the RCU thread's
            new Case("gitlab-1182-aarch64-hotplug-deadlock-main.txt", List.of("hung"), null, -1, "qemu.vcpu-kvm",
                    "wait-futex", "waits inside work"),
            // qemu-img convert: the main thread polls in main_loop_wait called from convert_do_copy (a lost wakeup)
            new Case("lp1805256-qemu-img-convert-hang-aarch64-wrapped.txt", List.of("unknown", "hung"), null, 1, "qemu.main-loop",
                    "idle-poll", "inside convert_do_copy"),
            // the source side's main loop in aio_poll under nbd_client_close, then the destination's trace
            new Case("lp1807052-migration-hang-aio_poll-bt-full.txt", List.of("hung"), null, -1, "qemu.main-loop",
                    null, "different processes"));

    @TestFactory
    Stream<DynamicTest> knownHangs() {
        if (!Files.isDirectory(QEMU)) {
            return Stream.of(DynamicTest.dynamicTest("public QEMU hangs (../shared/corpus is not here: skipped)",
                    () -> Assumptions.abort("../shared/corpus not found")));
        }
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.file(), () -> check(c)));
    }

    private static void check(Case c) throws Exception {
        Report report = CorpusTest.explain(QEMU.resolve(c.file()));
        Diagnosis d = report.analysis().diagnosis();
        assertTrue(c.verdicts().contains(d.verdict().id()), "verdict " + d.verdict().id() + ", expected one of " + c.verdicts());
        ThreadTrace t = c.thread() < 0 ? report.backtrace().threads().get(0) : report.backtrace().threads().stream()
                .filter(x -> x.number() != null && x.number() == c.thread()).findFirst().orElseThrow();
        ThreadExplanation x = report.analysis().of(t);
        assertEquals(c.role(), x.role().id(), "role");
        if (c.state() != null) {
            assertEquals(c.state(), x.state().id(), "state");
        }
        if (c.bqlOwner() != null) {
            LockGraph.LockWait bql = d.locks().locks().stream().filter(l -> l.lock().id().equals("BQL")).findFirst().orElseThrow();
            assertEquals(Integer.valueOf(c.bqlOwner()), bql.owner().thread().number(), "inferred BQL holder");
        }
        StringWriter text = new StringWriter();
        Btexplain.render(report, ReportFormat.TEXT, text, false);
        String flat = String.join(" ", Arrays.asList(text.toString().split("\\s+")));
        assertTrue(flat.contains(c.mustSay()), "the report must say: " + c.mustSay());
    }
}
