#!/bin/sh
# How the faulthandler dumps beside this script were made: CPython 3.8.18, 3.9.18, 3.10.13, 3.11.7, 3.12.1 and 3.13.0
# (pyenv builds under /root/.pyenv/versions), from the programs in src/test/python/dumps. Run from the repository root:
#   sh src/test/resources/captures/faulthandler/make-captures.sh
# Thread ids (pthread_t) change with each run; the truth files name threads by their place in the dump. The programs'
# folder is written as /srv/app.
set -eu
out=src/test/resources/captures/faulthandler
src=src/test/python/dumps
py() { echo "/root/.pyenv/versions/$1/bin/python${1%.*}"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# SIGUSR1 (faulthandler.register): the program prints "ready", its threads reach their waits, then the dump
dump_on_signal() { # VERSION PROGRAM NAME
    "$(py "$1")" "$src/$2.py" >"$tmp/out" 2>"$out/$3.txt" &
    pid=$!
    for i in $(seq 50); do grep -q ready "$tmp/out" 2>/dev/null && break; sleep 0.1; done
    sleep 1
    kill -USR1 "$pid"
    sleep 0.5
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
}
for v in 3.8.18 3.11.7 3.13.0; do
    dump_on_signal "$v" lock_deadlock "lock-deadlock-py$(echo ${v%.*} | tr -d .)"
done
dump_on_signal 3.12.1 pool_idle pool-idle-py312
dump_on_signal 3.11.7 http_stuck http-stuck-py311
# the watchdog's dump, then its exit; a fatal signal; the interpreter's fatal error
"$(py 3.9.18)" "$src/server_timeout.py" 2>"$out/server-timeout-py39.txt" || true
"$(py 3.12.1)" "$src/asyncio_server.py" 2>"$out/asyncio-server-py312.txt" || true
"$(py 3.10.13)" "$src/ctypes_segfault.py" 2>"$out/ctypes-segfault-py310.txt" || true
"$(py 3.13.0)" "$src/fatal_error.py" 2>"$out/fatal-error-py313.txt" || true
for f in "$out"/*.txt; do sed -i -e "s|$PWD/$src/|/srv/app/|g" -e "s|\"$src/|\"/srv/app/|g" "$f"; done
