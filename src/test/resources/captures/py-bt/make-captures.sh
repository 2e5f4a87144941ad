#!/bin/sh
# How the captures beside this script were made: gdb 13.1 attached to programs of src/test/python/dumps on CPython
# 3.11.7, 3.12.1 and 3.13.0 (pyenv builds, which install CPython's gdb extension python3.X-gdb.py beside the binary;
# Debian's python3.X-dbg installs it where gdb loads it without being asked), with `thread apply all py-bt` (each
# thread's Python frames) and, for the captures named *-bt, `thread apply all bt` too, in the order the name says.
# The programs' folder is written as /srv/app. Run as root from the repository root:
#   sh src/test/resources/captures/py-bt/make-captures.sh
set -eu
out=src/test/resources/captures/py-bt
src=src/test/python/dumps
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

capture() { # NAME VERSION PROGRAM COMMAND...
    name=$1 version=$2 program=$3
    shift 3
    "/root/.pyenv/versions/$version/bin/python${version%.*}" "$src/$program.py" >"$tmp/out" 2>&1 &
    pid=$!
    for i in $(seq 50); do grep -q ready "$tmp/out" 2>/dev/null && break; sleep 0.1; done
    sleep 1
    set --  "$@"
    args=""
    for c in "$@"; do args="$args -ex '$c'"; done
    eval gdb -p "$pid" -batch -nx -iex "'add-auto-load-safe-path /root/.pyenv'" $args 2>&1 \
        | grep -v "^warning: \|^\[New LWP\|^\[Thread debugging\|^Using host libthread_db" \
        | sed -e "s|$PWD/$src/|/srv/app/|g" >"$out/$name.txt"
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
}
capture lock-deadlock-py311 3.11.7 lock_deadlock "thread apply all py-bt"
capture lock-deadlock-py311-bt 3.11.7 lock_deadlock "thread apply all py-bt" "thread apply all bt"
capture pool-idle-py312-bt 3.12.1 pool_idle "thread apply all bt" "thread apply all py-bt"
capture gil-busy-py313 3.13.0 gil_busy "thread apply all py-bt"
capture http-stuck-py311 3.11.7 http_stuck "thread apply all py-bt"
