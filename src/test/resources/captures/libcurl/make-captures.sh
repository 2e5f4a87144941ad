#!/bin/sh
# How the capture beside this script was made (Debian 12: gcc 12, gdb 13.1, libcurl 7.88.1 from libcurl4-openssl-dev),
# from src/test/c/lib-curl-stuck.c, attached as users attach: gdb -batch -ex "thread apply all bt". Run as root from the
# repository root (apt-get install -y libcurl4-openssl-dev first):
#   sh src/test/resources/captures/libcurl/make-captures.sh
set -eu
out=src/test/resources/captures/libcurl
bin=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$bin"' EXIT
gcc -g -O0 -pthread -o "$bin/curl-stuck" src/test/c/lib-curl-stuck.c -lcurl
"$bin/curl-stuck" > "$bin/out" 2>&1 &
pid=$!
for i in $(seq 50); do grep -q ready "$bin/out" 2>/dev/null && break; sleep 0.1; done
sleep 1
gdb -p "$pid" -batch -ex "thread apply all bt" 2>&1 | sed "s|$bin|/tmp/build|g" > "$out/curl-stuck.txt"
