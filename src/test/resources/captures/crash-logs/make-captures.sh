#!/bin/sh
# How the crash log beside this script was made (Debian 12: gcc 12, glibc 2.36): a program whose SIGSEGV handler prints
# glibc's backtrace_symbols_fd, built with -rdynamic so that its own functions are named.
# Run from the repository root:  sh src/test/resources/captures/crash-logs/make-captures.sh
set -eu
out=src/test/resources/captures/crash-logs
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
gcc -g -O0 -rdynamic -o "$bin/backtrace-symbols-handler" src/test/c/backtrace-symbols-handler.c
(cd "$bin" && ./backtrace-symbols-handler 2>&1 || true) | sed "s|$bin|/tmp/build|g" > "$out/segv-backtrace-symbols.txt"
