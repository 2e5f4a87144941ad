#!/bin/sh
# How the py-spy dumps beside this script were made. py-spy cannot be installed here (no PyPI, no crates.io), so each
# dump is written in py-spy dump's layout by src/test/python/pyspy/layout.py inside the running program, from the
# facts py-spy reads: the threads' OS ids, names and Python frames, and the kernel's state of each thread read from
# /proc by this script first (py-spy, too, reads the states before the frames). CPython 3.9.18, 3.11.7, 3.12.1 and
# 3.13.0 (pyenv builds under /root/.pyenv/versions), programs from src/test/python/dumps, written as /srv/app. The
# captures named *-gdb have gdb's listing of the same process (gdb 13.1) after the dump, as a user pastes both.
# Run as root from the repository root:
#   sh src/test/resources/captures/py-spy/make-captures.sh
set -eu
out=src/test/resources/captures/py-spy
src=src/test/python/dumps
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

capture() { # NAME VERSION PROGRAM [gdb]
    rm -f "$tmp"/states "$tmp"/dump "$tmp"/out
    "/root/.pyenv/versions/$2/bin/python${2%.*}" src/test/python/pyspy/layout.py "$tmp" "$src/$3.py" >"$tmp/out" 2>/dev/null &
    pid=$!
    for i in $(seq 50); do grep -q ready "$tmp/out" 2>/dev/null && break; sleep 0.1; done
    sleep 1
    for t in /proc/$pid/task/*; do echo "${t##*/} $(sed 's/.*) //' "$t/stat" | cut -d' ' -f1)"; done >"$tmp/states.part"
    mv "$tmp/states.part" "$tmp/states"
    for i in $(seq 50); do [ -f "$tmp/dump" ] && break; sleep 0.1; done
    sed -e "s|$PWD/$src/|/srv/app/|g" -e "s| $src/| /srv/app/|g" -e "s| src/test/python/pyspy/layout.py $tmp | |" "$tmp/dump" >"$out/$1.txt"
    if [ "${4:-}" = gdb ]; then
        echo >>"$out/$1.txt"
        gdb -p "$pid" -batch -nx -ex "thread apply all bt" 2>&1 \
            | grep -v "^warning: \|^\[New LWP\|^\[Thread debugging\|^Using host libthread_db" >>"$out/$1.txt"
    fi
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
}
capture lock-deadlock-py311 3.11.7 lock_deadlock
capture pool-idle-py312 3.12.1 pool_idle
capture busy-loop-py313 3.13.0 busy_loop
capture http-stuck-py39 3.9.18 http_stuck
capture lock-deadlock-py311-gdb 3.11.7 lock_deadlock gdb
capture busy-loop-py312-gdb 3.12.1 busy_loop gdb
