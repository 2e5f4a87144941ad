package dev.btexplain.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where a signal handler's siginfo is, by the target's architecture: the x86-64 and i386 layouts are read from live
 * processes in CaptureTest; the AArch64, RISC-V and 32-bit ARM ones here from a program run under QEMU's user-mode
 * emulation (which builds the kernel's signal frame), read through gdb's own unwinder for it (gdb-multiarch on QEMU's
 * gdb stub).
 */
class SignalFrameTest {
    private static final Path HANDLER_HANG = Path.of("src/test/c/handler-hang.c");

    private static boolean installed(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool));
    }

    @Test
    void theArchitectureIsTheExecutablesNotTheJvms(@TempDir Path dir) throws Exception {
        Path host = dir.resolve("host");
        assertEquals(0, new ProcessBuilder("gcc", "-o", host.toString(), HANDLER_HANG.toString(), "-pthread").inheritIO().start().waitFor());
        if ("amd64".equals(System.getProperty("os.arch"))) {
            assertEquals(new SignalFrame.Layout(304, 16), SignalFrame.layout(host));
        }
        byte[] elf32 = Files.readAllBytes(host);
        elf32[4] = 1; // ELFCLASS32: a 32-bit program's frame is not the 64-bit one
        elf32[18] = 3; // EM_386
        elf32[19] = 0;
        Files.write(dir.resolve("elf32"), elf32);
        assertEquals(new SignalFrame.Layout(12, 12), SignalFrame.layout(dir.resolve("elf32")));
        elf32[18] = 62; // x86-64's machine in a 32-bit file (x32): not known
        Files.write(dir.resolve("x32"), elf32);
        assertNull(SignalFrame.layout(dir.resolve("x32")));
        Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
        assertNull(SignalFrame.layout(dir.resolve("script")));
        assertNull(SignalFrame.layout(dir.resolve("missing")));
    }

    /** An architecture QEMU's user mode runs here: its emulator with its options, and its cross compiler. */
    record Arch(String name, List<String> qemu, String gcc, SignalFrame.Layout siginfo) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Arch> architectures() {
        // AArch64 on a CPU without SVE: gdb 13 cannot unwind a signal frame with QEMU's SVE record
        return List.of(new Arch("AArch64", List.of("qemu-aarch64", "-cpu", "cortex-a57"), "aarch64-linux-gnu-gcc", new SignalFrame.Layout(0, 16)),
                new Arch("RISC-V", List.of("qemu-riscv64"), "riscv64-linux-gnu-gcc", new SignalFrame.Layout(0, 16)),
                new Arch("ARM", List.of("qemu-arm"), "arm-linux-gnueabihf-gcc", new SignalFrame.Layout(0, 12)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    @DisplayName("the signal frame's siginfo, as a thread hung in its SIGSEGV handler got it (QEMU user mode, gdb-multiarch)")
    void handlersSiginfoOn(Arch arch, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(installed(arch.qemu().get(0)) && installed(arch.gcc()) && installed("gdb-multiarch"),
                "needs qemu-user, " + arch.gcc() + " and gdb-multiarch (./test installs them)");
        Path program = dir.resolve("handler-hang");
        assertEquals(0, new ProcessBuilder(arch.gcc(), "-g", "-O0", "-static", "-pthread", "-o", program.toString(),
                HANDLER_HANG.toString()).inheritIO().start().waitFor());
        SignalFrame.Layout layout = SignalFrame.layout(program);
        assertEquals(arch.siginfo(), layout);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new java.util.ArrayList<>(arch.qemu());
        command.addAll(List.of("-g", String.valueOf(port), program.toString()));
        Process qemu = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // gdb retries a refused connection until QEMU listens (a probe of our own would take QEMU's one connection)
            Process gdb = new ProcessBuilder("gdb-multiarch", "-nx", "-batch", "-ex", "file " + program,
                    "-ex", "set tcp connect-timeout 30", "-ex", "target remote :" + port,
                    "-ex", "handle SIGSEGV nostop noprint pass", "-ex", "break on_crash", "-ex", "continue", "-ex", "bt",
                    "-ex", "frame 1", "-ex", SignalFrame.printCommand(layout)).redirectErrorStream(true).start();
            assertTrue(gdb.waitFor(60, TimeUnit.SECONDS), "gdb-multiarch did not finish");
            String out = new String(gdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.contains("#1  <signal handler called>"), out);
            Matcher printed = Capture.SIGINFO_PRINTED.matcher(out);
            assertTrue(printed.find(), out);
            // SIGSEGV (11), SEGV_MAPERR (1), at the NULL payload the worker read
            assertTrue(printed.group().startsWith("$1 = {si_signo = 11, si_errno = 0, si_code = 1, "), printed.group());
            assertTrue(printed.group().endsWith("_sigfault = {si_addr = 0x0}}}"), printed.group());
        } finally {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
