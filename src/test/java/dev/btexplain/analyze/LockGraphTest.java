package dev.btexplain.analyze;

import static dev.btexplain.analyze.Listing.joinWait;
import static dev.btexplain.analyze.Listing.mutexWait;
import static dev.btexplain.analyze.Listing.pthread;
import static dev.btexplain.analyze.Listing.thread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.report.Report;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which lock a thread waits for, and who holds it: from the arguments of the lock's own frames, rules, or inference. */
class LockGraphTest {
    private static final String A = "0x555555558040 <lock_a>";
    private static final String B = "0x555555558080 <lock_b>";

    @Test
    @DisplayName("a mutex is named by the argument of its lock frames, with its symbol, and gdb reads its owner by symbol")
    void lockFromArguments() throws Exception {
        Report r = new Listing().thread(2, "w", mutexWait(A, "take_a")).thread(1, "main", joinWait(pthread(2))).explain();
        LockGraph.LockWait w = r.analysis().diagnosis().locks().waitOf(thread(r, 2));
        assertEquals("0x555555558040", w.lock().address());
        assertEquals("lock_a", w.lock().symbol());
        assertEquals("mutex 0x555555558040 <lock_a>", w.lock().label());
        assertEquals("p lock_a.__data.__owner", w.lock().ownerCommand());
    }

    @Test
    @DisplayName("two threads each blocked on the lock the other is the only candidate for: each is the other's inferred holder")
    void abbaInfersTheOther() throws Exception {
        Report r = new Listing().thread(3, "b-then-a", mutexWait(A, "take_a")).thread(2, "a-then-b", mutexWait(B, "take_b"))
                .thread(1, "main", joinWait(pthread(2))).explain();
        LockGraph g = r.analysis().diagnosis().locks();
        assertEquals(3, g.waitOf(thread(r, 2)).owner().thread().number());
        assertEquals(2, g.waitOf(thread(r, 3)).owner().thread().number());
        assertEquals(OwnerSource.INFERRED, g.waitOf(thread(r, 2)).ownerSource());
        assertEquals(2, r.analysis().diagnosis().waits().cycle().size());
    }

    @Test
    @DisplayName("the BQL is known by its symbol, whatever address it has, in a QEMU process")
    void bqlBySymbol() throws Exception {
        Report r = new Listing().thread(2, "CPU 0/KVM", mutexWait("0x5555560a1b40 <qemu_global_mutex>", "prepare_mmio_access"))
                .thread(1, "qemu-system-x86", joinWait(pthread(2))).explain();
        LockGraph.LockWait w = r.analysis().diagnosis().locks().waitOf(thread(r, 2));
        assertEquals("BQL", w.lock().id());
        assertEquals("p qemu_global_mutex.lock.__data.__owner", w.lock().ownerCommand());
    }

    @Test
    @DisplayName("a JVM monitor parks on its own condition variable: that condition variable's futex and mutex are not the lock")
    void monitorParkIsNotTheLock() throws Exception {
        Report r = new Listing().thread(2, "worker",
                "__futex_abstimed_wait_common64 (private=0, cancel=true, abstime=0x7f0000002730, op=137, expected=0, futex_word=0x7f0000009c78) at ./nptl/futex-internal.c:57",
                "0x00007ffff7e888bc in __pthread_cond_wait_common (abstime=0x7f0000002730, clockid=1, mutex=0x7f0000009c28, cond=0x7f0000009c50) at ./nptl/pthread_cond_wait.c:503",
                "___pthread_cond_timedwait64 (cond=0x7f0000009c50, mutex=0x7f0000009c28, abstime=0x7f0000002730) at ./nptl/pthread_cond_wait.c:643",
                "0x00007fab89437008 in os::PlatformEvent::park(long) () from /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
                "0x00007fab894084d1 in ObjectMonitor::EnterI(JavaThread*) () from /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
                "0x00007fab89409328 in ObjectMonitor::enter(JavaThread*) () from /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
                "0x00007fab749537ba in ?? ()")
                .thread(1, "java", joinWait(pthread(2))).explain();
        ThreadExplanation t = thread(r, 2);
        assertEquals(ThreadState.WAIT_MUTEX, t.state());
        assertNull(r.analysis().diagnosis().locks().waitOf(t), "no lock named: the monitor has no argument printed");
        assertTrue(r.analysis().diagnosis().waits().unnamed().contains(t));
    }

    @Test
    @DisplayName("a database lock another process holds is a wait of its own kind, not a lock of this process's threads")
    void otherProcessLockIsNotAThreadLock() throws Exception {
        Report r = new Listing().thread(1, "postgres",
                "0x00007fc976128ef3 in epoll_wait (epfd=8, events=0x55af4e8a2628, maxevents=1, timeout=-1) at ../sysdeps/unix/sysv/linux/epoll_wait.c:30",
                "0x000055af38d3913e in WaitEventSetWait ()", "0x000055af38d39488 in WaitLatch ()", "0x000055af38d54334 in ProcSleep ()",
                "0x000055af38d4895d in ?? ()", "0x000055af38d49769 in LockAcquireExtended ()", "0x000055af38d47950 in XactLockTableWait ()",
                "0x000055af38a82ef2 in heap_update ()", "0x000055af38d5e2d9 in PostgresMain ()", "0x000055af38a3db06 in main ()").explain();
        ThreadExplanation t = thread(r, 1);
        assertEquals(ThreadState.WAIT_MUTEX, t.state());
        assertEquals("process-lock", t.waitKind().id());
        assertTrue(r.analysis().diagnosis().locks().locks().isEmpty());
        assertTrue(r.analysis().diagnosis().waits().unnamed().isEmpty());
    }

    @Test
    @DisplayName("an owner gdb read from the process is a fact; one not in the listing is a thread that exited")
    void ownersReadFromTheProcess() throws Exception {
        Listing l = new Listing().thread(3, "x", mutexWait(A, "take_a")).thread(2, "y", mutexWait(B, "take_b"))
                .thread(1, "main", joinWait(pthread(2)));
        dev.btexplain.model.Backtrace bt = l.explain().backtrace();
        dev.btexplain.model.ProcessFacts facts = new dev.btexplain.model.ProcessFacts(
                java.util.Map.of("0x555555558040", 1002L, "0x555555558080", 4242L), java.util.Map.of(), null);
        Analysis a = new Analyzer(dev.btexplain.knowledge.KnowledgeBase.builtIn()).analyze(bt, facts);
        LockGraph g = a.diagnosis().locks();
        LockGraph.LockWait onA = g.waitOf(a.of(bt.threads().get(0)));
        assertEquals(OwnerSource.GDB, onA.ownerSource());
        assertEquals(2, onA.owner().thread().number());
        LockGraph.LockWait onB = g.waitOf(a.of(bt.threads().get(1)));
        assertNull(onB.owner());
        assertEquals(Evidence.Says.OWNER_READ_GONE, onB.ownerWhy().says(), "gdb read an owner not in the listing: " + onB.ownerWhy());
        assertTrue(dev.btexplain.report.EvidenceText.of(onB.ownerWhy()).contains("not in the listing"));
        assertEquals(Verdict.HUNG, a.diagnosis().verdict(), "lock_b's owner exited: thread 2 waits for ever, thread 3 behind it");
    }
}
