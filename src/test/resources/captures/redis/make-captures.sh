#!/bin/sh
# How the Redis captures beside this script were made (Debian 12: redis-server 7.0.15 as shipped, without debug
# symbols; gdb 13.1). Run as root from the repository root:
#   apt-get install -y redis-server && sh src/test/resources/captures/redis/make-captures.sh
set -eu
out=src/test/resources/captures/redis
dir=$(mktemp -d)
trap 'redis-cli -p 6399 shutdown nosave >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
(cd "$dir" && redis-server --port 6399 --save "" --appendonly no >"$dir/log" 2>&1 &)
sleep 1
pid=$(redis-cli -p 6399 info server | sed -n "s/^process_id:\([0-9]*\).*/\1/p")
# No client: the event loop waits for requests, the bio threads for jobs. Also as eu-stack prints it (no thread
# names, no arguments).
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/redis7-idle.txt" 2>&1
eu-stack -p "$pid" > "$out/redis7-idle-eu-stack.txt" 2>&1
# A Lua script that never ends: the main thread runs it, and every other client waits. Two listings 1 s apart.
redis-cli -p 6399 eval "while true do end" 0 >/dev/null 2>&1 &
sleep 1
{ gdb -p "$pid" -batch -nx -ex "thread apply all bt"; sleep 1; gdb -p "$pid" -batch -nx -ex "thread apply all bt"; } \
    > "$out/redis7-lua-busy-2samples.txt" 2>&1
redis-cli -p 6399 script kill >/dev/null 2>&1 || true
