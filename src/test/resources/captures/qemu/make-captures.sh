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
# QMP: send commands on the monitor socket (python3, since Debian has no socat by default); an argument with
# a space is an HMP command line sent through human-monitor-command. The last one's reply is not awaited.
qmp() {
    python3 - "$out/qmp.sock" "$@" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rw')
def send(c):
    if c.startswith("{"):
        m = json.loads(c)
    else:
        m = {"execute": "human-monitor-command", "arguments": {"command-line": c}} if " " in c else {"execute": c}
    f.write(json.dumps(m) + "\n"); f.flush()
def reply():
    while "event" in json.loads(f.readline()):
        pass
f.readline(); send("qmp_capabilities"); reply()
for c in sys.argv[2:-1]:
    send(c); reply()
send(sys.argv[-1])
PY
}
# 3. KVM (/dev/kvm), running the firmware: vCPUs in KVM_RUN or halted.
pid=$(start -accel kvm -smp 2); sleep 4; cap "$pid" > "$out/qemu72-kvm-smp2-running.txt"; kill "$pid"; wait "$pid" || true
# 4. KVM, running, then paused with QMP "stop": every vCPU waits on its halt condition variable.
pid=$(start -accel kvm -smp 2); sleep 3; qmp stop; sleep 1; cap "$pid" > "$out/qemu72-kvm-smp2-paused.txt"; kill "$pid"; wait "$pid" || true
# 5. Round-robin TCG (one thread for all vCPUs), an IOThread object and a VNC server on loopback.
pid=$(start -accel tcg,thread=single -smp 2 -object iothread,id=iothread0 -vnc 127.0.0.1:57); sleep 4
cap "$pid" > "$out/qemu72-tcg-rr-iothread-vnc.txt"; kill "$pid"; wait "$pid" || true
# 6. No thread names (no debug-threads=on): roles must come from the call path and the clues of a stripped build.
rm -f "$out/qmp.sock"
qemu-system-x86_64 -display none -monitor none -serial none -m 128 -smp 2 -S -qmp "unix:$out/qmp.sock,server,nowait" \
    </dev/null >/dev/null 2>&1 &
pid=$!; sleep 3; cap "$pid" > "$out/qemu72-unnamed-threads-prelaunch.txt"; kill "$pid"; wait "$pid" || true
# 7. A disk read through the thread pool (aio=threads): the firmware reads the boot sector, workers appear and idle.
truncate -s 16M "$out/disk.img"
pid=$(start -accel kvm -smp 1 -drive "file=$out/disk.img,format=raw,if=virtio,aio=threads,cache=none"); sleep 3
cap "$pid" > "$out/qemu72-kvm-disk-thread-pool.txt"; kill "$pid"; wait "$pid" || true
rm -f "$out/disk.img" "$out/qmp.sock"
# 8. A monitor command that never ends: HMP qemu-io waits (wait_break) for a read to reach a blkdebug breakpoint it
#    never reaches, so the main loop polls forever in a nested aio_poll under the monitor command.
truncate -s 16M "$out/disk.img"
pid=$(start -smp 1 -S -drive "if=none,id=drive0,driver=blkdebug,image.driver=raw,image.file.driver=file,image.file.filename=$out/disk.img" \
    -device virtio-blk-pci,drive=drive0); sleep 2
qmp 'qemu-io drive0 "break read_aio A"' 'qemu-io drive0 "aio_read 0 512"' 'qemu-io drive0 "wait_break A"' &
sleep 2; cap "$pid" > "$out/qemu72-main-loop-nested-aio-poll-hmp-qemu-io.txt"; kill "$pid"; wait "$pid" || true
rm -f "$out/disk.img" "$out/qmp.sock"
# 9. The same monitor command on a running TCG guest: the main loop keeps the BQL in its nested aio_poll and the
#    vCPUs block on the BQL when they next need it (interrupts, port I/O) - a real QEMU hang.
truncate -s 16M "$out/disk.img"
pid=$(start -smp 2 -drive "if=none,id=drive0,driver=blkdebug,image.driver=raw,image.file.driver=file,image.file.filename=$out/disk.img" \
    -device virtio-blk-pci,drive=drive0); sleep 3
qmp 'qemu-io drive0 "break read_aio A"' 'qemu-io drive0 "aio_read 0 512"' 'qemu-io drive0 "wait_break A"' &
sleep 3; { cap "$pid"; sleep 1; cap "$pid"; } > "$out/qemu72-bql-hang-monitor-command-2samples.txt"; kill "$pid"; wait "$pid" || true
rm -f "$out/disk.img" "$out/qmp.sock"
# 10. A drain that never ends: qcow2 over blkdebug, a write suspended at a blkdebug breakpoint (wait_break confirms it
#     is suspended), then QMP "stop": vm_stop drains every block device (bdrv_drain_all) and the main loop polls in
#     aio_poll under it for ever. Two listings 1 s apart. (The replies of the qemu-io commands are awaited: the
#     breakpoint must hold the write before "stop" arrives.)
qemu-img create -f qcow2 "$out/disk.qcow2" 16M >/dev/null
pid=$(start -smp 2 -drive "if=none,id=drive0,driver=qcow2,file.driver=blkdebug,file.image.filename=$out/disk.qcow2" \
    -device virtio-blk-pci,drive=drive0); sleep 3
qmp 'qemu-io drive0 "break write_aio A"' 'qemu-io drive0 "aio_write 0 512"' 'qemu-io drive0 "wait_break A"' stop &
sleep 3; { cap "$pid"; sleep 1; cap "$pid"; } > "$out/qemu72-main-loop-drain-vm-stop-2samples.txt"; kill -9 "$pid"
rm -f "$out/disk.qcow2" "$out/qmp.sock"
# 11. A live migration to a pipe nobody reads (exec:sleep 1000): the migration thread blocks in writev once the pipe
#     is full; query-migrate showed the same transferred bytes before and after the two listings taken 1 s apart.
pid=$(start -smp 2); sleep 3
qmp qmp_capabilities '{"execute": "migrate", "arguments": {"uri": "exec:sleep 1000"}}'; sleep 3
{ cap "$pid"; sleep 1; cap "$pid"; } > "$out/qemu72-migration-to-full-pipe-2samples.txt"
kill -9 "$pid"; pkill -f 'sleep 1000' || true; rm -f "$out/qmp.sock"
# 12. Round-robin TCG without thread names, never started (-S): the one TCG thread waits on the first CPU's halt
#     condition variable (rr_cpu_thread_fn, a ?? frame of accel-tcg-x86_64.so calling qemu_cond_wait_impl).
rm -f "$out/qmp.sock"
qemu-system-x86_64 -display none -monitor none -serial none -m 128 -accel tcg,thread=single -smp 2 -S \
    -qmp "unix:$out/qmp.sock,server,nowait" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 3; cap "$pid" > "$out/qemu72-tcg-rr-unnamed-prelaunch.txt"; kill "$pid"; wait "$pid" || true
# 13. -smp 4 under TCG, a virtio disk served by an IOThread and a VNC server, the firmware running: three listings 1 s apart.
truncate -s 16M "$out/disk.img"
pid=$(start -smp 4 -object iothread,id=iothread0 -drive "if=none,id=drive0,file=$out/disk.img,format=raw" \
    -device virtio-blk-pci,drive=drive0,iothread=iothread0 -vnc 127.0.0.1:57); sleep 3
{ cap "$pid"; sleep 1; cap "$pid"; sleep 1; cap "$pid"; } > "$out/qemu72-tcg-smp4-iothread-disk-vnc-3samples.txt"
kill "$pid"; wait "$pid" || true
rm -f "$out/disk.img" "$out/qmp.sock"
# 14. A live migration paced by max-bandwidth (1 MiB/s) to a reader that keeps up (exec:cat > /dev/null). Guest RAM is a
#     file of random bytes, so it cannot go as zero pages and the migration lasts minutes; two listings 1 s apart.
head -c 128M /dev/urandom > "$out/ram.img"
pid=$(start -smp 2 -object "memory-backend-file,id=mem,size=128M,mem-path=$out/ram.img,share=on" -machine memory-backend=mem); sleep 3
qmp '{"execute": "migrate-set-parameters", "arguments": {"max-bandwidth": 1048576}}' \
    '{"execute": "migrate", "arguments": {"uri": "exec:cat > /dev/null"}}' query-migrate; sleep 2
{ cap "$pid"; sleep 1; cap "$pid"; } > "$out/qemu72-migration-throttled-2samples.txt"
kill -9 "$pid"; pkill -f 'cat > /dev/null' || true; rm -f "$out/qmp.sock" "$out/ram.img"
# 15. 0.5 s after QMP system_reset of a running TCG guest.
pid=$(start -smp 2); sleep 3
qmp system_reset; sleep 0.5; cap "$pid" > "$out/qemu72-after-system-reset.txt"; kill "$pid"; wait "$pid" || true
rm -f "$out/qmp.sock"
# 16. One process seen by gdb, eu-stack and LLDB one after the other: KVM, a disk read through the thread pool (so a
#     worker exists), thread names on. eu-stack's and LLDB's go to the captures of their formats.
truncate -s 16M "$out/disk.img"
pid=$(start -accel kvm -smp 2 -drive "file=$out/disk.img,format=raw,if=virtio,aio=threads,cache=none"); sleep 3
cap "$pid" > "$out/qemu72-kvm-disk-gdb.txt"
eu-stack -p "$pid" > "$out/../eu-stack/qemu72-kvm-disk-eu-stack.txt" 2>&1
lldb -p "$pid" --batch -o "thread backtrace all" > "$out/../lldb/qemu72-kvm-disk-lldb.txt" 2>&1
kill "$pid"; wait "$pid" || true
rm -f "$out/disk.img" "$out/qmp.sock"
# 17. No thread names, listings every 50 ms from start until one shows the RCU thread (thread 2) in g_usleep, where
#     call_rcu_thread naps while callbacks pile up; up to 5 starts.
for try in 1 2 3 4 5; do
    rm -f "$out/qmp.sock"
    qemu-system-x86_64 -display none -monitor none -serial none -m 128 -smp 2 -qmp "unix:$out/qmp.sock,server,nowait" \
        </dev/null >/dev/null 2>&1 &
    pid=$!; found=
    for i in 1 2 3 4 5 6 7 8; do
        cap "$pid" > "$out/listing.txt"
        if grep -q g_usleep "$out/listing.txt"; then mv "$out/listing.txt" "$out/qemu72-unnamed-rcu-g_usleep.txt"; found=1; break; fi
        sleep 0.05
    done
    kill "$pid"; wait "$pid" || true
    [ -n "$found" ] && break
done
rm -f "$out/listing.txt" "$out/qmp.sock"
# 18. A TCG vCPU in a device access: -smp 1 -vga std, listings every 20 ms during the firmware's boot; keep the first
#     that shows a port read (address_space_ld*) and the first that shows an MMIO write (memory_region_dispatch_write)
#     under code_gen_buffer; up to 6 boots.
for try in 1 2 3 4 5 6; do
    pid=$(start -smp 1 -vga std)
    for i in $(seq 1 25); do
        cap "$pid" > "$out/listing.txt"
        if [ ! -e "$out/qemu72-tcg-boot-port-io.txt" ] && grep -q "address_space_ld" "$out/listing.txt"; then
            cp "$out/listing.txt" "$out/qemu72-tcg-boot-port-io.txt"
        elif [ ! -e "$out/qemu72-tcg-boot-mmio-write.txt" ] && grep -q "memory_region_dispatch_write" "$out/listing.txt"; then
            cp "$out/listing.txt" "$out/qemu72-tcg-boot-mmio-write.txt"
        fi
        sleep 0.02
    done
    kill "$pid"; wait "$pid" || true
    [ -e "$out/qemu72-tcg-boot-port-io.txt" ] && [ -e "$out/qemu72-tcg-boot-mmio-write.txt" ] && break
done
rm -f "$out/listing.txt" "$out/qmp.sock"
# 12. QEMU's tools as themselves (session 11): a compressed qemu-img convert in progress, read by btexplain attach
#     (three samples, 500 ms apart, the raw listings kept with --save); an idle qemu-nbd export; an idle NBD export of
#     qemu-storage-daemon. None has vCPUs, and none takes a BQL (their BQL calls are stubs).
(head -c 300M /dev/urandom; yes "some text line for compression" | head -c 500M) > "$out/src.raw"
qemu-img convert -p -c -O qcow2 "$out/src.raw" "$out/dst.qcow2" >/dev/null 2>&1 &
pid=$!; sleep 3; "$(dirname "$0")/../../../../../btexplain" attach --samples 3 --save "$out/save" "$pid" >/dev/null
cat "$out/save/sample-1.txt" "$out/save/sample-2.txt" "$out/save/sample-3.txt" > "$out/qemu72-img-convert-compressed-3samples.txt"
kill "$pid"; wait "$pid" || true; rm -rf "$out/src.raw" "$out/dst.qcow2" "$out/save"
qemu-img create -f qcow2 "$out/exp.qcow2" 64M >/dev/null
qemu-nbd -f qcow2 -p 10809 -b 127.0.0.1 -t "$out/exp.qcow2" & pid=$!; sleep 1
cap "$pid" > "$out/qemu72-nbd-export-idle.txt"; kill "$pid"; wait "$pid" || true
truncate -s 64M "$out/exp2.raw"
qemu-storage-daemon --blockdev "driver=file,node-name=file0,filename=$out/exp2.raw" \
    --nbd-server addr.type=inet,addr.host=127.0.0.1,addr.port=10810 --export type=nbd,id=exp0,node-name=file0,writable=on & pid=$!
sleep 1; cap "$pid" > "$out/qemu72-storage-daemon-nbd-export-idle.txt"; kill "$pid"; wait "$pid" || true
rm -f "$out/exp.qcow2" "$out/exp2.raw"
# 13. A drive-mirror in flight in a QEMU without thread names: the thread-pool workers writing the target have no named
#     frame of QEMU's left (stripped), the idle ones are known by their wait; the return addresses show they run the
#     same worker loop.
head -c 3G /dev/urandom > "$out/big.raw"
rm -f "$out/qmp.sock"
qemu-system-x86_64 -S -display none -monitor none -serial none -m 128 -qmp "unix:$out/qmp.sock,server,nowait" \
    -drive "if=none,id=d0,file=$out/big.raw,format=raw,aio=threads" -device virtio-blk-pci,drive=d0 </dev/null >/dev/null 2>&1 &
pid=$!; sleep 2
qmp "{\"execute\":\"drive-mirror\",\"arguments\":{\"device\":\"d0\",\"target\":\"$out/dst.raw\",\"sync\":\"full\",\"format\":\"raw\",\"mode\":\"absolute-paths\"}}"
sleep 0.3; cap "$pid" > "$out/qemu72-drive-mirror-in-flight-unnamed.txt"; kill "$pid"; wait "$pid" || true
rm -f "$out/big.raw" "$out/dst.raw" "$out/qmp.sock"
# 14. An idle TCG VM (-smp 2, the firmware with no disk), three listings 1 s apart: a vCPU woken between two of them
#     waits again on its halt condition variable with the same stack, on the other group's futex word.
pid=$(start -smp 2); sleep 8
{ cap "$pid"; sleep 1; cap "$pid"; sleep 1; cap "$pid"; } > "$out/qemu72-tcg-smp2-idle-condvar-wake-3samples.txt"; kill "$pid"; wait "$pid" || true
# 15. A QMP command blocked on a stopped NBD server: qemu-nbd stopped with SIGSTOP, then blockdev-add of an nbd node
#     for it; the nbd-connect thread waits for the server's greeting, the main loop for it in a nested aio_poll.
qemu-img create -f qcow2 "$out/nbdexp.qcow2" 64M >/dev/null
qemu-nbd -f qcow2 -p 10811 -b 127.0.0.1 -t "$out/nbdexp.qcow2" & nbd=$!; sleep 1; kill -STOP "$nbd"
pid=$(start -S); sleep 2
qmp '{"execute":"blockdev-add","arguments":{"driver":"nbd","node-name":"n0","server":{"type":"inet","host":"127.0.0.1","port":"10811"},"export":""}}' &
sleep 2; "$(dirname "$0")/../../../../../btexplain" attach --samples 2 --save "$out/save" "$pid" >/dev/null
cat "$out/save/sample-1.txt" "$out/save/sample-2.txt" > "$out/qemu72-qmp-blockdev-add-stopped-nbd-server-2samples.txt"
kill "$pid"; wait "$pid" || true; kill -CONT "$nbd"; kill "$nbd"; wait "$nbd" || true; rm -rf "$out/save" "$out/nbdexp.qcow2"
# 16. A VM paused by a gdb client connected to its gdbstub (it stops the VM on connection): two samples by attach.
pid=$(start -smp 2 -gdb tcp:127.0.0.1:1234); sleep 4
gdb -batch -nx -ex "target remote 127.0.0.1:1234" -ex "shell sleep 25" >/dev/null 2>&1 & client=$!; sleep 3
"$(dirname "$0")/../../../../../btexplain" attach --samples 2 --save "$out/save" "$pid" >/dev/null
cat "$out/save/sample-1.txt" "$out/save/sample-2.txt" > "$out/qemu72-tcg-smp2-paused-by-gdbstub-client-2samples.txt"
kill "$client"; kill "$pid"; wait "$pid" || true; rm -rf "$out/save"
# 17. A block-stream in flight: a qcow2 overlay over a 3 GB base of random data, streamed by QMP block-stream; two
#     samples by attach 300 ms apart while the job runs.
head -c 3G /dev/urandom > "$out/big.raw"; qemu-img convert -O qcow2 "$out/big.raw" "$out/base.qcow2"; rm -f "$out/big.raw"
qemu-img create -f qcow2 -b "$out/base.qcow2" -F qcow2 "$out/top.qcow2" >/dev/null
pid=$(start -S -drive "if=none,id=d0,file=$out/top.qcow2,format=qcow2,aio=threads" -device virtio-blk-pci,drive=d0); sleep 2
qmp '{"execute":"block-stream","arguments":{"job-id":"s0","device":"d0"}}'
sleep 0.3; "$(dirname "$0")/../../../../../btexplain" attach --samples 2 --interval 300ms --save "$out/save" "$pid" >/dev/null
cat "$out/save/sample-1.txt" "$out/save/sample-2.txt" > "$out/qemu72-block-stream-in-flight-2samples.txt"
kill "$pid"; wait "$pid" || true; rm -rf "$out/save" "$out/base.qcow2" "$out/top.qcow2" "$out/qmp.sock"
