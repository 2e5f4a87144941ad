#!/bin/sh
# How the QEMU captures beside this script were made (Debian 12: qemu-system-x86 1:7.2, gdb 13.1, glibc 2.36).
# Debian's QEMU is stripped: QEMU's own frames show only exported symbols or "?? ()". Run as root (ptrace).
#   sh make-captures.sh OUTDIR
set -eu
out=${1:-.}
cap() { gdb -p "$1" -batch -nx -ex "thread apply all bt" 2>/dev/null; }
start() {
    rm -f "$out/qmp.sock"
    qemu-system-x86_64 -display none -monitor none -serial none -m 128 -name vm,debug-threads=on \
        -qmp "unix:$out/qmp.sock,server,nowait" "$@" </dev/null >/dev/null 2>&1 &
    echo $!
}
# 1. started with -S: the VM was never started, vCPUs wait to be resumed, main loop polls.
pid=$(start -smp 2 -S); sleep 3; cap "$pid" > "$out/qemu72-smp2-prelaunch.txt"; kill "$pid"; wait "$pid" || true
# 2. running the firmware (no disk): one vCPU in TCG-generated code; two samples 1 s apart.
pid=$(start -smp 2); sleep 4
{ cap "$pid"; sleep 1; cap "$pid"; } > "$out/qemu72-smp2-running-2samples.txt"; kill "$pid"; wait "$pid" || true
