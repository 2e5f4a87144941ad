#!/bin/sh
# How the CPython captures beside this script were made (Debian 12: gdb 13.1, glibc 2.36, python3.11 3.11.2), from
# src/test/python/lock_wait.py. Run as root from the repository root:
#   apt-get install -y python3.11-dbg && sh src/test/resources/captures/python/make-captures.sh
# The first listing is what a user without debug symbols gets: gdb is told not to look for separate debug files
# (-iex, before it attaches), so only the exported names of python3.11 and libc remain. The second uses the symbols
# of python3.11-dbg and libc6-dbg, which name every frame with its source file.
set -eu
out=src/test/resources/captures/python
/usr/bin/python3.11 src/test/python/lock_wait.py </dev/null >/dev/null 2>&1 &
pid=$!
sleep 1.5
gdb -p "$pid" -batch -nx -iex "set debug-file-directory /nonexistent" -ex "thread apply all bt" > "$out/lock-wait-python311.txt" 2>&1
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/lock-wait-python311-dbg.txt" 2>&1
kill -9 "$pid"
