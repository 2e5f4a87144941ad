#!/bin/sh
# How the capture beside this script was made (Debian 12: gcc 12, gdb 13.1, glibc 2.36): the work queue of the
# worked example pack (docs/example-pack/workq), idle. Run as root from the repository root:
#   sh src/test/resources/captures/example-pack/make-captures.sh
set -eu
out=src/test/resources/captures/example-pack
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
gcc -g -O0 -pthread -o "$bin/workq" src/test/c/workq.c
# workq reads commands from a pipe of its own that nothing writes to: the workers wait for jobs, main for a command.
"$bin/workq" </dev/null >"$bin/out" 2>&1 &
pid=$!
sleep 1
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/workq-idle.txt" 2>&1
kill "$pid"
