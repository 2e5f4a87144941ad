package dev.btexplain.bench;

import dev.btexplain.model.Backtrace;
import dev.btexplain.parse.KernelParser;
import dev.btexplain.parse.LineSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernel report parser on a generated ~30 MB dmesg: hung-task reports (task line, 4.x+ Call Trace with
 * `<TASK>`, `?` frames and registers) between other kernel messages, with dmesg timestamps. MB/s = input MB
 * (printed at set-up) / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Xms512m", "-XX:+UseParallelGC", "-XX:NewRatio=1"})
@Warmup(iterations = 3)
@Measurement(iterations = 8)
public class KernelParseBenchmark {
    private Path file;

    @Setup
    public void generate() throws IOException {
        file = Files.createTempFile("btexplain-kernel-bench", ".txt");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            double t = 1.0;
            for (int r = 0; Files.size(file) < 30_000_000L || r % 64 != 0; r++) {
                int pid = 100 + r;
                String[] report = {
                    "usb 1-1: new high-speed USB device number " + r + " using xhci_hcd",
                    "INFO: task worker:" + pid + " blocked for more than 120 seconds.",
                    "      Not tainted 6.1.0-56-amd64 #1 Debian 6.1.192-2",
                    "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
                    "task:worker          state:D stack:0     pid:" + pid + "   ppid:1      flags:0x00000002",
                    "Call Trace:", " <TASK>", " __schedule+0x34d/0xa00", " schedule+0x5a/0xd0",
                    " percpu_rwsem_wait+0x116/0x140", " ? __percpu_rwsem_trylock.part.0+0x60/0x60",
                    " __percpu_down_read+0x64/0x120", " mnt_want_write+0x8b/0xc0", " path_openat+0xb00/0x1260",
                    " do_filp_open+0xaf/0x160", " do_sys_openat2+0xaf/0x170", " __x64_sys_openat+0x6a/0xa0",
                    " do_syscall_64+0x5d/0xb0", " entry_SYSCALL_64_after_hwframe+0x6e/0xd8",
                    "RIP: 0033:0x47b5e1",
                    "RSP: 002b:00007ffe2599d1f0 EFLAGS: 00000202 ORIG_RAX: 0000000000000101",
                    "RAX: ffffffffffffffda RBX: 0000000000000241 RCX: 000000000047b5e1",
                    " </TASK>"};
                for (String line : report) {
                    w.write(String.format(Locale.ROOT, "[%12.6f] %s%n", t, line));
                    t += 0.000137;
                }
                if (r % 64 == 63) {
                    w.flush();
                }
            }
        }
        System.out.printf("%ninput: %s, %.1f MB%n", file, Files.size(file) / 1e6);
    }

    @TearDown
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public int parseKernelLog() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Backtrace bt = new KernelParser().parse(new LineSource(in, Long.MAX_VALUE));
            return bt.frameCount();
        }
    }
}
