#!/bin/sh
# How the captures beside this script were made: Debian 12's own servers, stripped as Debian ships them (no debug
# symbols installed), none of which a knowledge pack describes: memcached 1.6.18, squid 5.7, bind9 (named) 9.18,
# dbus-daemon 1.14, rsyslog 8.2302, samba (smbd) 4.17, pipewire 0.3.65. Each runs on loopback with a configuration
# written here, and is captured as users capture: gdb -p PID -batch -ex "thread apply all bt" (twice, 2 s apart,
# where a second sample is what tells), eu-stack once, and a core dumped by a signal. Run as root from the
# repository root:  sh src/test/resources/captures/servers/make-captures.sh
set -eu
out=$(pwd)/src/test/resources/captures/servers
work=$(mktemp -d)
chmod 755 "$work"
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
attach() { gdb -p "$2" -batch -nx -ex "thread apply all bt" > "$out/$1.txt" 2>&1; }
twice() { { gdb -p "$2" -batch -nx -ex "thread apply all bt"; sleep 2; gdb -p "$2" -batch -nx -ex "thread apply all bt"; } > "$out/$1.txt" 2>&1; }
start() { "$@" </dev/null >"$work/out" 2>&1 & echo $!; }

# memcached: idle; under load (8 connections of sets and gets, two samples); a 200-worker server's core, dumped by
# SIGSEGV sent with kill (as a crash looks to a user who finds the core), read with gdb
pid=$(start memcached -u root -l 127.0.0.1 -p 11411 -t 4); sleep 1
attach memcached-idle "$pid"
eu-stack -p "$pid" > "$out/memcached-idle-eu-stack.txt" 2>&1 || true
python3 - 11411 6 <<'PY' &
import socket, sys, threading, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
def run(n):
    s = socket.create_connection(("127.0.0.1", port)); end = time.time() + seconds; i = 0
    while time.time() < end:
        i += 1
        s.sendall(b"set k%d 0 0 5\r\nhello\r\nget k%d\r\n" % (i % 100, i % 100))
        data = b""
        while not data.endswith(b"END\r\n"):
            data += s.recv(4096)
for n in range(8): threading.Thread(target=run, args=(n,), daemon=True).start()
time.sleep(seconds)
PY
sleep 1; twice memcached-load-2samples "$pid"; sleep 4; kill -9 "$pid"
old_pattern=$(cat /proc/sys/kernel/core_pattern)
echo "$work/core.%p" > /proc/sys/kernel/core_pattern
sh -c "ulimit -c unlimited; exec memcached -u root -l 127.0.0.1 -p 11412 -t 200" </dev/null >/dev/null 2>&1 & pid=$!
sleep 2; kill -SEGV "$pid"; sleep 2
echo "$old_pattern" > /proc/sys/kernel/core_pattern
gdb -batch -nx -ex "thread apply all bt" /usr/bin/memcached "$work/core.$pid" > "$out/memcached-200-workers-core.txt" 2>&1 || true
# the same core, as btexplain core reads it and as a user who prints the signal's details after the listing
gdb -batch -nx -ex "thread apply all bt" -ex 'p $_siginfo' /usr/bin/memcached "$work/core.$pid" > "$out/memcached-200-workers-core-siginfo.txt" 2>&1 || true

# squid: idle (under load, its one thread is between events in epoll_wait in most samples: only the kernel's CPU
# reading, which btexplain attach takes, tells it from idle)
mkdir -p "$work/squid"; chmod 777 "$work/squid"
cat > "$work/squid/squid.conf" <<CONF
http_port 127.0.0.1:3139
http_access allow localhost
http_access deny all
cache deny all
access_log none
cache_log $work/squid/cache.log
pid_filename $work/squid/squid.pid
coredump_dir $work/squid
dns_nameservers 127.0.0.1
CONF
pid=$(start squid -N -f "$work/squid/squid.conf"); sleep 3
attach squid-idle "$pid"; kill -9 "$pid"

# named (bind9): idle, forwarding to a server that does not exist
mkdir -p "$work/bind"; chmod 777 "$work/bind"
cat > "$work/bind/named.conf" <<CONF
options { directory "$work/bind"; listen-on port 5354 { 127.0.0.1; }; listen-on-v6 { none; }; pid-file "$work/bind/named.pid";
  recursion yes; allow-query { 127.0.0.1; }; forwarders { 127.0.0.1 port 5355; }; forward only; dnssec-validation no; };
controls { };
CONF
pid=$(start named -g -c "$work/bind/named.conf" -u bind -n 2); sleep 3
attach named-idle "$pid"; kill -9 "$pid"

# dbus-daemon: a session bus on a socket of its own, idle
pid=$(start dbus-daemon --session --nofork --address="unix:path=$work/bus"); sleep 1
attach dbus-daemon-idle "$pid"; kill -9 "$pid"

# rsyslog: idle (a TCP input); then forwarding every message over TCP to a receiver that is stopped (SIGSTOP) while
# a client floods it: the action queue's worker blocks in send (two samples)
mkdir -p "$work/rsyslog"
cat > "$work/rsyslog/idle.conf" <<CONF
global(workDirectory="$work/rsyslog")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="5514")
*.* action(type="omfile" file="$work/rsyslog/messages")
CONF
pid=$(start rsyslogd -n -f "$work/rsyslog/idle.conf" -i "$work/rsyslog/idle.pid"); sleep 2
attach rsyslogd-idle "$pid"; kill -9 "$pid"
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096); s.bind(('127.0.0.1', 5516)); s.listen(1)
c, _ = s.accept(); time.sleep(600)" & receiver=$!
cat > "$work/rsyslog/stuck.conf" <<CONF
global(workDirectory="$work/rsyslog")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="5515")
*.* action(type="omfwd" target="127.0.0.1" port="5516" protocol="tcp")
CONF
sleep 1; pid=$(start rsyslogd -n -f "$work/rsyslog/stuck.conf" -i "$work/rsyslog/stuck.pid"); sleep 2
python3 -c "
import socket
s = socket.create_connection(('127.0.0.1', 5515))
for i in range(200000): s.sendall(b'<13>Dec  5 00:00:00 host test: message %d padding padding padding padding padding\n' % i)" &
sleep 4; twice rsyslogd-stuck-forwarding-2samples "$pid"; kill -9 "$pid" "$receiver"

# smbd and pipewire, idle
mkdir -p "$work/samba/private" "$work/samba/lock" "$work/samba/state" "$work/samba/cache" "$work/samba/pid" "$work/samba/share"
cat > "$work/samba/smb.conf" <<CONF
[global]
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = 4446
  private dir = $work/samba/private
  lock directory = $work/samba/lock
  state directory = $work/samba/state
  cache directory = $work/samba/cache
  pid directory = $work/samba/pid
  ncalrpc dir = $work/samba/ncalrpc
  log file = $work/samba/log.%m
  load printers = no
  disable spoolss = yes
  server role = standalone server
[share]
  path = $work/samba/share
  read only = no
CONF
pid=$(start smbd -F --no-process-group -s "$work/samba/smb.conf" --debug-stdout -d 0); sleep 3
attach smbd-idle "$pid"; kill -9 "$pid"; pkill -9 -f "$work/samba/smb.conf" || true
mkdir -p "$work/pw"; chmod 700 "$work/pw"
XDG_RUNTIME_DIR="$work/pw" pipewire </dev/null >/dev/null 2>&1 & pid=$!
sleep 2; attach pipewire-idle "$pid"; kill -9 "$pid"
sed -i "s|$work|/tmp/work|g" "$out"/*.txt
