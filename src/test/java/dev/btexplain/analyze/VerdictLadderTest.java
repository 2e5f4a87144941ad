package dev.btexplain.analyze;

import static dev.btexplain.analyze.Listing.inWorker;
import static dev.btexplain.analyze.Listing.joinWait;
import static dev.btexplain.analyze.Listing.mutexWait;
import static dev.btexplain.analyze.Listing.pthread;
import static dev.btexplain.analyze.Listing.readWait;
import static dev.btexplain.analyze.Listing.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The verdict, rung by rung: idle is proven, busy needs a thread running, the rest is a hang, a deadlock or open. */
class VerdictLadderTest {
    private static final String[] RCU_HOME = {"syscall () at ../sysdeps/unix/sysv/linux/x86_64/syscall.S:38",
        "0x0000557c8021e2da in qemu_event_wait ()", "0x0000557c802274b2 in ?? ()", "0x0000557c8021d148 in ?? ()", Listing.START};

    private static Diagnosis diagnose(Listing l) throws Exception {
        return l.explain().analysis().diagnosis();
    }

    @Test
    @DisplayName("idle: every thread at a home wait of its role, in a listing of every thread")
    void idleIsProven() throws Exception {
        Report r = dev.btexplain.Btexplain.explain(Path.of("src/test/resources/captures/qemu/qemu72-smp2-prelaunch.txt"),
                dev.btexplain.Btexplain.Options.defaults());
        assertEquals(Verdict.IDLE, r.analysis().diagnosis().verdict());
        assertEquals(1, r.analysis().diagnosis().findings(Finding.Kind.IDLE).size());
    }

    @Test
    @DisplayName("a program no pack knows, its threads parked at the top of their loops: idle, possible, said as read from the stacks' shape")
    void parkedProgramIsPossiblyIdle() throws Exception {
        Diagnosis d = diagnose(new Listing().thread(2, "reader", readWait(3, "read_request")).thread(1, "main", joinWait(pthread(2))));
        assertEquals(Verdict.IDLE, d.verdict());
        assertEquals(Confidence.POSSIBLE, d.confidence());
        assertEquals(2L, d.findings(Finding.Kind.IDLE).get(0).detail(Detail.Idle.class).byShape(), "both idle by shape: one parked, one joining it");
    }

    @Test
    @DisplayName("the same wait deep inside work is a wait inside work: with nothing else going on, a possible hang")
    void deepWaitIsWork() throws Exception {
        Listing l = new Listing().thread(2, "reader", deep(readWait(3, "read_line"), 7)).thread(1, "main", joinWait(pthread(2)));
        Diagnosis d = diagnose(l);
        assertEquals(Verdict.HUNG, d.verdict());
        assertEquals(Confidence.POSSIBLE, d.confidence());
        assertEquals(1, d.findings(Finding.Kind.NOTHING_PROGRESSES).size());
        ThreadExplanation reader = Listing.thread(l.explain(), 2);
        assertEquals(Activity.WAITING, reader.activity());
        assertEquals("shape.parked.deep", reader.activityWhy().rule());
        Diagnosis twice = diagnose(new Listing().line(l.text()).line(l.text()));
        assertEquals(Verdict.HUNG, twice.verdict());
        assertEquals(Confidence.LIKELY, twice.confidence(), "two listings in which the waiting threads did not move");
        Diagnosis beside = diagnose(new Listing().thread(3, "w", running("spin")).thread(2, "reader", deep(readWait(3, "read_line"), 7))
                .thread(1, "main", joinWait(pthread(2))));
        assertEquals(Verdict.BUSY, beside.verdict(), "a synchronous wait behind work in progress is slow, not hung");
        assertEquals(Confidence.POSSIBLE, beside.confidence());
    }

    @Test
    @DisplayName("a send with MSG_DONTWAIT returns at once: no wait; select with no descriptors waits for a signal, parked")
    void argumentsDecide() throws Exception {
        Listing l = new Listing().thread(2, "sender", inWorker("0x00007ffff7f10e37 in __libc_sendmsg (fd=35, msg=0x7fffe8000c10, flags=16448) at ../sysdeps/unix/sysv/linux/sendmsg.c:28", "transmit"))
                .thread(1, "main", "0x00007ffff7ef6ef3 in __select (nfds=0, readfds=0x0, writefds=0x0, exceptfds=0x0, timeout=0x0) at ../sysdeps/unix/sysv/linux/select.c:69",
                        Listing.MAIN, Listing.LIBC_MAIN);
        Report r = l.explain();
        assertEquals(ThreadState.RUNNING, Listing.thread(r, 2).state());
        assertEquals("signal", Listing.thread(r, 1).waitKind().id());
        assertEquals(Activity.IDLE, Listing.thread(r, 1).activity());
    }

    @Test
    @DisplayName("fcntl waits only for F_SETLKW (a file lock another process holds: no lock of the process), any other command returns at once")
    void fcntlCommandDecides() throws Exception {
        String fcntl = "0x00007ffff7f33857 in __GI___libc_fcntl64 (fd=5, cmd=%s) at ../sysdeps/unix/sysv/linux/fcntl64.c:49";
        Report r = new Listing().thread(3, "flags", inWorker(String.format(fcntl, "3"), "set_flags"))
                .thread(2, "locker", inWorker(String.format(fcntl, "cmd@entry=7"), "take_lock"))
                .thread(1, "main", joinWait(pthread(2))).explain();
        assertEquals(ThreadState.RUNNING, Listing.thread(r, 3).state());
        ThreadExplanation locker = Listing.thread(r, 2);
        assertEquals(ThreadState.WAIT_MUTEX, locker.state());
        assertEquals("file-lock", locker.waitKind().id());
        assertFalse(locker.waitKind().onThread(), "its holder is another process, not a thread of this one");
        java.util.List<String> steps = r.analysis().diagnosis().nextSteps().stream().map(s -> s.id()).toList();
        assertTrue(steps.contains("file-lock"), steps.toString());
        assertFalse(steps.contains("lock-unknown"), steps.toString());
    }

    @Test
    @DisplayName("a name alone never gives a library's role: a thread named like a GLib pool worker without a GLib frame is a worker by its name")
    void nameAloneIsGeneric() throws Exception {
        Report r = new Listing().thread(2, "pool-3", readWait(3, "take_job")).thread(1, "main", joinWait(pthread(2))).explain();
        ThreadExplanation t = Listing.thread(r, 2);
        assertEquals("named.worker", t.role().id());
        assertEquals(Confidence.POSSIBLE, t.roleConfidence());
    }

    /** The frames with {@code extra} frames of the program's own code between the wait's caller and the thread's entry. */
    private static String[] deep(String[] frames, int extra) {
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of(frames).subList(0, 2));
        for (int i = 0; i < extra; i++) {
            out.add(String.format("0x00005555555552%02x in step%d () at prog.c:%d", i, i, 30 + i));
        }
        out.addAll(java.util.List.of(frames).subList(2, frames.length));
        return out.toArray(String[]::new);
    }

    @Test
    @DisplayName("every thread shown at home, but the listing may not hold them all: not idle")
    void partialListingIsNotIdle() throws Exception {
        Diagnosis d = diagnose(new Listing().thread(2, "call_rcu", RCU_HOME));
        assertEquals(Verdict.UNKNOWN, d.verdict());
        assertEquals(1, d.findings(Finding.Kind.PARTIAL_LISTING).size());
    }

    @Test
    @DisplayName("busy: a thread runs and nothing waits on a thread; a thread whose frames tell nothing makes it only possible")
    void busyWithAnUntoldThread() throws Exception {
        Diagnosis told = diagnose(new Listing().thread(2, "w", running("spin")).thread(1, "main", joinWait(pthread(2))));
        assertEquals(Verdict.BUSY, told.verdict());
        assertEquals(Confidence.LIKELY, told.confidence());
        Diagnosis untold = diagnose(new Listing().thread(3, "x", "0x00007ffff7abc123 in ?? ()", "0x00007ffff7abc456 in ?? ()")
                .thread(2, "w", running("spin")).thread(1, "main", joinWait(pthread(2))));
        assertEquals(Verdict.BUSY, untold.verdict());
        assertEquals(Confidence.POSSIBLE, untold.confidence());
        assertEquals(1, untold.findings(Finding.Kind.UNTOLD).size());
    }

    @Test
    @DisplayName("a lock whose holder runs is contention or a holder stuck in a loop: open, with a second sample to tell")
    void contentionIsOpen() throws Exception {
        Diagnosis d = diagnose(new Listing().thread(3, "waiter", mutexWait("0x555555558040 <m>", "take"))
                .thread(2, "holder", running("spin")).thread(1, "main", joinWait(pthread(2))));
        assertEquals(Verdict.UNKNOWN, d.verdict());
        assertEquals(1, d.findings(Finding.Kind.CONTENTION).size());
    }

    @Test
    @DisplayName("hung: waiters of a lock whose holder waits inside work for input, said as one chain end to end")
    void chainToABlockedHolder() throws Exception {
        Diagnosis d = diagnose(new Listing().thread(4, "w2", mutexWait("0x555555558040 <cfg>", "read_cfg"))
                .thread(3, "w1", mutexWait("0x555555558040 <cfg>", "read_cfg")).thread(2, "reloader", readWait(3, "reload"))
                .thread(1, "main", joinWait(pthread(2))));
        assertEquals(Verdict.HUNG, d.verdict());
        Finding chain = d.findings(Finding.Kind.CHAIN).get(0);
        assertEquals(2, chain.threads().size(), "both waiters in one chain");
        assertEquals(2, chain.targets().get(0).thread().number());
    }

    @Test
    @DisplayName("the same write in two samples is stuck; the same sleep in two samples is not")
    void samplesTellStuckFromSlow() throws Exception {
        String[] write = {"0x00007ffff7f0319c in __GI___libc_write (fd=5, buf=0x7ffff7a00e10, nbytes=65536) at ../sysdeps/unix/sysv/linux/write.c:26",
            "0x0000555555555189 in flush_log () at prog.c:12", "0x00005555555551c0 in worker (arg=0x0) at prog.c:20", Listing.START, Listing.CLONE};
        String[] sleep = {"0x00007ffff7ed0a3a in __GI___clock_nanosleep (clock_id=0, flags=0, req=0x7ffff7a00e30, rem=0x0) at ../sysdeps/unix/sysv/linux/clock_nanosleep.c:78",
            "0x00007ffff7ed5a27 in __GI___nanosleep (req=<optimized out>, rem=<optimized out>) at ../sysdeps/unix/sysv/linux/nanosleep.c:25",
            "0x0000555555555189 in poll_again () at prog.c:12", "0x00005555555551c0 in worker (arg=0x0) at prog.c:20", Listing.START, Listing.CLONE};
        Listing writes = new Listing().thread(2, "w", write).thread(1, "main", joinWait(pthread(2)));
        Diagnosis stuck = diagnose(new Listing().line(writes.text()).line(writes.text()));
        assertEquals(Verdict.HUNG, stuck.verdict());
        assertEquals(1, stuck.findings(Finding.Kind.SAME_WAIT_ACROSS_SAMPLES).size());
        Listing sleeps = new Listing().thread(2, "w", sleep).thread(1, "main", joinWait(pthread(2)));
        Diagnosis slow = diagnose(new Listing().line(sleeps.text()).line(sleeps.text()));
        assertFalse(slow.verdict() == Verdict.HUNG, "a thread sleeping in a loop looks the same in every sample");
    }

    @Test
    @DisplayName("a kernel report's kind decides before the stacks: a soft lockup spinning on other CPUs is a hang")
    void reportKindDecides() throws Exception {
        Path log = Path.of("src/test/resources/captures/kernel/hung-task-sysrq-w-panic-6.1.txt");
        Diagnosis d = dev.btexplain.Btexplain.explain(log, dev.btexplain.Btexplain.Options.defaults()).analysis().diagnosis();
        assertEquals(Verdict.CRASH, d.verdict(), "the panic is the most severe report of the log");
        assertTrue(Files.exists(log));
    }
}
