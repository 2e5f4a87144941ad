package dev.btexplain.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a live thread's signal handler finds its siginfo: the kernel's rt_sigframe holds it at a fixed offset from the
 * stack pointer gdb gives the signal frame ({@code <signal handler called>}), which depends on the target's
 * architecture, read from its executable's ELF header (a 32-bit program traced from a 64-bit JVM has its own layout).
 * Only 64-bit layouts are known, whose siginfo is laid out alike: si_signo, si_errno, si_code, then the fields at 16.
 */
final class SignalFrame {
    private SignalFrame() {
    }

    /**
     * The siginfo's offset from the signal frame's $sp, by ELF machine (e_machine):
     * x86-64 (62): after the return address and the ucontext (arch/x86/include/asm/sigframe.h, uapi asm/ucontext.h);
     * AArch64 (183) and RISC-V (243): first in the frame (struct rt_sigframe of arch/arm64/kernel/signal.c and
     * arch/riscv/kernel/signal.c, whose ucontext gdb's aarch64-linux-tdep.c and riscv-linux-tdep.c find 128 bytes,
     * a siginfo's size, above that $sp).
     */
    private static final Map<Integer, Integer> SIGINFO_OFFSET = Map.of(62, 304, 183, 0, 243, 0);
    private static final int ELF_CLASS_64 = 2;

    /** The siginfo's offset for the program of this executable, or null when its architecture's frame is not known. */
    static Integer siginfoOffset(Path executable) {
        byte[] header;
        try (InputStream in = Files.newInputStream(executable)) {
            header = in.readNBytes(20);
        } catch (IOException | SecurityException e) {
            return null;
        }
        boolean elf = header.length == 20 && header[0] == 0x7f && header[1] == 'E' && header[2] == 'L' && header[3] == 'F';
        if (!elf || header[4] != ELF_CLASS_64 || header[5] != 1) {
            return null; // not a 64-bit little-endian ELF
        }
        return SIGINFO_OFFSET.get((header[18] & 0xff) | (header[19] & 0xff) << 8);
    }

    /** gdb's command that prints that siginfo in the form of its print of $_siginfo, which the listing's reader takes. */
    static String printCommand(int offset) {
        return String.format(java.util.Locale.ROOT, "printf \"$1 = {si_signo = %%d, si_errno = %%d, si_code = %%d, _sifields = "
                + "{_kill = {si_pid = %%d, si_uid = %%u}, _sigfault = {si_addr = 0x%%lx}}}\\n\", *(int *)($sp + %d), "
                + "*(int *)($sp + %d), *(int *)($sp + %d), *(int *)($sp + %d), *(unsigned int *)($sp + %d), "
                + "*(unsigned long *)($sp + %d)", offset, offset + 4, offset + 8, offset + 16, offset + 20, offset + 16);
    }
}
