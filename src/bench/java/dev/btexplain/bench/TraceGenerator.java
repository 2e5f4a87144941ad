package dev.btexplain.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a large "thread apply all bt" listing with the frame shapes real captures have: addresses and
 * arguments with source lines, inlined frames, "?? ()" from a library, an empty name, C++ templates,
 * "<signal handler called>", frames wrapped over several lines, and some "bt full" locals.
 */
public final class TraceGenerator {
    private static final String[] SHAPES = {
        "#%d  0x%016x in __futex_abstimed_wait_common64 (private=0, cancel=true, abstime=0x0, op=393, expected=0, futex_word=0x55ce2128f10c) at ./nptl/futex-internal.c:57\n",
        "#%d  __futex_abstimed_wait_common (futex_word=futex_word@entry=0x55ce2128f10c, expected=expected@entry=0, clockid=clockid@entry=0) at ./nptl/futex-internal.c:87\n",
        "#%d  0x%016x in ___pthread_cond_wait (cond=0x55ce2128f0e0, mutex=0x55cdfdbe1b40) at ./nptl/pthread_cond_wait.c:618\n",
        "#%d  0x%016x in qemu_cond_wait_impl (cond=0x55ce2128f0e0, mutex=0x55cdfdbe1b40, file=0x55cdfd5c1c5b \"../util/qemu-thread-posix.c\", line=225) at ../util/qemu-thread-posix.c:225\n",
        "#%d  0x%016x in ?? () from /usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so\n",
        "#%d  0x%016x in  ()\n",
        "#%d  0x%016x in std::_Function_handler<void (), Task<main()::<lambda()> >::run()::<lambda()> >::_M_invoke(const std::_Any_data &) (__functor=...) at /usr/include/c++/12/bits/std_function.h:290\n",
        "#%d  <signal handler called>\n",
        "#%d  0x%016x in qemu_poll_ns (fds=0x55ce2172ddc0, nfds=4, \n    timeout=timeout@entry=499000000)\n    at ../util/qemu-timer.c:351\n",
        "#%d  0x%016x in worker_thread (opaque=0x5599ef1685c0) at ../util/thread-pool.c:92\n        req = <optimized out>\n        pool = 0x5599ef1685c0\n",
        "#%d  0x%016x in aio_poll (ctx=0x5556113010f0, blocking=blocking@entry=true) at ../util/aio-posix.c:669\n",
        "#%d  0x%016x in call_rcu_thread (opaque=<optimized out>) at ../util/rcu.c:278\n",
        "#%d  0x%016x in qemu_thread_start (args=0x55d4c2f0e8b0) at ../util/qemu-thread-posix.c:541\n",
        "#%d  0x%016x in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442\n",
        "#%d  0x%016x in clone3 () at ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81\n",
    };

    private TraceGenerator() {
    }

    /**
     * java -cp target/benchmarks.jar dev.btexplain.bench.TraceGenerator FILE [THREADS [FRAMES]]: the benchmarks' input;
     * FILE one-mutex|mutex-chain|identical|deep N: the shapes that would expose a quadratic path.
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 2 && !Character.isDigit(args[1].charAt(0))) {
            System.out.println(shape(Path.of(args[0]), args[1], Integer.parseInt(args[2])));
            return;
        }
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 75_000;
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        System.out.println(write(Path.of(args[0]), threads, frames, 42));
    }

    private static final String LOCK_WAIT = "#0  futex_wait (private=0, expected=2, futex_word=0x%x) at ../sysdeps/nptl/futex-internal.h:146\n"
            + "#1  __GI___lll_lock_wait (futex=futex@entry=0x%x, private=0) at ./nptl/lowlevellock.c:49\n"
            + "#2  0x00007f0875772f7b in lll_mutex_lock_optimized (mutex=0x%x) at ./nptl/pthread_mutex_lock.c:48\n"
            + "#3  ___pthread_mutex_lock (mutex=0x%x) at ./nptl/pthread_mutex_lock.c:93\n";
    private static final String TAIL = "#%d  0x0000555555555189 in worker (arg=0x0) at prog.c:12\n"
            + "#%d  0x00007f08757741f5 in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442\n"
            + "#%d  0x00007f08757f48ec in clone3 () at ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81\n";

    /**
     * one-mutex: N threads wait for one mutex; mutex-chain: thread i holds mutex i and waits for mutex i+1 (each
     * mutex's owner printed in bt full locals); identical: N threads with the same stack; deep: one thread, N frames.
     */
    static long shape(Path file, String shape, int n) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder sb = new StringBuilder(1 << 16);
            if (shape.equals("deep")) {
                sb.append("Thread 1 (Thread 0x7f0000001000 (LWP 1001) \"deep\"):\n");
                for (int f = 0; f < n; f++) {
                    sb.append(String.format("#%d  0x000055555555518d in descend (path=0x7ffffffbf440 \"/\", depth=%d) at deep.c:9%n", f, n - f));
                    if (sb.length() > 1 << 15) {
                        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                        sb.setLength(0);
                    }
                }
            } else {
                for (int t = n; t >= 1; t--) {
                    sb.append("\nThread ").append(t).append(" (Thread 0x7f").append(Long.toHexString(0x3a9e5ff6c0L + t))
                            .append(" (LWP ").append(48000 + t).append(") \"t").append(t).append("\"):\n");
                    long mutex = switch (shape) {
                        case "one-mutex" -> 0x555555558040L;
                        case "mutex-chain" -> 0x555555558040L + 64L * ((t % n) + 1);
                        default -> -1;
                    };
                    if (mutex > 0) {
                        sb.append(String.format(LOCK_WAIT, mutex, mutex, mutex, mutex)).append(String.format(TAIL, 4, 5, 6));
                    } else if (shape.equals("identical")) {
                        sb.append(String.format(SHAPES[0], 0, 0x7f0875772f7bL)).append(String.format(SHAPES[2], 1, 0x7f0875772f7bL))
                                .append(String.format(TAIL, 2, 3, 4));
                    } else {
                        throw new IllegalArgumentException("shapes: one-mutex, mutex-chain, identical, deep");
                    }
                    if (sb.length() > 1 << 15) {
                        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                        sb.setLength(0);
                    }
                }
            }
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return Files.size(file);
    }

    /** Writes {@code threads} threads of about {@code framesPerThread} frames; returns the size in bytes. */
    static long write(Path file, int threads, int framesPerThread, long seed) throws IOException {
        Random random = new Random(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder sb = new StringBuilder(4096);
            for (int t = threads; t >= 1; t--) {
                sb.setLength(0);
                sb.append("\nThread ").append(t).append(" (Thread 0x7f").append(Long.toHexString(0x3a9e5ff6c0L + t))
                        .append(" (LWP ").append(48000 + t).append(") \"worker-").append(t % 64).append("\"):\n");
                int frames = framesPerThread - 2 + random.nextInt(5);
                for (int f = 0; f < frames; f++) {
                    String shape = SHAPES[f == frames - 1 ? SHAPES.length - 1 : random.nextInt(SHAPES.length - 1)];
                    sb.append(String.format(shape, f, 0x7f0875772f7bL + random.nextInt(1 << 24)));
                }
                out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        return Files.size(file);
    }
}
