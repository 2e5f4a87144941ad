#!/bin/sh
# How the Node.js captures beside this script were made (Debian 12, Node.js 20.20.2 from nodesource, whose binary
# keeps its exported C++ names and libuv's debug line info; gdb 13.1), from the programs in src/test/node.
# Run as root from the repository root:  sh src/test/resources/captures/nodejs/make-captures.sh
set -eu
out=src/test/resources/captures/nodejs
node src/test/node/idle-server.js </dev/null >/dev/null 2>&1 &
pid=$!
sleep 1.5
gdb -p "$pid" -batch -nx -ex "thread apply all bt" > "$out/node20-idle-server.txt" 2>&1
kill "$pid"
node src/test/node/busy-loop.js </dev/null >/dev/null 2>&1 &
pid=$!
sleep 1.5
{ gdb -p "$pid" -batch -nx -ex "thread apply all bt"; sleep 1; gdb -p "$pid" -batch -nx -ex "thread apply all bt"; } \
    > "$out/node20-busy-loop-2samples.txt" 2>&1
kill "$pid"
