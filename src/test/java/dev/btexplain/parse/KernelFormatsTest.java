package dev.btexplain.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.analyze.ThreadExplanation;
import dev.btexplain.model.Frame;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.report.Report;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kernel report shapes the corpus and the project's own captures do not hold: the lines follow the kernel's printk
 * formats (kernel/watchdog.c, arch/arm64/kernel/process.c's "pc :" line, arch/arm's 5.x "f from g" unwinder lines)
 * with the log prefixes of journalctl and syslog.
 */
class KernelFormatsTest {

    private static Report explain(String text) throws Exception {
        return Btexplain.explain(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Btexplain.Options.defaults());
    }

    private static List<String> functions(ThreadTrace t) {
        return t.frames().stream().map(Frame::function).toList();
    }

    @Test
    void softLockupSpinningOnALockInAJournalIsAHang() throws Exception {
        String p = "Nov 27 01:02:03 host kernel: ";
        Report r = explain(p + "watchdog: BUG: soft lockup - CPU#1 stuck for 23s! [kworker/1:2:123]\n"
                + p + "CPU: 1 PID: 123 Comm: kworker/1:2 Not tainted 6.1.0-13-amd64 #1  Debian 6.1.55-1\n"
                + p + "RIP: 0010:native_queued_spin_lock_slowpath+0x5a/0x1d0\n"
                + p + "Call Trace:\n" + p + " <TASK>\n" + p + " _raw_spin_lock+0x25/0x30\n" + p + " worker_thread+0x1a/0x3c0\n"
                + p + " kthread+0xe6/0x110\n" + p + " ret_from_fork+0x1f/0x30\n" + p + " </TASK>\n");
        assertEquals("kernel", r.backtrace().format().id());
        assertEquals(0, r.backtrace().stats().unparsedLines(), () -> r.backtrace().warnings().toString());
        ThreadTrace t = r.backtrace().threads().get(0);
        assertEquals(List.of("native_queued_spin_lock_slowpath", "_raw_spin_lock", "worker_thread", "kthread", "ret_from_fork"), functions(t));
        assertEquals(123L, t.lwp());
        assertEquals("kworker/1:2", t.name());
        assertEquals("hung", r.analysis().diagnosis().verdict().id(), "a CPU spinning on a lock waits for its holder");
        ThreadExplanation x = r.analysis().of(t);
        assertEquals("kernel.kworker", x.role().id());
        assertEquals("wait-mutex", x.state().id());
    }

    @Test
    void journalMonotonicPrefixesAreRemovedToo() throws Exception {
        String p = "[ 7.670103] host kernel: ";
        Report r = explain(p + "INFO: task sh:72 blocked for more than 120 seconds.\n"
                + p + "task:sh              state:D stack:0     pid:72    ppid:1      flags:0x00000002\n"
                + p + "Call Trace:\n" + p + " <TASK>\n" + p + " __schedule+0x34d/0xa00\n" + p + " schedule+0x5a/0xd0\n"
                + p + " io_schedule+0x46/0x70\n" + p + " folio_wait_bit_common+0x13d/0x350\n" + p + " </TASK>\n");
        assertEquals(0, r.backtrace().stats().unparsedLines(), () -> r.backtrace().warnings().toString());
        ThreadTrace t = r.backtrace().threads().get(0);
        assertEquals(72L, t.lwp());
        assertEquals("io", r.analysis().of(t).state().id(), "past the scheduler, the first wait says what for");
        assertEquals("hung", r.analysis().diagnosis().verdict().id());
    }

    @Test
    void arm64LocationIsFrameZeroOnceAndItsTraceFollows() throws Exception {
        Report r = explain("[  12.000001] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000\n"
                + "[  12.000002] Internal error: Oops: 96000005 [#1] SMP\n"
                + "[  12.000003] CPU: 2 PID: 77 Comm: modprobe Tainted: G           O      6.1.0 #1\n"
                + "[  12.000004] pc : demo_probe+0x10/0x20 [demo]\n"
                + "[  12.000005] lr : do_one_initcall+0x4c/0x1c0\n"
                + "[  12.000006] sp : ffff80000a3b3b70\n"
                + "[  12.000007] Call trace:\n"
                + "[  12.000008]  demo_probe+0x10/0x20 [demo]\n"
                + "[  12.000009]  do_one_initcall+0x4c/0x1c0\n"
                + "[  12.000010]  do_init_module+0x44/0x1d0\n");
        ThreadTrace t = r.backtrace().threads().get(0);
        assertEquals(List.of("demo_probe", "do_one_initcall", "do_init_module"), functions(t));
        assertEquals("demo", t.frames().get(0).library());
        assertEquals("crash", r.analysis().diagnosis().verdict().id());
        assertEquals("crashed", r.analysis().of(t).state().id());
        assertEquals(0, r.backtrace().stats().unparsedLines(), () -> r.backtrace().warnings().toString());
    }

    @Test
    void armFromLinesGiveEachFunctionAndTheLastCaller() throws Exception {
        Report r = explain("WARNING: CPU: 0 PID: 1 at drivers/base/core.c:100 device_add+0x1/0x2\n"
                + "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 5.15.0 #1\n"
                + "Backtrace:\n"
                + " unwind_backtrace from show_stack+0x10/0x14\n"
                + " show_stack from dump_stack_lvl+0x40/0x4c\n"
                + " dump_stack_lvl from __warn+0xd0/0x12c\n");
        ThreadTrace t = r.backtrace().threads().get(0);
        assertEquals(List.of("unwind_backtrace", "show_stack", "dump_stack_lvl", "__warn"), functions(t));
        assertEquals("unknown", r.analysis().diagnosis().verdict().id(), "a WARNING is neither a crash nor a hang");
    }

    @Test
    void linesOutsideAReportAreOtherLogLinesAndInsideAreNotUnderstood() throws Exception {
        Report r = explain("[    1.000000] usb 1-1: new high-speed USB device number 2 using xhci_hcd\n"
                + "[    2.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
                + "[    2.000001] CPU: 0 PID: 9 Comm: kworker/0:1 Not tainted 6.1.0 #1\n"
                + "[    2.000002] RIP: 0010:demo_work+0x8/0x20\n"
                + "[    2.000003] something the parser has never seen\n");
        assertEquals(1, r.backtrace().stats().skipped("kernel-log-other"));
        assertEquals(1, r.backtrace().stats().unparsedLines());
        assertTrue(r.backtrace().warnings().get(0).excerpt().contains("something the parser has never seen"));
    }

    @Test
    void procStackDumpsWithHeadTailHeadersAndTheOldEndMarker() throws Exception {
        Report r = explain("==> /proc/4242/task/4242/stack <==\n"
                + "[<ffffffff810f2d5e>] futex_wait_queue_me+0xde/0x140\n"
                + "[<ffffffff810f3a6b>] futex_wait+0x17b/0x280\n"
                + "[<ffffffffffffffff>] 0xffffffffffffffff\n"
                + "\n"
                + "==> /proc/4242/task/4250/stack <==\n"
                + "[<ffffffff8120f3a5>] do_sys_poll+0x3a5/0x560\n"
                + "[<ffffffffffffffff>] 0xffffffffffffffff\n");
        assertEquals("proc-stack", r.backtrace().format().id());
        List<ThreadTrace> threads = r.backtrace().threads();
        assertEquals(2, threads.size());
        assertEquals(4250L, threads.get(1).lwp());
        assertEquals("0xffffffff810f2d5e", threads.get(0).frames().get(0).address());
        assertEquals("wait-futex", r.analysis().of(threads.get(0)).state().id());
        assertEquals("idle-poll", r.analysis().of(threads.get(1)).state().id());
        assertEquals(2, r.backtrace().stats().skipped("proc-stack-end-marker"));
        assertFalse(r.analysis().diagnosis().verdict().id().equals("idle"), "a futex wait in the kernel may be a deadlock");
    }
}
