#!/bin/sh
# How the /proc/PID/task/TID/stack captures beside this script were made (Debian 12 userland; the kernel of the
# machine, 6.18, prints addresses as [<0>]), from the programs in src/test/c. Run as root from the repository root:
#   sh src/test/resources/captures/proc-stack/make-captures.sh
set -eu
out=src/test/resources/captures/proc-stack
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
gcc -g -O0 -pthread -o "$bin/deadlock-abba" src/test/c/deadlock-abba.c
gcc -g -O0 -pthread -o "$bin/holder-blocked-in-read" src/test/c/holder-blocked-in-read.c
# the usual loop: each task's path and name, then its stack
"$bin/deadlock-abba" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 1
for t in /proc/$pid/task/*; do echo "$t $(cat $t/comm)"; cat $t/stack; done > "$out/deadlock-abba-task-loop.txt"
kill -9 "$pid"
# grep -H: the path before every frame
"$bin/holder-blocked-in-read" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 1
grep -H . /proc/$pid/task/*/stack > "$out/holder-blocked-in-read-grep-H.txt"
kill -9 "$pid"
# one task's stack alone: cat /proc/PID/stack
sleep 600 &
pid=$!; sleep 1
cat /proc/$pid/stack > "$out/sleep-single-stack.txt"
kill -9 "$pid"
