#!/bin/sh
# How the captures beside this script were made (Debian 12: gcc 12, gdb 13.1, elfutils 0.188, lldb 14, GLib 2.74),
# from the plain programs src/test/c/plain-*.c, which no knowledge pack describes: each captured as users capture,
# with gdb ("thread apply all bt"), eu-stack and LLDB ("bt all"). Run as root from the repository root:
#   sh src/test/resources/captures/plain/make-captures.sh
set -eu
out=src/test/resources/captures/plain
bin=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$bin"' EXIT
for p in epoll-logger cond-pool pipe-reader sleeper spinner proxy; do
    gcc -g -O0 -pthread -o "$bin/$p" "src/test/c/plain-$p.c"
done
gcc -g -O0 -o "$bin/gmain" src/test/c/plain-gmain.c $(pkg-config --cflags --libs glib-2.0)
mkfifo "$bin/fifo"
sleep 600 > "$bin/fifo" & # a writer that never writes: the reader waits for input

capture() { # NAME PID: the three tools, one after the other, as a user runs them
    gdb -p "$2" -batch -nx -ex "thread apply all bt" > "$out/$1-gdb.txt" 2>&1
    eu-stack -p "$2" > "$out/$1-eu-stack.txt" 2>&1 || true
    lldb -p "$2" --batch -o "bt all" > "$out/$1-lldb.txt" 2>&1 || true
}
for p in epoll-logger cond-pool sleeper spinner gmain; do
    "$bin/$p" </dev/null >/dev/null 2>&1 &
    pid=$!; sleep 1
    capture "$p" "$pid"
    kill -9 "$pid"
done
"$bin/pipe-reader" <"$bin/fifo" >/dev/null 2>&1 &
pid=$!; sleep 1
capture pipe-reader "$pid"
kill -9 "$pid"
# the proxy stuck on its backend: gdb twice, 2 s apart (a user's second sample), then eu-stack and LLDB once
"$bin/proxy" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 1
{ gdb -p "$pid" -batch -nx -ex "thread apply all bt"; sleep 2; gdb -p "$pid" -batch -nx -ex "thread apply all bt"; } \
    > "$out/proxy-2samples-gdb.txt" 2>&1
eu-stack -p "$pid" > "$out/proxy-eu-stack.txt" 2>&1 || true
lldb -p "$pid" --batch -o "bt all" > "$out/proxy-lldb.txt" 2>&1 || true
pkill -9 -P "$pid" 2>/dev/null || true
kill -9 "$pid"
# threads blocked in file locks a child holds, System V and POSIX queues, a semaphore, a barrier: gdb and eu-stack
gcc -g -O0 -pthread -o "$bin/blocking-calls" src/test/c/plain-blocking-calls.c -lrt
"$bin/blocking-calls" "$bin" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 2
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/blocking-calls-gdb.txt" 2>&1
eu-stack -p "$pid" > "$out/blocking-calls-eu-stack.txt" 2>&1 || true
pkill -9 -P "$pid" 2>/dev/null || true
kill -9 "$pid"
# a host name lookup whose name server never answers: gdb
gcc -g -O0 -pthread -o "$bin/dns-lookup" src/test/c/plain-dns-lookup.c
"$bin/dns-lookup" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 2
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/dns-lookup-gdb.txt" 2>&1
kill -9 "$pid"
# Debian's bash (stripped) running a command and waiting for it to end: gdb
bash -c 'sleep 600; true' </dev/null >/dev/null 2>&1 &
pid=$!; sleep 1
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/shell-waits-for-child-gdb.txt" 2>&1
pkill -9 -P "$pid" 2>/dev/null || true
kill -9 "$pid"
# the paths of the temporary build folder are not the reader's business
sed -i "s|$bin|/tmp/build|g" "$out"/*.txt
