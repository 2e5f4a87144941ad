package dev.btexplain.analyze;

import static dev.btexplain.analyze.Listing.joinWait;
import static dev.btexplain.analyze.Listing.mutexWait;
import static dev.btexplain.analyze.Listing.pthread;
import static dev.btexplain.analyze.Listing.running;
import static dev.btexplain.analyze.Listing.thread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.report.Report;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Joins by thread id, the closed world of a complete listing, and what makes a listing complete. */
class WaitGraphTest {
    private static final String[] LOCKS = {"0x555555558040 <lock>", "0x555555558068 <lock>", "0x555555558090 <lock>"};

    private static Listing ring() {
        return new Listing().thread(4, "ring-2", mutexWait(LOCKS[0], "take")).thread(3, "ring-1", mutexWait(LOCKS[2], "take"))
                .thread(2, "ring-0", mutexWait(LOCKS[1], "take"));
    }

    @Test
    @DisplayName("pthread_join's threadid, printed in decimal, names the listed thread whose pthread_t it is")
    void joinFindsItsThread() throws Exception {
        Report r = new Listing().thread(2, "worker", running("spin")).thread(1, "main", joinWait(pthread(2))).explain();
        WaitGraph.Edge e = r.analysis().diagnosis().waits().next(thread(r, 1));
        assertEquals(2, e.target().thread().number());
        assertEquals(String.valueOf(pthread(2)), e.join());
    }

    @Test
    @DisplayName("closed world: three threads each on a lock only the others could hold are stuck, and main joined on one of them")
    void ringIsStuck() throws Exception {
        Report r = ring().thread(1, "main", joinWait(pthread(2))).explain();
        WaitGraph g = r.analysis().diagnosis().waits();
        assertTrue(g.complete());
        assertEquals(Set.of(1, 2, 3, 4), numbers(g.stuck()));
        assertEquals(Verdict.DEADLOCK, r.analysis().diagnosis().verdict());
    }

    @Test
    @DisplayName("a thread that runs could release any of the locks: nothing is proven stuck")
    void aRunningThreadCouldRelease() throws Exception {
        Report r = ring().thread(1, "main", running("compute")).explain();
        assertTrue(r.analysis().diagnosis().waits().stuck().isEmpty());
        assertTrue(r.analysis().diagnosis().verdict() != Verdict.DEADLOCK);
    }

    @Test
    @DisplayName("a gap in gdb's numbers may be a thread left out: no closed-world conclusion")
    void gapsAreNotAClosedWorld() throws Exception {
        Report r = ring().thread(5, "other", joinWait(pthread(2))).explain();
        WaitGraph g = r.analysis().diagnosis().waits();
        assertFalse(g.complete(), "threads 2-5 without 1");
        assertTrue(g.stuck().isEmpty());
    }

    @Test
    @DisplayName("what holds every thread: gdb's threads numbered 1..N, eu-stack; not a lone bt")
    void completeness() throws Exception {
        Report lone = new Listing().line("#0  0x0000555555555160 in spin (x=42) at prog.c:7")
                .line("#1  0x00005555555551c0 in worker (arg=0x0) at prog.c:20").explain();
        assertFalse(lone.analysis().diagnosis().waits().complete());
        Report numbered = new Listing().thread(2, "w", running("spin")).thread(1, "main", joinWait(pthread(2))).explain();
        assertTrue(numbered.analysis().diagnosis().waits().complete());
    }

    @Test
    @DisplayName("locks no frame names (no arguments printed) are stuck only when no working thread is left to hold them")
    void unnamedLocks() throws Exception {
        String[] bare = {"0x00007ffff7e8b2c0 in __lll_lock_wait () from /lib/x86_64-linux-gnu/libc.so.6",
            "0x00007ffff7e8c3c2 in pthread_mutex_lock () from /lib/x86_64-linux-gnu/libc.so.6", "0x0000555555555189 in take ()",
            "0x00007ffff7e8a1f5 in start_thread () from /lib/x86_64-linux-gnu/libc.so.6"};
        Report stuck = new Listing().thread(3, "b", bare).thread(2, "a", bare).thread(1, "main", joinWait(pthread(2))).explain();
        assertEquals(2, stuck.analysis().diagnosis().waits().unnamed().size());
        assertEquals(Verdict.DEADLOCK, stuck.analysis().diagnosis().verdict());
        Report free = new Listing().thread(3, "b", bare).thread(2, "a", bare).thread(1, "main", running("work")).explain();
        assertTrue(free.analysis().diagnosis().waits().stuck().isEmpty());
    }

    private static Set<Integer> numbers(Set<ThreadExplanation> threads) {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        threads.forEach(t -> out.add(t.thread().number()));
        return out;
    }
}
