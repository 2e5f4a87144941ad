#!/bin/sh
# How the eu-stack captures beside this script were made (Debian 12: elfutils 0.188, gcc 12), from the
# programs in src/test/c. Run as root from the repository root:  sh src/test/resources/captures/eu-stack/make-captures.sh
set -eu
out=src/test/resources/captures/eu-stack
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
gcc -g -O0 -pthread -o "$bin/deadlock-abba" src/test/c/deadlock-abba.c
gcc -g -O0 -pthread -o "$bin/holder-blocked-in-read" src/test/c/holder-blocked-in-read.c
"$bin/deadlock-abba" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 1
eu-stack -p "$pid" > "$out/deadlock-abba-eu-stack.txt" 2>&1 || true
kill -9 "$pid"
"$bin/holder-blocked-in-read" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 1
eu-stack -p "$pid" -s -m > "$out/holder-blocked-in-read-eu-stack-s-m.txt" 2>&1 || true
kill -9 "$pid"
# -i: inlined functions as frames of their own (glibc's futex_wait and lll_mutex_lock_optimized are inlined)
"$bin/deadlock-abba" </dev/null >/dev/null 2>&1 &
pid=$!; sleep 1
eu-stack -p "$pid" -i -s > "$out/deadlock-abba-eu-stack-i-s.txt" 2>&1 || true
kill -9 "$pid"
