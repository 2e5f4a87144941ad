package dev.btexplain.analyze;

import dev.btexplain.Btexplain;
import dev.btexplain.model.ThreadTrace;
import dev.btexplain.report.Report;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Small gdb listings written for one rule each, and their analysis: "thread apply all bt" text, newest thread first. */
final class Listing {
    private final StringBuilder text = new StringBuilder();

    /** A thread header: {@code Thread N (Thread 0x7f00000N000 (LWP 100N) "name"):}. */
    Listing thread(int number, String name, String... frames) {
        text.append(String.format("Thread %d (Thread 0x7f0000%d000 (LWP %d) \"%s\"):%n", number, number, 1000 + number, name));
        for (int i = 0; i < frames.length; i++) {
            text.append(String.format("#%-2d %s%n", i, frames[i]));
        }
        text.append('\n');
        return this;
    }

    /** Any other line (a session line, a second listing's separator). */
    Listing line(String line) {
        text.append(line).append('\n');
        return this;
    }

    String text() {
        return text.toString();
    }

    Report explain() throws Exception {
        return Btexplain.explain(new ByteArrayInputStream(text().getBytes(StandardCharsets.UTF_8)), Btexplain.Options.defaults());
    }

    static ThreadExplanation thread(Report r, int number) {
        for (ThreadTrace t : r.backtrace().threads()) {
            if (t.number() != null && t.number() == number) {
                return r.analysis().of(t);
            }
        }
        throw new AssertionError("no thread " + number);
    }

    // frames that many listings share
    static final String MAIN = "0x0000555555555200 in main () at prog.c:40";
    static final String START = "0x00007ffff7e8a1f5 in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442";
    static final String CLONE = "0x00007ffff7f0a8ec in clone3 () at ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81";
    static final String LIBC_MAIN = "0x00007ffff7e2924a in __libc_start_call_main (main=main@entry=0x555555555200 <main>, argc=argc@entry=1, "
            + "argv=argv@entry=0x7fffffffe4a8) at ../sysdeps/nptl/libc_start_call_main.h:58";

    /** Frames of a thread blocked in pthread_mutex_lock on {@code mutex} (as glibc 2.36 prints them with debug info). */
    static String[] mutexWait(String mutex, String caller) {
        return new String[] {
            "futex_wait (private=0, expected=2, futex_word=" + mutex + ") at ../sysdeps/nptl/futex-internal.h:146",
            "__GI___lll_lock_wait (futex=futex@entry=" + mutex + ", private=0) at ./nptl/lowlevellock.c:49",
            "0x00007ffff7e8c3c2 in lll_mutex_lock_optimized (mutex=" + mutex + ") at ./nptl/pthread_mutex_lock.c:48",
            "___pthread_mutex_lock (mutex=" + mutex + ") at ./nptl/pthread_mutex_lock.c:93",
            "0x0000555555555189 in " + caller + " () at prog.c:12",
            "0x00005555555551c0 in worker (arg=0x0) at prog.c:20", START, CLONE};
    }

    /** Frames of main joined on the thread whose pthread_t is {@code threadid} (decimal, as gdb prints it). */
    static String[] joinWait(long threadid) {
        return new String[] {
            "__futex_abstimed_wait_common64 (private=128, cancel=true, abstime=0x0, op=265, expected=1002, futex_word=0x7f0000002910) at ./nptl/futex-internal.c:57",
            "__futex_abstimed_wait_common (futex_word=futex_word@entry=0x7f0000002910, expected=1002, clockid=clockid@entry=0, abstime=abstime@entry=0x0, private=private@entry=128, cancel=cancel@entry=true) at ./nptl/futex-internal.c:87",
            "0x00007ffff7e87f7b in __GI___futex_abstimed_wait_cancelable64 (futex_word=futex_word@entry=0x7f0000002910, expected=<optimized out>, clockid=clockid@entry=0, abstime=abstime@entry=0x0, private=private@entry=128) at ./nptl/futex-internal.c:139",
            "0x00007ffff7e8cce3 in __pthread_clockjoin_ex (threadid=" + threadid + ", thread_return=0x0, clockid=0, abstime=0x0, block=<optimized out>) at ./nptl/pthread_join_common.c:105",
            MAIN, LIBC_MAIN};
    }

    /** Frames of a thread blocked in read() on {@code fd}. */
    static String[] readWait(int fd, String caller) {
        return inWorker("0x00007ffff7f0319c in __GI___libc_read (fd=" + fd + ", buf=0x7ffff7a00e10, nbytes=64) at ../sysdeps/unix/sysv/linux/read.c:26",
                caller);
    }

    /** Frames of a worker thread in {@code call} (a frame line as gdb prints it), made from {@code caller}. */
    static String[] inWorker(String call, String caller) {
        return new String[] {call, "0x0000555555555189 in " + caller + " () at prog.c:12",
            "0x00005555555551c0 in worker (arg=0x0) at prog.c:20", START, CLONE};
    }

    /** Frames of a thread running its own code. */
    static String[] running(String function) {
        String pc = String.format("0x%016x", 0x555555556000L + (function.hashCode() & 0xfff)); // a place of its own
        return new String[] {pc + " in " + function + " (x=42) at prog.c:7", "0x00005555555551c0 in worker (arg=0x0) at prog.c:20", START, CLONE};
    }

    /** pthread_t of thread N in these listings, as pthread_join prints it (decimal). */
    static long pthread(int number) {
        return Long.parseUnsignedLong(String.format("7f0000%d000", number), 16);
    }
}
