package dev.btexplain.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import dev.btexplain.report.Report;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** State and role rules, one stack shape each (frames separated by '|', innermost first). */
class ThreadExplainerTest {

    static ThreadExplanation explain(String name, String... frames) throws Exception {
        StringBuilder b = new StringBuilder("Thread 3 (Thread 0x7f0000001000 (LWP 4242)" + (name == null ? "" : " \"" + name + "\"") + "):\n");
        for (int i = 0; i < frames.length; i++) {
            b.append('#').append(i).append("  ").append(frames[i].strip()).append('\n');
        }
        Report r = Btexplain.explain(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)),
                Btexplain.Options.defaults());
        return r.analysis().of(r.backtrace().threads().get(0));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {
        "a futex under pthread_cond_wait is a condvar wait; wait-condvar; certain; "
            + "futex_wait (futex_word=0x1, expected=0, private=0) at ../sysdeps/nptl/futex-internal.h:146 | "
            + "0x1 in __pthread_cond_wait_common (cond=0x55, mutex=0x66) at ./nptl/pthread_cond_wait.c:503 | "
            + "0x2 in ___pthread_cond_wait (cond=0x55, mutex=0x66) at ./nptl/pthread_cond_wait.c:618 | 0x3 in my_loop () at a.c:3",
        "a futex under __lll_lock_wait is a mutex wait; wait-mutex; certain; "
            + "futex_wait (futex_word=0x1, expected=2, private=0) at ../sysdeps/nptl/futex-internal.h:146 | "
            + "__GI___lll_lock_wait (futex=0x1, private=0) at ./nptl/lowlevellock.c:49 | "
            + "0x2 in ___pthread_mutex_lock (mutex=0x1) at ./nptl/pthread_mutex_lock.c:93 | 0x3 in my_loop () at a.c:3",
        "a bare syscall under qemu_event_wait is a futex wait; wait-futex; certain; "
            + "syscall () at ../sysdeps/unix/sysv/linux/x86_64/syscall.S:38 | 0x1 in qemu_event_wait () | 0x2 in ?? ()",
        "a bare syscall with no known caller says nothing; unknown; possible; "
            + "syscall () at ../sysdeps/unix/sysv/linux/x86_64/syscall.S:38 | 0x1 in ?? () | 0x2 in ?? () | 0x3 in ?? () | 0x4 in my_thread ()",
        "ppoll under qemu_poll_ns is idle polling; idle-poll; certain; "
            + "0x1 in __ppoll (fds=0x1, nfds=3, timeout=<optimized out>, sigmask=0x0) at ../sysdeps/unix/sysv/linux/ppoll.c:42 | "
            + "0x2 in qemu_poll_ns () | 0x3 in main_loop_wait ()",
        "an ioctl under kvm_vcpu_ioctl is the guest running; guest-exec; certain; "
            + "__GI___ioctl (fd=14, request=44672) at ../sysdeps/unix/sysv/linux/ioctl.c:36 | 0x1 in kvm_vcpu_ioctl () | 0x2 in kvm_cpu_exec ()",
        "an ioctl elsewhere is I/O; io; certain; "
            + "__GI___ioctl (fd=14, request=21505) at ../sysdeps/unix/sysv/linux/ioctl.c:36 | 0x1 in tty_setup () at t.c:1",
        "code above cpu_exec without symbols is TCG-generated guest code; guest-exec; likely; "
            + "0x1 in ?? () | 0x2 in cpu_exec () | 0x3 in tcg_cpus_exec ()",
        "libc without symbols under pthread_cond_wait is still a condvar wait; wait-condvar; likely; "
            + "0x1 in ?? () from /lib64/libpthread.so.0 | 0x2 in pthread_cond_wait@@GLIBC_2.3.2 () from /lib64/libpthread.so.0 | 0x3 in qemu_cond_wait_impl ()",
        "raise under abort is the abort path; crashed; certain; "
            + "__pthread_kill_implementation (threadid=1, signo=6, no_tid=0) at ./nptl/pthread_kill.c:44 | "
            + "0x1 in __pthread_kill_internal (signo=6, threadid=1) at ./nptl/pthread_kill.c:78 | "
            + "0x2 in __GI_raise (sig=6) at ../sysdeps/posix/raise.c:26 | 0x3 in __GI_abort () at ./stdlib/abort.c:79 | 0x4 in f () at a.c:1",
        "pthread_kill called by QEMU's vCPU kick is not a crash; running; likely; "
            + "__pthread_kill_implementation (threadid=1, signo=10, no_tid=0) at ./nptl/pthread_kill.c:44 | "
            + "0x1 in __pthread_kill_internal (signo=10, threadid=1) at ./nptl/pthread_kill.c:78 | 0x2 in cpus_kick_thread () | 0x3 in qemu_cpu_kick ()",
        "a handler for signal 11 is a crash; crashed; likely; "
            + "0x1 in __GI___poll (fds=0x1, nfds=1, timeout=-1) at ../sysdeps/unix/sysv/linux/poll.c:29 | "
            + "0x2 in crash_handler (sig=11, info=0x5, ctx=0x6) at h.c:3 | <signal handler called> | 0x3 in parse (p=0x0) at p.c:9",
        "a handler for SIGUSR1 (a vCPU kick) is no crash; idle-poll; certain; "
            + "0x1 in __GI___poll (fds=0x1, nfds=1, timeout=-1) at ../sysdeps/unix/sysv/linux/poll.c:29 | "
            + "0x2 in on_usr1 (sig=10) at h.c:3 | <signal handler called> | 0x3 in parse (p=0x0) at p.c:9",
        "own code on top is running; running; likely; parse_header (p=0x1) at w.c:9 | 0x1 in worker_main (arg=0x1) at w.c:14",
        "only ?? frames say nothing; unknown; possible; 0x1 in ?? () | 0x2 in ?? ()",
        "nanosleep is sleep; sleep; certain; "
            + "0x1 in __GI___clock_nanosleep (clock_id=0, flags=0, req=0x1, rem=0x2) at ../sysdeps/unix/sysv/linux/clock_nanosleep.c:48 | "
            + "0x2 in __GI___nanosleep (req=0x1, rem=0x2) at ../sysdeps/unix/sysv/linux/nanosleep.c:25 | 0x3 in g_usleep () from /lib/x86_64-linux-gnu/libglib-2.0.so.0",
        "a blocking read is I/O; io; certain; 0x1 in __GI___libc_read (fd=3, buf=0x1, nbytes=4) at ../sysdeps/unix/sysv/linux/read.c:26 | 0x2 in reader () at r.c:1",
    })
    @DisplayName("thread state from the innermost meaningful frame, refined by its callers")
    void state(String why, String state, String confidence, String stack) throws Exception {
        ThreadExplanation x = explain(null, stack.split("\\|"));
        assertEquals(state, x.state().id(), why + " — " + x.evidence());
        assertEquals(confidence, x.stateConfidence().id(), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        "entry function just above qemu_thread_start; -; qemu.rcu; certain; syscall () at ../sysdeps/unix/sysv/linux/x86_64/syscall.S:38 | "
            + "0x1 in qemu_event_wait () | 0x2 in call_rcu_thread () | 0x3 in qemu_thread_start () | 0x4 in start_thread () from /lib64/libc.so.6",
        "name and call path agree; CPU 1/KVM; qemu.vcpu-kvm; certain; __GI___ioctl (fd=14, request=44672) at ../sysdeps/unix/sysv/linux/ioctl.c:36 | "
            + "0x1 in kvm_vcpu_ioctl () | 0x2 in kvm_cpu_exec () | 0x3 in ?? () | 0x4 in ?? () | 0x5 in start_thread () from /lib64/libc.so.6",
        "a name alone; worker; qemu.thread-pool-worker; likely; 0x1 in ?? () | 0x2 in ?? () | 0x3 in qemu_thread_start () | 0x4 in start_thread () from /lib64/libc.so.6",
        "the unnamed caller of qemu_cond_timedwait_impl is worker_thread; -; qemu.thread-pool-worker; certain; 0x1 in ?? () | 0x2 in qemu_cond_timedwait_impl () | 0x3 in ?? ()",
        "a QEMU name in a process that is not QEMU gives only what the name suggests; worker; named.worker; possible; 0x1 in ?? () | 0x2 in my_pool_wait () at p.c:2",
        "a name of nothing any pack or name pattern knows; render-7; unknown; possible; 0x1 in ?? () | 0x2 in my_pool_wait () at p.c:2",
        "the call path beats the name; CPU 0/TCG; qemu.iothread; certain; 0x1 in __ppoll () from /lib64/libc.so.6 | 0x2 in aio_poll () | 0x3 in iothread_run () | 0x4 in qemu_thread_start ()",
        "GLib's thread names; gdbus; glib.gdbus; likely; 0x1 in __GI___poll (fds=0x1, nfds=2, timeout=-1) at ../sysdeps/unix/sysv/linux/poll.c:29 | 0x2 in ?? () from /lib/x86_64-linux-gnu/libglib-2.0.so.0",
    })
    @DisplayName("thread role: call path first, name second, clues last, and how sure")
    void role(String why, String name, String role, String confidence, String stack) throws Exception {
        ThreadExplanation x = explain(name, stack.split("\\|"));
        assertEquals(role, x.role().id(), why + " — " + x.evidence());
        assertEquals(confidence, x.roleConfidence().id(), why);
    }

    @Test
    @DisplayName("a TCG vCPU in QEMU's own unnamed code under an address_space_* access from generated code runs: it emulates the access")
    void tcgDeviceAccessRuns() throws Exception {
        ThreadExplanation x = explain("CPU 0/TCG",
                "0x000055b409ed8661 in ?? ()",
                "0x000055b409ed8700 in address_space_write ()",
                "0x000055b409ed8800 in ?? ()",
                "0x00007f4db822751b in code_gen_buffer ()",
                "0x000055b409ed833a in ?? ()",
                "0x000055b409ed9019 in cpu_exec ()",
                "0x00007f4e002f5a22 in tcg_cpus_exec () from /usr/bin/../lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so",
                "0x00007f4dfef431f5 in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442");
        assertEquals("running", x.state().id(), x.evidence().toString());
        assertEquals("running", x.activity().id());
        assertTrue(dev.btexplain.report.ThreadSentence.of(x).contains("emulating a memory or device access"), dev.btexplain.report.ThreadSentence.of(x));
    }

    @Test
    @DisplayName("the object waited on and the timeout in its real unit come from the arguments")
    void waitsOn() throws Exception {
        ThreadExplanation x = explain(null,
                "futex_wait (futex_word=0x55d4c1b4a6e8 <qemu_global_mutex>, expected=2, private=0) at ../sysdeps/nptl/futex-internal.h:146",
                "__GI___lll_lock_wait (futex=0x55d4c1b4a6e8 <qemu_global_mutex>, private=0) at ./nptl/lowlevellock.c:49",
                "0x2 in ___pthread_mutex_lock (mutex=0x55d4c1b4a6e8 <qemu_global_mutex>) at ./nptl/pthread_mutex_lock.c:93",
                "0x3 in qemu_mutex_lock_impl (mutex=0x55d4c1b4a6e8 <qemu_global_mutex>, file=0x1 \"../util/main-loop.c\", line=311) at ../util/qemu-thread-posix.c:94");
        assertEquals("mutex 0x55d4c1b4a6e8 <qemu_global_mutex>, the Big QEMU Lock (BQL)", dev.btexplain.report.WaitsOnText.of(x.waitsOn().get(0)));
        ThreadExplanation poll = explain(null,
                "0x1 in __ppoll (fds=0x5, nfds=8, timeout=<optimized out>, sigmask=0x0) at ../sysdeps/unix/sysv/linux/ppoll.c:42",
                "0x2 in qemu_poll_ns (fds=<optimized out>, nfds=<optimized out>, timeout=timeout@entry=54736490) at ../util/qemu-timer.c:351");
        assertTrue(dev.btexplain.report.ThreadSentence.of(poll).contains("(timeout about 55 ms)"), dev.btexplain.report.ThreadSentence.of(poll));
        assertTrue(dev.btexplain.report.WaitsOnText.all(poll.waitsOn()).contains("8 file descriptors (fds=0x5)"), poll.waitsOn().toString());
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(delimiter = ';', value = {
        "499000000; nanoseconds; timeout about 0.5 s",
        "54736490; nanoseconds; timeout about 55 ms",
        "-1; milliseconds; no timeout: it waits until an event",
        "2500; milliseconds; timeout about 2.5 s",
        "10000; milliseconds; timeout about 10 s",
        "750; nanoseconds; timeout about 750 ns",
        "0; nanoseconds; timeout 0: it returns at once",
    })
    void durations(String value, String unit, String expected) {
        assertEquals(expected, dev.btexplain.report.Durations.describe(Timeout.read(value, unit)));
    }

    @Test
    void argumentsSplitAtTopLevelCommas() {
        var a = Arguments.parse("ev=ev@entry=0x55d4c1b4a6e8 <rcu_call_ready_event>, s=\"a, b\", p={x = 1, y = 2}, f=<optimized out>");
        assertEquals("0x55d4c1b4a6e8 <rcu_call_ready_event>", a.get("ev"));
        assertEquals("\"a, b\"", a.get("s"));
        assertEquals("{x = 1, y = 2}", a.get("p"));
        assertTrue(!Arguments.known(a.get("f")));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} is {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "kvm-reaper, qemu.kvm-reaper", "dump_thread, qemu.dump", "io-task-worker, qemu.io-task", "touch_pages, qemu.prealloc",
        "nbd-connect, qemu.nbd-connect", "ccid/apdu, qemu.device-thread", "u2f-key, qemu.device-thread",
        "compress, qemu.migration", "multifd-tls-handshake-worker, qemu.migration", "dirtyrate-stat, qemu.migration",
        "mig/src/send_0, qemu.migration", "mig/dst/preempt, qemu.migration", "kvm-msr, qemu.helper", "pbkdf2, qemu.helper"})
    void qemusThreadNamesGiveTheirRoles(String name, String role) throws Exception {
        // the names QEMU 7.2 and 10.0 give their threads (qemu_thread_create's second argument, with debug-threads=on),
        // in a stripped build whose only named QEMU frame is the thread start
        var r = new Listing().thread(2, name,
                "0x00007ffff7e8e9bc in __GI___clock_nanosleep (clock_id=0, flags=0, req=0x7fffe4ff8a40, rem=0x7fffe4ff8a40) at ../sysdeps/unix/sysv/linux/clock_nanosleep.c:48",
                "0x00007ffff7e93f13 in __GI___nanosleep (req=<optimized out>, rem=<optimized out>) at ../sysdeps/unix/sysv/linux/nanosleep.c:25",
                "0x00007ffff7e93e4a in __sleep (seconds=0) at ../sysdeps/posix/sleep.c:55",
                "0x0000555555a7c100 in ?? ()",
                "0x0000555555d3c9a1 in qemu_thread_start ()", Listing.START, Listing.CLONE)
                .thread(1, "qemu-system-x86", "0x00007ffff7f0b366 in __ppoll (fds=0x5555571e8e30, nfds=8, timeout=<optimized out>, sigmask=0x0) at ../sysdeps/unix/sysv/linux/ppoll.c:42",
                        "0x0000555555d5a7de in main_loop_wait ()", "0x00005555559f9a2f in qemu_main_loop ()", Listing.MAIN).explain();
        ThreadExplanation t = Listing.thread(r, 2);
        assertEquals(role, t.role().id(), dev.btexplain.report.ThreadSentence.of(t));
        if (role.equals("qemu.kvm-reaper")) {
            assertEquals(Activity.IDLE, t.activity(), "the reaper sleeps a second between reaps: its home wait");
        }
    }

    @Test
    void aMigrationsReturnPathWaitsForTheDestinationAsItShould() throws Exception {
        // QEMU 7.2's source-side return path (migration/migration.c: source_return_path_thread reads the destination's
        // messages), as a stripped QEMU with libc symbols prints it: its read is its normal wait, not a stalled stream
        var r = new Listing().thread(5, "return path",
                "0x00007ffff7e8e9bc in __libc_recvmsg (fd=21, msg=0x7fffe4ff8a40, flags=1073741824) at ../sysdeps/unix/sysv/linux/recvmsg.c:28",
                "0x0000555555b2c1a0 in qio_channel_socket_readv ()",
                "0x0000555555b31f00 in qio_channel_readv_full ()",
                "0x0000555555a80f10 in qemu_fill_buffer ()",
                "0x0000555555a81a00 in qemu_get_be16 ()",
                "0x0000555555a7c100 in source_return_path_thread ()",
                "0x0000555555d3c9a1 in qemu_thread_start ()", Listing.START, Listing.CLONE).explain();
        ThreadExplanation rp = Listing.thread(r, 5);
        assertEquals("qemu.migration", rp.role().id());
        assertTrue(dev.btexplain.report.ThreadSentence.of(rp).contains("is the return path: it waits in") && dev.btexplain.report.ThreadSentence.of(rp).contains("for the destination's messages"),
                dev.btexplain.report.ThreadSentence.of(rp));
        assertTrue(!dev.btexplain.report.ThreadSentence.of(rp).contains("not keeping up"), dev.btexplain.report.ThreadSentence.of(rp));
    }

    @Test
    void anIdleSharedGlibPoolWorkerWithSymbolsIsHomeAndNamedAsGlibNamesIt() throws Exception {
        // GLib 2.74 with debug symbols (gthreadpool.c): an unused thread of a shared pool waits for a pool in the global
        // queue of unused threads; its name is "pool" (or "pool-" and the program's name), never "pool-N"
        var r = new Listing().thread(3, "pool",
                "syscall () at ../sysdeps/unix/sysv/linux/x86_64/syscall.S:38",
                "0x00007ffff7f626bc in g_cond_wait_until (cond=cond@entry=0x5555555592a0, mutex=mutex@entry=0x555555559290, end_time=<optimized out>) at ../glib/gthread-posix.c:1547",
                "0x00007ffff7edb881 in g_async_queue_pop_intern_unlocked (queue=0x555555559290, wait=1, end_time=<optimized out>) at ../glib/gasyncqueue.c:425",
                "0x00007ffff7edbe71 in g_async_queue_timeout_pop (queue=0x555555559290, timeout=15000000) at ../glib/gasyncqueue.c:543",
                "0x00007ffff7f3855d in g_thread_pool_wait_for_new_pool () at ../glib/gthreadpool.c:171",
                "0x00007ffff7f3855d in g_thread_pool_thread_proxy (data=<optimized out>) at ../glib/gthreadpool.c:408",
                "0x00007ffff7f37cdd in g_thread_proxy (data=0x5555555593c0) at ../glib/gthread.c:831",
                Listing.START, Listing.CLONE).explain();
        ThreadExplanation worker = Listing.thread(r, 3);
        assertEquals("glib.pool-worker", worker.role().id());
        assertEquals(Activity.IDLE, worker.activity(), dev.btexplain.report.EvidenceText.of(worker.activityWhy()));
        java.io.StringWriter text = new java.io.StringWriter();
        dev.btexplain.Btexplain.render(r, dev.btexplain.report.ReportFormat.TEXT, text, false);
        String flat = String.join(" ", text.toString().split("\\s+"));
        assertTrue(flat.contains("a thread named 'pool', or 'pool-' and the program's name") && !flat.contains("pool-N"), flat);
    }

    @Test
    void aVcpuTheKernelShowsHaltedIsIdleInTheWordsOfTheWaitKind() throws Exception {
        // a KVM vCPU in its KVM_RUN ioctl whose kernel stack (/proc/PID/task/TID/stack) is in kvm_vcpu_halt: the guest
        // executed HLT; what it waits for is the guest-halted wait kind's label (states.json), not words in the code
        String listing = new Listing().thread(3, "CPU 0/KVM",
                "__GI___ioctl (fd=14, request=44672) at ../sysdeps/unix/sysv/linux/ioctl.c:36",
                "0x1 in kvm_vcpu_ioctl ()", "0x2 in kvm_cpu_exec ()", "0x3 in kvm_vcpu_thread_fn ()",
                "0x4 in qemu_thread_start ()", Listing.START, Listing.CLONE).text();
        var bt = new dev.btexplain.parse.GdbParser().parse(listing, Long.MAX_VALUE);
        var facts = new dev.btexplain.model.ProcessFacts(java.util.Map.of(), java.util.Map.of(1003L,
                new dev.btexplain.model.ProcessFacts.TaskFacts('S', 0, 300, "kvm_vcpu_halt",
                        java.util.List.of("kvm_vcpu_halt", "kvm_arch_vcpu_ioctl_run", "kvm_vcpu_ioctl"))), null);
        ThreadExplanation vcpu = new Analyzer(dev.btexplain.knowledge.KnowledgeBase.builtIn()).analyze(bt, facts)
                .of(bt.threads().get(0));
        assertEquals(Activity.IDLE, vcpu.activity(), dev.btexplain.report.EvidenceText.of(vcpu.activityWhy()));
        assertEquals("the kernel stack of the thread is in kvm_vcpu_halt: it waits for an interrupt for the guest CPU, which "
                + "halted inside the kernel (KVM)", dev.btexplain.report.EvidenceText.of(vcpu.activityWhy()));
    }
}
