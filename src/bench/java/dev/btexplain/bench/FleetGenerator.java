package dev.btexplain.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A fleet's reports from a few hundred crash and hang shapes, each report's true shape recorded beside it, for
 * measuring how well and how fast {@code btexplain fleet} buckets them. A shape is a kind (a signal with its program
 * frames; an abort with its message; a mutex hang behind a blocked holder; an ABBA deadlock) and its functions; a report
 * of it varies as real ones do: a gdb core session or a run session, ASLR (every address), arguments, source lines,
 * glibc's CPU-specific string function, an inlined frame printed twice, frames of libraries without symbols, other
 * threads idle around it, the order the deadlocked threads are listed in, the time, host and version.
 *
 * <p>{@code java -cp target/benchmarks.jar dev.btexplain.bench.FleetGenerator OUT.ndjson[.gz] REPORTS [SHAPES] [SEED]}
 * writes one {"report", "time", "host", "version", "shape"} per line, shapes drawn with Zipf weights.
 */
public final class FleetGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SIGNALS = {"SIGSEGV", "SIGSEGV", "SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL"};
    private static final String[] VERBS = {"parse", "read", "decode", "flush", "update", "lookup", "insert", "render", "merge", "scan"};
    private static final String[] NOUNS = {"header", "packet", "entry", "table", "buffer", "record", "frame", "index", "cache", "queue"};
    private static final String[] STRING_VARIANTS = {"__strlen_avx2", "__strlen_evex", "__strlen_sse2"};
    private static final String[] MEMCPY_VARIANTS = {"__memmove_avx_unaligned_erms", "__memmove_evex_unaligned_erms", "__memmove_sse2_unaligned"};

    private FleetGenerator() {
    }

    /** One shape: what kind of report, and the functions that make it (innermost first). */
    record Shape(int id, String kind, List<String> functions, String viaLibc, String message) {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long reports = Long.parseLong(args[1]);
        int shapes = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        write(out, reports, shapes, seed);
    }

    public static void write(Path out, long reports, int count, long seed) throws IOException {
        Random random = new Random(seed);
        List<Shape> shapes = shapes(count, new Random(42));
        double[] cumulative = new double[shapes.size()];
        double sum = 0;
        for (int i = 0; i < shapes.size(); i++) {
            sum += 1.0 / (i + 1); // Zipf: a few shapes make most reports, as in a real fleet
            cumulative[i] = sum;
        }
        var raw = Files.newOutputStream(out);
        var stream = out.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            for (long n = 0; n < reports; n++) {
                double pick = random.nextDouble() * sum;
                int i = 0;
                while (cumulative[i] < pick) {
                    i++;
                }
                Shape s = shapes.get(i);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("report", report(s, random));
                line.put("time", String.format(Locale.ROOT, "2026-11-%02dT%02d:%02d:00Z", 1 + random.nextInt(28), random.nextInt(24),
                        random.nextInt(60)));
                line.put("host", "host-" + random.nextInt(500));
                line.put("version", "2." + random.nextInt(12));
                line.put("shape", s.id());
                w.write(JSON.writeValueAsString(line));
                w.write('\n');
            }
        }
    }

    static List<Shape> shapes(int count, Random r) {
        List<Shape> out = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            List<String> functions = new ArrayList<>();
            int depth = 3 + r.nextInt(3);
            for (int d = 0; d < depth; d++) {
                functions.add(VERBS[r.nextInt(VERBS.length)] + "_" + NOUNS[r.nextInt(NOUNS.length)] + "_" + id + "_" + d);
            }
            int kind = id % 10;
            if (kind < 6) {
                String via = kind == 1 ? "strlen" : kind == 2 ? "memcpy" : kind == 3 ? "free" : null;
                out.add(new Shape(id, SIGNALS[r.nextInt(SIGNALS.length)], functions, via, null));
            } else if (kind == 6) {
                out.add(new Shape(id, "abort", functions, null, "Assertion `count_" + id + " <= limit' failed."));
            } else if (kind < 9) {
                out.add(new Shape(id, "hang", functions, null, null));
            } else {
                out.add(new Shape(id, "deadlock", functions, null, null));
            }
        }
        return out;
    }

    private static String address(Random r, long base) {
        return String.format(Locale.ROOT, "0x%016x", base + r.nextInt(1 << 20));
    }

    static String report(Shape s, Random r) {
        StringBuilder b = new StringBuilder();
        long lib = 0x7f0000000000L + ((long) r.nextInt(1 << 16) << 24); // ASLR: every run somewhere else
        long exe = 0x550000000000L + ((long) r.nextInt(1 << 16) << 24);
        boolean core = r.nextBoolean();
        int lwp = 1000 + r.nextInt(60000);
        List<String> threads = new ArrayList<>();
        // idle threads around the one that matters
        for (int t = 0; t < r.nextInt(4); t++) {
            threads.add(idle(r, lib, exe));
        }
        String program = "svc" + (s.id() % 7);
        if (s.kind().equals("hang") || s.kind().equals("deadlock")) {
            List<String> stuck = s.kind().equals("hang") ? hang(s, r, lib, exe) : deadlock(s, r, lib, exe);
            threads.addAll(stuck);
            java.util.Collections.shuffle(threads, r);
            b.append(String.format(Locale.ROOT, "[Thread debugging using libthread_db enabled]%nUsing host libthread_db library \"/lib/x86_64-linux-gnu/libthread_db.so.1\".%n"));
            appendThreads(b, threads, lwp);
            return b.toString();
        }
        String crashed = crashing(s, r, lib, exe);
        int crashedAt = r.nextInt(threads.size() + 1);
        threads.add(crashedAt, crashed);
        int number = threads.size() - crashedAt;
        String signal = s.kind().equals("abort") ? "SIGABRT" : s.kind();
        if (core) {
            b.append("Core was generated by `/usr/bin/").append(program).append(" --serve'.\n");
            b.append("Program terminated with signal ").append(signal).append(", ").append(signal.equals("SIGABRT") ? "Aborted" : "Segmentation fault").append(".\n");
            b.append("[Current thread is ").append(number).append(" (Thread 0x7f").append(Integer.toHexString(r.nextInt())).append(" (LWP ")
                    .append(lwp + number).append("))]\n");
        } else {
            if (s.message() != null) {
                b.append(program).append(": src/").append(s.functions().get(0)).append(".c:").append(10 + r.nextInt(400)).append(": ")
                        .append(s.functions().get(0)).append(": ").append(s.message()).append('\n');
            }
            b.append("\nThread ").append(number).append(" \"").append(program).append("\" received signal ").append(signal).append(", ")
                    .append(signal.equals("SIGABRT") ? "Aborted" : "Segmentation fault").append(".\n");
        }
        appendThreads(b, threads, lwp);
        return b.toString();
    }

    private static void appendThreads(StringBuilder b, List<String> threads, int lwp) {
        for (int t = 0; t < threads.size(); t++) {
            int number = threads.size() - t;
            b.append("\nThread ").append(number).append(" (Thread 0x7f").append(Integer.toHexString(0x10000 * number + 0x6c0))
                    .append(" (LWP ").append(lwp + number).append(")):\n").append(threads.get(t));
        }
    }

    private static String frame(int index, Random r, long base, String function, String args, String where) {
        return "#" + index + "  " + (index == 0 && r.nextBoolean() ? "" : address(r, base) + " in ") + function + " (" + args + ") " + where + "\n";
    }

    private static String own(Random r, String function) {
        return "at src/" + function.substring(0, function.indexOf('_', function.indexOf('_') + 1)) + ".c:" + (10 + r.nextInt(900));
    }

    private static String crashing(Shape s, Random r, long lib, long exe) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        if (s.kind().equals("abort")) {
            b.append(frame(i++, r, lib, "__pthread_kill_implementation", "no_tid=0, signo=6, threadid=" + r.nextInt(), "at ./nptl/pthread_kill.c:44"));
            b.append(frame(i++, r, lib, "__pthread_kill_internal", "signo=6, threadid=" + r.nextInt(), "at ./nptl/pthread_kill.c:78"));
            b.append(frame(i++, r, lib, "__GI_raise", "sig=sig@entry=6", "at ../sysdeps/posix/raise.c:26"));
            b.append(frame(i++, r, lib, "__GI_abort", "", "at ./stdlib/abort.c:79"));
            b.append(frame(i++, r, lib, "__assert_fail_base", "fmt=0x7f0 \"%s%s%s:%u: %s%sAssertion `%s' failed.\\n%n\"", "at ./assert/assert.c:92"));
            String condition = s.message().substring("Assertion `".length(), s.message().indexOf("' failed"));
            b.append(frame(i++, r, lib, "__GI___assert_fail", "assertion=" + address(r, exe) + " \"" + condition + "\", file=" + address(r, exe)
                    + " \"src/" + s.functions().get(0) + ".c\", line=" + (10 + r.nextInt(400)) + ", function=" + address(r, exe)
                    + " <__PRETTY_FUNCTION__.0> \"" + s.functions().get(0) + "\"", "at ./assert/assert.c:101"));
        } else if ("strlen".equals(s.viaLibc())) {
            b.append(frame(i++, r, lib, STRING_VARIANTS[r.nextInt(STRING_VARIANTS.length)], "", "at ../sysdeps/x86_64/multiarch/strlen-evex.S:79"));
        } else if ("memcpy".equals(s.viaLibc())) {
            b.append(frame(i++, r, lib, MEMCPY_VARIANTS[r.nextInt(MEMCPY_VARIANTS.length)], "", "at ../sysdeps/x86_64/multiarch/memmove-vec-unaligned-erms.S:317"));
        } else if ("free".equals(s.viaLibc())) {
            b.append(frame(i++, r, lib, "_int_free", "av=0x7f, p=" + address(r, lib) + ", have_lock=0", "at ./malloc/malloc.c:4346"));
            b.append(frame(i++, r, lib, "__GI___libc_free", "mem=" + address(r, exe), "at ./malloc/malloc.c:3391"));
        }
        for (int d = 0; d < s.functions().size(); d++) {
            String f = s.functions().get(d);
            String args = "ctx=" + address(r, exe) + ", n=" + r.nextInt(1000);
            if (d == 0 && r.nextInt(4) == 0) {
                b.append(frame(i++, r, exe, f, args, own(r, f)).replace(") at", ") at").replace("\n", " [inlined]\n")
                        .replaceFirst("0x[0-9a-f]{16} in ", "")); // an inlined frame, printed before its caller's
            }
            b.append(frame(i++, r, exe, f, args, own(r, f)));
        }
        if (r.nextInt(5) == 0) {
            b.append("#").append(i++).append("  ").append(address(r, lib)).append(" in ?? () from /lib/x86_64-linux-gnu/libevent-2.1.so.7\n");
        }
        b.append(frame(i++, r, lib, "start_thread", "arg=<optimized out>", "at ./nptl/pthread_create.c:442"));
        b.append(frame(i, r, lib, "clone3", "", "at ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81"));
        return b.toString();
    }

    private static String lockWait(Random r, long lib, String lock) {
        return frame(0, r, lib, "futex_wait", "private=0, expected=2, futex_word=" + lock, "at ../sysdeps/nptl/futex-internal.h:146")
                .replace("\n", " [inlined]\n")
                + frame(1, r, lib, "__GI___lll_lock_wait", "futex=" + lock + ", private=0", "at ./nptl/lowlevellock.c:49")
                + frame(2, r, lib, "___pthread_mutex_lock", "mutex=" + lock, "at ./nptl/pthread_mutex_lock.c:93");
    }

    private static List<String> hang(Shape s, Random r, long lib, long exe) {
        List<String> out = new ArrayList<>();
        String lock = address(r, exe) + " <lock_" + s.id() + ">";
        // the holder: blocked in read inside its work, with the lock held
        String holder = frame(0, r, lib, "__GI___libc_read", "fd=" + (3 + r.nextInt(20)) + ", buf=" + address(r, exe) + ", nbytes=4096",
                "at ../sysdeps/unix/sysv/linux/read.c:26")
                + frame(1, r, exe, s.functions().get(0), "ctx=" + address(r, exe), own(r, s.functions().get(0)))
                + frame(2, r, exe, s.functions().get(1), "arg=" + address(r, exe), own(r, s.functions().get(1)))
                + frame(3, r, lib, "start_thread", "arg=<optimized out>", "at ./nptl/pthread_create.c:442")
                + frame(4, r, lib, "clone3", "", "at ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81");
        out.add(holder);
        for (int w = 0; w < 1 + r.nextInt(3); w++) {
            out.add(lockWait(r, lib, lock) + frame(3, r, exe, s.functions().get(2), "ctx=" + address(r, exe), own(r, s.functions().get(2)))
                    + frame(4, r, lib, "start_thread", "arg=<optimized out>", "at ./nptl/pthread_create.c:442")
                    + frame(5, r, lib, "clone3", "", "at ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81"));
        }
        return out;
    }

    private static List<String> deadlock(Shape s, Random r, long lib, long exe) {
        String a = address(r, exe) + " <lock_a_" + s.id() + ">";
        String b = address(r, exe) + " <lock_b_" + s.id() + ">";
        List<String> out = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String wanted = t == 0 ? b : a;
            out.add(lockWait(r, lib, wanted)
                    + frame(3, r, exe, s.functions().get(t), "from=" + address(r, exe), own(r, s.functions().get(t)))
                    + frame(4, r, exe, s.functions().get(2), "arg=" + address(r, exe), own(r, s.functions().get(2)))
                    + frame(5, r, lib, "start_thread", "arg=<optimized out>", "at ./nptl/pthread_create.c:442")
                    + frame(6, r, lib, "clone3", "", "at ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81"));
        }
        return out;
    }

    private static String idle(Random r, long lib, long exe) {
        return frame(0, r, lib, "__futex_abstimed_wait_common64", "private=0, cancel=true, abstime=0x0, op=393, expected=0, futex_word="
                + address(r, exe), "at ./nptl/futex-internal.c:57")
                + frame(1, r, lib, "__GI___futex_abstimed_wait_cancelable64", "futex_word=" + address(r, exe) + ", expected=0",
                "at ./nptl/futex-internal.c:139")
                + frame(2, r, lib, "___pthread_cond_wait", "cond=" + address(r, exe) + ", mutex=" + address(r, exe),
                "at ./nptl/pthread_cond_wait.c:618")
                + frame(3, r, exe, "worker_loop", "arg=" + address(r, exe), "at src/pool.c:" + (40 + r.nextInt(5)))
                + frame(4, r, lib, "start_thread", "arg=<optimized out>", "at ./nptl/pthread_create.c:442")
                + frame(5, r, lib, "clone3", "", "at ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81");
    }
}
