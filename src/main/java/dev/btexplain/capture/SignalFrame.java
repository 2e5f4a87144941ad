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
 * A siginfo starts with si_signo, si_errno, si_code; its union of fields follows at 16 in a 64-bit program and at 12
 * in a 32-bit one (the union's alignment is a pointer's).
 */
final class SignalFrame {
    private SignalFrame() {
    }

    /**
     * Where the siginfo is: its offset from the signal frame's $sp, and the offset of its fields' union in it.
     */
    record Layout(int siginfo, int fields) {
    }

    /**
     * The siginfo's offset from the signal frame's $sp, by ELF machine (e_machine) of a 64-bit little-endian program:
     * x86-64 (62): after the return address and the ucontext (arch/x86/include/asm/sigframe.h, uapi asm/ucontext.h);
     * AArch64 (183) and RISC-V (243): first in the frame (struct rt_sigframe of arch/arm64/kernel/signal.c and
     * arch/riscv/kernel/signal.c, whose ucontext gdb's aarch64-linux-tdep.c and riscv-linux-tdep.c find 128 bytes,
     * a siginfo's size, above that $sp).
     */
    private static final Map<Integer, Integer> SIGINFO_OFFSET_64 = Map.of(62, 304, 183, 0, 243, 0);
    /**
     * The same for a 32-bit little-endian program: i386 (3): after the return address, the signal number and the
     * pointers to the siginfo and the ucontext (struct rt_sigframe_ia32, arch/x86/include/asm/sigframe.h: info at 16
     * from the frame, whose return address the handler's return pops); ARM (40): first in the frame (struct
     * rt_sigframe of arch/arm/kernel/signal.c).
     */
    private static final Map<Integer, Integer> SIGINFO_OFFSET_32 = Map.of(3, 12, 40, 0);
    private static final int ELF_CLASS_32 = 1;
    private static final int ELF_CLASS_64 = 2;

    /** The siginfo's place for the program of this executable, or null when its architecture's frame is not known. */
    static Layout layout(Path executable) {
        byte[] header;
        try (InputStream in = Files.newInputStream(executable)) {
            header = in.readNBytes(20);
        } catch (IOException | SecurityException e) {
            return null;
        }
        boolean elf = header.length == 20 && header[0] == 0x7f && header[1] == 'E' && header[2] == 'L' && header[3] == 'F';
        if (!elf || header[5] != 1) {
            return null; // not a little-endian ELF
        }
        int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8;
        Integer offset = header[4] == ELF_CLASS_64 ? SIGINFO_OFFSET_64.get(machine)
                : header[4] == ELF_CLASS_32 ? SIGINFO_OFFSET_32.get(machine) : null;
        return offset == null ? null : new Layout(offset, header[4] == ELF_CLASS_64 ? 16 : 12);
    }

    /** gdb's command that prints that siginfo in the form of its print of $_siginfo, which the listing's reader takes. */
    static String printCommand(Layout at) {
        int o = at.siginfo();
        int f = o + at.fields();
        return String.format(java.util.Locale.ROOT, "printf \"$1 = {si_signo = %%d, si_errno = %%d, si_code = %%d, _sifields = "
                + "{_kill = {si_pid = %%d, si_uid = %%u}, _sigfault = {si_addr = 0x%%lx}}}\\n\", *(int *)($sp + %d), "
                + "*(int *)($sp + %d), *(int *)($sp + %d), *(int *)($sp + %d), *(unsigned int *)($sp + %d), "
                + "*(unsigned long *)($sp + %d)", o, o + 4, o + 8, f, f + 4, f);
    }
}
