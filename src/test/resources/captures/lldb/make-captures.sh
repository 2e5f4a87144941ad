#!/bin/sh
# How the LLDB captures beside this script were made (Debian 12: lldb 14, gcc 12), from the programs in
# src/test/c. Run as root from the repository root:  sh src/test/resources/captures/lldb/make-captures.sh
set -eu
out=src/test/resources/captures/lldb
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
gcc -g -O0 -pthread -o "$bin/deadlock-abba" src/test/c/deadlock-abba.c
gcc -g -O0 -pthread -o "$bin/segv-in-worker" src/test/c/segv-in-worker.c
"$bin/deadlock-abba" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 1
lldb -p "$pid" --batch -o "bt all" > "$out/deadlock-abba-bt-all.txt" 2>&1 || true
kill -9 "$pid"
# a crash: run under lldb until the signal, then bt all
lldb --batch -o run -o "bt all" -- "$bin/segv-in-worker" > "$out/segv-in-worker-run-bt-all.txt" 2>&1 </dev/null || true
