#!/bin/sh
# How the kernel reports beside this script were made: Debian 12's kernel (linux-image-amd64, 6.1) booted in
# QEMU/KVM with a busybox initramfs whose /init (below) freezes an ext2 filesystem on a loop device, leaves a
# writer blocked on it (uninterruptible), lets the hung-task detector report it, dumps the blocked tasks with
# sysrq-w, and crashes the kernel with sysrq-c. The serial console is the capture.
# Needs: apt-get install qemu-system-x86 linux-image-amd64 busybox-static e2fsprogs cpio. Run as root from the
# repository root:  sh src/test/resources/captures/kernel/make-captures.sh
set -eu
out=src/test/resources/captures/kernel
kver=$(ls /lib/modules | grep -- '-amd64$' | sort -V | tail -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/mod" "$work/root/dev" "$work/root/proc" "$work/root/sys" "$work/root/mnt"
cp /bin/busybox "$work/root/bin/busybox"
for m in crypto/crc32c_generic fs/mbcache fs/jbd2/jbd2 lib/crc16 fs/ext4/ext4 drivers/block/loop; do
    cp "/lib/modules/$kver/kernel/$m.ko" "$work/root/mod/"
done
dd if=/dev/zero of="$work/root/fs.img" bs=1M count=8 2>/dev/null
mkfs.ext2 -q "$work/root/fs.img"
cat > "$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in crc32c_generic mbcache jbd2 crc16 ext4 loop; do insmod /mod/$m.ko; done
losetup /dev/loop0 /fs.img && mount -t ext4 /dev/loop0 /mnt
echo 2 > /proc/sys/kernel/hung_task_timeout_secs
fsfreeze --freeze /mnt
(echo data > /mnt/file) &
sleep 8
echo w > /proc/sysrq-trigger
sleep 1
echo c > /proc/sysrq-trigger
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc 2>/dev/null | gzip) > "$work/initrd.gz"
# TCG: this machine's nested KVM stalled the kernel's boot
timeout 300 qemu-system-x86_64 -accel tcg -cpu max -m 512 -smp 2 -nographic -no-reboot \
    -kernel "/boot/vmlinuz-$kver" -initrd "$work/initrd.gz" \
    -append "console=ttyS0 loglevel=7 panic=1" > "$work/console.txt" 2>&1 || true
# from the start of /init, without the firmware's and boot's lines: what dmesg of a running system shows of it
sed -n '/Run \/init as init process/,$p' "$work/console.txt" | tr -d '\r' > "$out/hung-task-sysrq-w-panic-6.1.txt"
