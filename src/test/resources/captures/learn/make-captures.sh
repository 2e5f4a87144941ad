#!/bin/sh
# How the captures beside this script were made (Debian 12: gcc 12, gdb 13.1, glibc 2.36): the job server of the
# worked example of "btexplain learn" (src/test/c/learn-demo.c), healthy and idle (twice, a minute apart, the captures a
# pack is learned from), then with a worker stuck writing its result to a pipe nobody reads, and with a worker
# computing for ever. Run as root from the repository root:  sh src/test/resources/captures/learn/make-captures.sh
set -eu
out=src/test/resources/captures/learn
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
gcc -g -O0 -pthread -o "$bin/learn-demo" src/test/c/learn-demo.c
for mode in idle stuck busy; do
    "$bin/learn-demo" "$mode" </dev/null >/dev/null 2>&1 &
    pid=$!
    sleep 1
    gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/learn-demo-$mode.txt" 2>&1
    if [ "$mode" = idle ]; then
        sleep 2
        gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/learn-demo-idle-later.txt" 2>&1
    fi
    kill -9 "$pid"
done
